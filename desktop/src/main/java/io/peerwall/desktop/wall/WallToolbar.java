package io.peerwall.desktop.wall;

import io.peerwall.desktop.ui.Texts;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;

/** The wall's toolbar: layout, views, tour, add camera, full screen and the shortcut list. */
final class WallToolbar extends ToolBar {
  private final WallViewModel model;
  private final Texts texts;
  private final Runnable onAddCamera;
  private final MenuButton views = new MenuButton();
  private final Button network;
  private final Button full;
  private Runnable onNetwork;
  private final Button audit;
  private Runnable onAudit;

  WallToolbar(WallViewModel model, Runnable onAddCamera) {
    this.model = model;
    this.texts = model.texts();
    this.onAddCamera = onAddCamera;
    getStyleClass().add("wall-toolbar");

    MenuButton layouts = new MenuButton();
    layouts.getStyleClass().add("layout-menu");
    for (int i = 0; i < Layout.ALL.size(); i++) {
      Layout layout = Layout.ALL.get(i);
      MenuItem item = new MenuItem(texts.get("toolbar.layoutItem", layout.id(), (i + 1) % 10));
      item.setOnAction(e -> model.selectLayout(layout));
      layouts.getItems().add(item);
    }
    layouts
        .textProperty()
        .bind(
            javafx.beans.binding.Bindings.createStringBinding(
                () -> texts.get("toolbar.layout", model.layoutProperty().get().id()),
                model.layoutProperty()));

    views.setText(texts.get("toolbar.views"));
    views.getStyleClass().add("views-menu");
    model.views().saved().addListener((ListChangeListener<SavedView>) c -> fillViews());
    fillViews();

    ToggleButton tour = new ToggleButton(texts.get("toolbar.tour"));
    tour.getStyleClass().add("tour-button");
    tour.selectedProperty().bind(model.views().touringProperty());
    tour.setOnAction(e -> model.views().toggleTour());

    Button add = new Button(texts.get("toolbar.addCamera"));
    add.getStyleClass().addAll("add-camera-button", "accent");
    add.setDisable(onAddCamera == null);
    add.setOnAction(e -> addCamera());

    network = new Button(texts.get("toolbar.network"));
    network.setDisable(true);
    network.setOnAction(
        e -> {
          if (onNetwork != null) {
            onNetwork.run();
          }
        });
    audit = new Button(texts.get("toolbar.audit"));
    audit.getStyleClass().add("audit-button");
    audit.setDisable(true);
    audit.setOnAction(
        e -> {
          if (onAudit != null) {
            onAudit.run();
          }
        });
    full = new Button(texts.get("toolbar.fullScreen"));
    full.setOnAction(e -> model.toggleFullScreen());
    Button keys = new Button(texts.get("toolbar.shortcuts"));
    keys.setOnAction(e -> showShortcuts());
    Pane spring = new Pane();
    HBox.setHgrow(spring, Priority.ALWAYS);
    getItems().addAll(layouts, views, tour, spring, add, network, audit, full, keys);
  }

  private void fillViews() {
    views.getItems().clear();
    MenuItem save = new MenuItem(texts.get("toolbar.saveView"));
    save.setOnAction(e -> askSaveView());
    views.getItems().add(save);
    if (!model.views().saved().isEmpty()) {
      views.getItems().add(new SeparatorMenuItem());
    }
    for (SavedView view : model.views().saved()) {
      MenuItem item = new MenuItem(view.name());
      item.setOnAction(e -> model.views().apply(view.name()));
      views.getItems().add(item);
    }
    if (!model.views().saved().isEmpty()) {
      views.getItems().add(new SeparatorMenuItem());
      MenuItem delete = new MenuItem(texts.get("toolbar.deleteView"));
      delete.setOnAction(
          e -> {
            String current = model.views().currentProperty().get();
            if (!current.isEmpty()) {
              model.views().delete(current);
            }
          });
      delete.disableProperty().bind(model.views().currentProperty().isEmpty());
      views.getItems().add(delete);
    }
    MenuItem interval = new MenuItem(texts.get("toolbar.tourInterval"));
    interval.setOnAction(e -> askTourInterval());
    views.getItems().addAll(new SeparatorMenuItem(), interval);
  }

  void askSaveView() {
    TextInputDialog dialog = new TextInputDialog(model.views().currentProperty().get());
    dialog.setTitle(texts.get("dialog.saveView.title"));
    dialog.setHeaderText(null);
    dialog.setContentText(texts.get("dialog.saveView.name"));
    owned(dialog);
    dialog.showAndWait().ifPresent(name -> model.views().save(name));
  }

  private void askTourInterval() {
    TextInputDialog dialog = new TextInputDialog(Integer.toString(model.views().tourSeconds()));
    dialog.setTitle(texts.get("dialog.tour.title"));
    dialog.setHeaderText(null);
    dialog.setContentText(texts.get("dialog.tour.seconds"));
    owned(dialog);
    dialog
        .showAndWait()
        .ifPresent(
            text -> {
              try {
                model.views().startTour(Integer.parseInt(text.strip()));
              } catch (NumberFormatException ignored) {
                // Not a number: leave the tour as it was.
              }
            });
  }

  /** Adds a tool (a menu or button a feature brings) to the right group, before "Full screen". */
  void addTool(javafx.scene.Node tool) {
    getItems().add(getItems().indexOf(full), tool);
  }

  /** Enables the network settings button. */
  void setOnNetwork(Runnable action) {
    this.onNetwork = action;
    network.setDisable(action == null);
  }

  /** Enables the password audit button. */
  void setOnAudit(Runnable action) {
    this.onAudit = action;
    audit.setDisable(action == null);
  }

  void addCamera() {
    if (onAddCamera != null) {
      onAddCamera.run();
    }
  }

  private void showShortcuts() {
    Alert alert =
        new Alert(Alert.AlertType.INFORMATION, texts.get("help.shortcuts"), ButtonType.OK);
    alert.setTitle(texts.get("toolbar.shortcuts"));
    alert.setHeaderText(null);
    owned(alert);
    alert.show();
  }

  private void owned(javafx.scene.control.Dialog<?> dialog) {
    if (getScene() != null && getScene().getWindow() != null) {
      dialog.initOwner(getScene().getWindow());
    }
  }
}
