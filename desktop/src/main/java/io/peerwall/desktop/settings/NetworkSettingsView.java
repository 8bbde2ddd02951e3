package io.peerwall.desktop.settings;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The network settings dialog's view (STUN, TURN, rendezvous); logic in the view-model. */
public final class NetworkSettingsView extends VBox {
  public NetworkSettingsView(NetworkSettingsViewModel model, Texts texts, Runnable onClose) {
    getStyleClass().add("network-settings");
    setSpacing(10);
    setPadding(new Insets(16));
    Label intro = new Label(texts.get("network.intro"));
    intro.setWrapText(true);
    intro.setMinHeight(Region.USE_PREF_SIZE);
    intro.getStyleClass().add("add-camera-intro");
    GridPane form = new GridPane();
    form.setHgap(10);
    form.setVgap(8);
    form.addRow(
        0,
        new Label(texts.get("network.stun")),
        field(model.stunProperty(), "stun.example.org:3478"));
    form.addRow(
        1,
        new Label(texts.get("network.turn")),
        field(model.turnProperty(), "turn.example.org:3478"));
    form.addRow(2, new Label(texts.get("network.turnUser")), field(model.turnUserProperty(), ""));
    PasswordField turnPassword = new PasswordField();
    turnPassword.textProperty().bindBidirectional(model.turnPasswordProperty());
    form.addRow(3, new Label(texts.get("network.turnPassword")), turnPassword);
    form.addRow(
        4,
        new Label(texts.get("network.rendezvous")),
        field(model.rendezvousProperty(), "rv.example.org:7443"));
    Label error = new Label();
    error.getStyleClass().add("pairing-result");
    error.setMinHeight(22);
    error.textProperty().bind(model.errorProperty());
    Button save = new Button(texts.get("network.save"));
    save.setDefaultButton(true);
    save.getStyleClass().add("accent");
    save.disableProperty().bind(model.validProperty().not());
    save.setOnAction(
        e -> {
          if (model.save()) {
            onClose.run();
          }
        });
    Button cancel = new Button(texts.get("addCamera.close"));
    cancel.setCancelButton(true);
    cancel.setOnAction(e -> onClose.run());
    Region spring = new Region();
    HBox.setHgrow(spring, Priority.ALWAYS);
    getChildren().addAll(intro, form, error, new HBox(8, spring, cancel, save));
    setPrefWidth(520);
  }

  private static TextField field(javafx.beans.property.StringProperty property, String prompt) {
    TextField field = new TextField();
    field.setPromptText(prompt);
    field.setPrefColumnCount(26);
    field.textProperty().bindBidirectional(property);
    return field;
  }

  /** Opens the dialog over the wall; does not block. FX thread. */
  public static Stage open(Window owner, NetworkSettingsViewModel model, Texts texts) {
    Stage stage = new Stage();
    Scene scene = new Scene(new NetworkSettingsView(model, texts, stage::close));
    Theme.apply(scene);
    stage.setScene(scene);
    stage.setTitle(texts.get("network.title"));
    stage.initOwner(owner);
    stage.initModality(Modality.WINDOW_MODAL);
    stage.show();
    return stage;
  }
}
