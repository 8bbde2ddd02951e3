package io.peerwall.desktop.wall;

import io.peerwall.desktop.ui.Texts;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

/**
 * The list of the station's cameras beside the wall: each with its group, name and a state dot.
 * Drag a camera onto a tile to show it there; double-click puts it on the selected tile; the menu
 * renames, groups or removes it.
 */
final class CameraListView extends VBox {
  private final WallViewModel model;
  private final Texts texts;

  CameraListView(WallViewModel model) {
    this.model = model;
    this.texts = model.texts();
    getStyleClass().add("camera-list");
    Label heading = new Label(texts.get("cameras.heading"));
    heading.getStyleClass().add("camera-list-heading");
    ListView<TileViewModel> list = new ListView<>(model.cameras());
    list.getStyleClass().add("camera-list-view");
    list.setCellFactory(v -> new CameraCell());
    VBox.setVgrow(list, javafx.scene.layout.Priority.ALWAYS);
    getChildren().addAll(heading, list);
    setPrefWidth(190);
  }

  private final class CameraCell extends ListCell<TileViewModel> {
    private final Circle dot = new Circle(4);
    private final Label name = new Label();
    private final Label state = new Label();
    private final javafx.beans.value.ChangeListener<TileState> kindListener =
        (obs, was, now) -> showKind(now);
    private TileViewModel bound;

    CameraCell() {
      dot.getStyleClass().add("camera-dot");
      state.getStyleClass().add("camera-list-state");
      setOnDragDetected(
          e -> {
            if (getItem() == null) {
              return;
            }
            Dragboard board = startDragAndDrop(TransferMode.COPY);
            ClipboardContent content = new ClipboardContent();
            content.putString(SlotPane.CAMERA_PREFIX + getItem().cameraId());
            board.setContent(content);
            e.consume();
          });
      setOnMouseClicked(
          e -> {
            if (getItem() != null && e.getClickCount() == 2) {
              model.assign(getItem().cameraId(), model.selectedProperty().get());
            }
          });
    }

    @Override
    protected void updateItem(TileViewModel item, boolean empty) {
      super.updateItem(item, empty);
      if (bound != null) {
        bound.kindProperty().removeListener(kindListener);
        bound = null;
      }
      name.textProperty().unbind();
      state.textProperty().unbind();
      if (empty || item == null) {
        setGraphic(null);
        setContextMenu(null);
        return;
      }
      name.textProperty()
          .bind(
              javafx.beans.binding.Bindings.createStringBinding(
                  () ->
                      item.groupProperty().get().isEmpty()
                          ? item.titleProperty().get()
                          : item.groupProperty().get() + " · " + item.titleProperty().get(),
                  item.titleProperty(),
                  item.groupProperty()));
      state.textProperty().bind(item.statusProperty());
      bound = item;
      item.kindProperty().addListener(kindListener);
      showKind(item.kindProperty().get());
      HBox row = new HBox(6, dot, new VBox(0, name, state));
      row.setAlignment(Pos.CENTER_LEFT);
      setGraphic(row);
      setText(null);
      setContextMenu(menuFor(item));
    }

    private void showKind(TileState kind) {
      for (TileState s : TileState.values()) {
        dot.pseudoClassStateChanged(PseudoClass.getPseudoClass(s.pseudoClass()), s == kind);
      }
    }

    private ContextMenu menuFor(TileViewModel item) {
      MenuItem rename = new MenuItem(texts.get("cameras.rename"));
      rename.setOnAction(
          e ->
              ask(
                      texts.get("cameras.rename"),
                      texts.get("cameras.renamePrompt"),
                      item.titleProperty().get())
                  .ifPresent(n -> model.rename(item.cameraId(), n)));
      MenuItem group = new MenuItem(texts.get("cameras.group"));
      group.setOnAction(
          e ->
              ask(
                      texts.get("cameras.group"),
                      texts.get("cameras.groupPrompt"),
                      item.groupProperty().get())
                  .ifPresent(g -> model.setGroup(item.cameraId(), g)));
      MenuItem remove = new MenuItem(texts.get("cameras.remove"));
      remove.setOnAction(
          e -> {
            Alert confirm =
                new Alert(
                    Alert.AlertType.CONFIRMATION,
                    texts.get("cameras.removeConfirm", item.titleProperty().get()),
                    ButtonType.OK,
                    ButtonType.CANCEL);
            confirm.setHeaderText(null);
            confirm.initOwner(getScene().getWindow());
            confirm
                .showAndWait()
                .filter(b -> b == ButtonType.OK)
                .ifPresent(b -> model.removeCamera(item.cameraId()));
          });
      return new ContextMenu(rename, group, remove);
    }

    private java.util.Optional<String> ask(String title, String prompt, String value) {
      TextInputDialog dialog = new TextInputDialog(value);
      dialog.setTitle(title);
      dialog.setHeaderText(null);
      dialog.setContentText(prompt);
      dialog.initOwner(getScene().getWindow());
      return dialog.showAndWait();
    }
  }
}
