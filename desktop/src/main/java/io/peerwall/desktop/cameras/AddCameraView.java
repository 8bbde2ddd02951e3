package io.peerwall.desktop.cameras;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.p2p.discovery.DiscoveredCamera;
import io.peerwall.station.pairing.PairingResult;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The "add camera" dialog's view: cameras found on the LAN, camera ID and password fields with a
 * strength meter, pairing progress and the result in plain words. Thin; all logic is in {@link
 * AddCameraViewModel}.
 */
public final class AddCameraView extends VBox {
  private final AddCameraViewModel model;

  public AddCameraView(AddCameraViewModel model, Texts texts, Runnable onClose) {
    this.model = model;
    getStyleClass().add("add-camera");
    setSpacing(10);
    setPadding(new Insets(16));

    Label intro = new Label(texts.get("addCamera.intro"));
    intro.setWrapText(true);
    intro.setMinHeight(Region.USE_PREF_SIZE);
    intro.getStyleClass().add("add-camera-intro");

    Label foundLabel = new Label(texts.get("addCamera.discovered"));
    ListView<DiscoveredCamera> found = new ListView<>(model.discovered());
    found.getStyleClass().add("discovered-list");
    found.setPrefHeight(96);
    found.setPlaceholder(new Label(texts.get("addCamera.noneDiscovered")));
    found.setCellFactory(
        v ->
            new ListCell<>() {
              @Override
              protected void updateItem(DiscoveredCamera item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name() + "  —  " + item.cameraId());
              }
            });
    // Only a person's choice fills the ID in (the list refreshes after a pairing).
    found.setOnMouseClicked(e -> model.choose(found.getSelectionModel().getSelectedItem()));
    found.setOnKeyReleased(
        e -> {
          if (e.getCode() == javafx.scene.input.KeyCode.ENTER
              || e.getCode() == javafx.scene.input.KeyCode.SPACE) {
            model.choose(found.getSelectionModel().getSelectedItem());
          }
        });

    TextField id = new TextField();
    id.setId("camera-id");
    id.setPromptText(texts.get("addCamera.idPrompt"));
    id.textProperty().bindBidirectional(model.cameraIdProperty());
    PasswordField password = new PasswordField();
    password.setId("camera-password");
    password.textProperty().bindBidirectional(model.passwordProperty());

    ProgressBar meter = new ProgressBar();
    meter.getStyleClass().addAll("strength-meter", "large"); // AtlantaFX's thicker bar
    meter.progressProperty().bind(model.strengthProperty());
    meter.setMaxWidth(Double.MAX_VALUE);
    model
        .strengthResultProperty()
        .addListener(
            (obs, was, now) -> {
              for (int i = 0; i <= 4; i++) {
                meter.pseudoClassStateChanged(
                    PseudoClass.getPseudoClass("score" + i), now != null && now.score() == i);
              }
            });
    Label strengthText = new Label();
    strengthText.getStyleClass().add("strength-text");
    strengthText.textProperty().bind(model.strengthTextProperty());
    strengthText.setWrapText(true);

    GridPane form = new GridPane();
    form.setHgap(10);
    form.setVgap(8);
    form.addRow(0, new Label(texts.get("addCamera.id")), id);
    form.addRow(1, new Label(texts.get("addCamera.password")), password);
    form.add(meter, 1, 2);
    form.add(strengthText, 1, 3);
    GridPane.setHgrow(id, Priority.ALWAYS);
    javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
    labels.setMinWidth(Region.USE_PREF_SIZE);
    form.getColumnConstraints().addAll(labels, new javafx.scene.layout.ColumnConstraints());
    form.getColumnConstraints().get(1).setHgrow(Priority.ALWAYS);
    strengthText.setMaxWidth(Double.MAX_VALUE);

    ProgressIndicator spinner = new ProgressIndicator();
    spinner.setPrefSize(18, 18);
    spinner.visibleProperty().bind(model.busyProperty());
    spinner.managedProperty().bind(model.busyProperty());
    Label progress = new Label();
    progress.getStyleClass().add("pairing-progress");
    progress.textProperty().bind(model.progressProperty());
    Label result = new Label();
    result.setId("pairing-result");
    result.getStyleClass().add("pairing-result");
    result.setWrapText(true);
    result.textProperty().bind(model.resultProperty());
    model
        .outcomeProperty()
        .addListener(
            (obs, was, now) -> {
              boolean ok = now == PairingResult.Outcome.PAIRED;
              result.pseudoClassStateChanged(PseudoClass.getPseudoClass("ok"), ok);
              result.pseudoClassStateChanged(
                  PseudoClass.getPseudoClass("failed"), now != null && !ok);
            });
    // Every row keeps its place, so the dialog does not jump while one types or pairs.
    result.setMinHeight(36);
    strengthText.setMinHeight(32);
    HBox status = new HBox(8, spinner, progress);
    status.setMinHeight(22);
    status.setAlignment(Pos.CENTER_LEFT);

    Button add = new Button(texts.get("addCamera.add"));
    add.setId("pair-button");
    add.setDefaultButton(true);
    add.getStyleClass().add("accent");
    add.disableProperty().bind(model.canPairProperty().not());
    add.setOnAction(e -> model.pair());
    Button close = new Button(texts.get("addCamera.close"));
    close.setCancelButton(true);
    close.setOnAction(e -> onClose.run());
    Region spring = new Region();
    HBox.setHgrow(spring, Priority.ALWAYS);
    HBox buttons = new HBox(8, spring, close, add);

    getChildren().addAll(intro, foundLabel, found, form, status, result, buttons);
    setPrefWidth(540);
  }

  public AddCameraViewModel model() {
    return model;
  }

  /** Opens the dialog over the wall; it does not block the caller. FX thread. */
  public static Stage open(Window owner, AddCameraViewModel model, Texts texts) {
    Stage stage = new Stage();
    AddCameraView view = new AddCameraView(model, texts, stage::close);
    Scene scene = new Scene(view);
    Theme.apply(scene);
    stage.setScene(scene);
    stage.setTitle(texts.get("addCamera.title"));
    stage.initOwner(owner);
    stage.initModality(Modality.WINDOW_MODAL);
    stage.show();
    return stage;
  }
}
