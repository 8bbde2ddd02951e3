package io.peerwall.desktop.evidence;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The "Verify a file…" dialog's view; the work is in {@link VerifyViewModel}. */
public final class VerifyView extends VBox {
  private static final PseudoClass AUTHENTIC = PseudoClass.getPseudoClass("authentic");
  private static final PseudoClass NOT_AUTHENTIC = PseudoClass.getPseudoClass("not-authentic");
  private static final PseudoClass NOT_SIGNED = PseudoClass.getPseudoClass("not-signed");

  public VerifyView(VerifyViewModel model, Texts texts, Runnable onClose) {
    getStyleClass().add("verify-dialog");
    setSpacing(10);
    setPadding(new Insets(16));
    Label intro = new Label(texts.get("verify.intro"));
    intro.setWrapText(true);
    intro.setMinHeight(Region.USE_PREF_SIZE);

    Label file = new Label();
    file.getStyleClass().add("verify-file");
    file.textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    model.fileProperty().get() == null
                        ? texts.get("verify.noFile")
                        : model.fileProperty().get().toString(),
                model.fileProperty()));
    file.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(file, Priority.ALWAYS);
    Button choose = new Button(texts.get("verify.choose"));
    choose.getStyleClass().add("accent");
    choose.disableProperty().bind(model.busyProperty());
    choose.setOnAction(e -> choose(model, texts));

    Label expectLabel = new Label(texts.get("verify.expect"));
    expectLabel.setMinWidth(Region.USE_PREF_SIZE);
    TextField expected = new TextField();
    expected.setPromptText("C007 AA91 4E6C …");
    expected.setPrefColumnCount(40);
    expected.textProperty().bindBidirectional(model.expectedProperty());
    HBox.setHgrow(expected, Priority.ALWAYS);

    Label headline = new Label();
    headline.getStyleClass().add("verify-headline");
    headline.setWrapText(true);
    headline.setMinHeight(Region.USE_PREF_SIZE);
    headline.textProperty().bind(model.headlineProperty());
    model
        .stateProperty()
        .addListener(
            (obs, was, now) -> {
              headline.pseudoClassStateChanged(AUTHENTIC, now == VerifyViewModel.State.AUTHENTIC);
              headline.pseudoClassStateChanged(
                  NOT_AUTHENTIC,
                  now == VerifyViewModel.State.NOT_AUTHENTIC
                      || now == VerifyViewModel.State.UNREADABLE);
              headline.pseudoClassStateChanged(NOT_SIGNED, now == VerifyViewModel.State.NOT_SIGNED);
            });

    TextArea details = new TextArea();
    details.setEditable(false);
    details.getStyleClass().add("verify-details");
    details.setPrefRowCount(12);
    model
        .details()
        .addListener(
            (ListChangeListener<String>) c -> details.setText(String.join("\n", model.details())));
    VBox.setVgrow(details, Priority.ALWAYS);

    Button again = new Button(texts.get("verify.again"));
    again.disableProperty().bind(model.busyProperty().or(model.fileProperty().isNull()));
    again.setOnAction(e -> model.verifyAgain());
    Button close = new Button(texts.get("addCamera.close"));
    close.setCancelButton(true);
    close.setOnAction(e -> onClose.run());
    Region spring = new Region();
    HBox.setHgrow(spring, Priority.ALWAYS);
    getChildren()
        .addAll(
            intro,
            centred(new HBox(8, file, choose)),
            centred(new HBox(8, expectLabel, expected)),
            headline,
            details,
            new HBox(8, spring, again, close));
    setPrefSize(940, 540);
  }

  private static HBox centred(HBox row) {
    row.setAlignment(Pos.CENTER_LEFT);
    return row;
  }

  private void choose(VerifyViewModel model, Texts texts) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle(texts.get("verify.title"));
    chooser
        .getExtensionFilters()
        .addAll(
            new FileChooser.ExtensionFilter(texts.get("verify.fileFilter"), "*.mp4", "*.MP4"),
            new FileChooser.ExtensionFilter(texts.get("verify.allFiles"), "*"));
    if (model.fileProperty().get() != null && model.fileProperty().get().getParent() != null) {
      File dir = model.fileProperty().get().getParent().toFile();
      if (dir.isDirectory()) {
        chooser.setInitialDirectory(dir);
      }
    }
    File chosen = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
    if (chosen != null) {
      model.verify(chosen.toPath());
    }
  }

  /** Opens the dialog over the wall; does not block. FX thread. */
  public static Stage open(Window owner, VerifyViewModel model, Texts texts) {
    Stage stage = new Stage();
    Scene scene = new Scene(new VerifyView(model, texts, stage::close));
    Theme.apply(scene);
    stage.setScene(scene);
    stage.setTitle(texts.get("verify.title"));
    stage.initOwner(owner);
    stage.show();
    return stage;
  }
}
