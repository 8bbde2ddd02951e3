package io.peerwall.desktop.audit;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.station.audit.FixResult;
import java.util.Arrays;
import java.util.List;
import javafx.application.Platform;
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

/**
 * "Change password…" for one camera, or for each camera of "Fix all" in turn: the current password
 * (the camera asks for it), a generated passphrase offered in an ordinary text field (edit it,
 * paste one, let a password manager fill it), the station's check as one types, and the camera's
 * answer in words. Fix all moves on once a camera changed or queued its change; a refusal stays for
 * the admin to retry or skip.
 */
public final class ChangePasswordDialog {
  private final AuditViewModel model;
  private final Texts t;
  private final List<AuditLine> cameras;
  private final Stage stage = new Stage();
  private final Label title = new Label();
  private final Label progress = new Label();
  private final PasswordField current = new PasswordField();
  private final TextField next = new TextField();
  private final Label check = new Label();
  private final Label result = new Label();
  private final Button apply;
  private final Button skip;
  private int index;
  private int changed;
  private int queued;
  private int other;

  private ChangePasswordDialog(AuditViewModel model, List<AuditLine> cameras) {
    this.model = model;
    this.t = model.texts();
    this.cameras = cameras;
    Label intro = new Label(t.get("change.intro"));
    intro.setWrapText(true);
    intro.setMinHeight(Region.USE_PREF_SIZE);
    title.getStyleClass().add("title-4");
    current.setId("change-current");
    next.setId("change-new");
    check.setId("change-check");
    check.setWrapText(true);
    check.setMinHeight(36);
    result.setId("change-result");
    result.setWrapText(true);
    result.setMinHeight(48);
    next.textProperty()
        .addListener((o, was, now) -> check.setText(model.check(camera().cameraId(), now)));
    Button suggest = new Button(t.get("change.suggest"));
    suggest.setOnAction(e -> next.setText(model.suggest(camera().cameraId())));
    GridPane form = new GridPane();
    form.setHgap(10);
    form.setVgap(8);
    form.addRow(0, new Label(t.get("change.current")), current);
    form.addRow(1, new Label(t.get("change.new")), next, suggest);
    form.add(check, 1, 2, 2, 1);
    GridPane.setHgrow(next, Priority.ALWAYS);
    GridPane.setHgrow(current, Priority.ALWAYS);

    apply = new Button(t.get("change.apply"));
    apply.setId("change-apply");
    apply.setDefaultButton(true);
    apply.getStyleClass().add("accent");
    apply.setOnAction(e -> send());
    skip = new Button(t.get("change.skip"));
    skip.setId("change-skip");
    skip.setOnAction(
        e -> {
          other++;
          advance();
        });
    skip.setVisible(cameras.size() > 1);
    skip.setManaged(cameras.size() > 1);
    Button close = new Button(t.get("change.cancel"));
    close.setId("change-close");
    close.setCancelButton(true);
    close.setOnAction(e -> finish());
    Region spring = new Region();
    HBox.setHgrow(spring, Priority.ALWAYS);
    HBox buttons = new HBox(8, spring, close, skip, apply);
    VBox root = new VBox(10, title, progress, intro, form, result, buttons);
    root.setPadding(new Insets(16));
    root.setPrefWidth(560);
    Scene scene = new Scene(root);
    Theme.apply(scene);
    stage.setScene(scene);
    stage.setOnHidden(e -> wipe());
    show(0);
  }

  /** Opens the dialog over {@code owner} for these cameras in turn. FX thread. */
  public static Stage open(Window owner, AuditViewModel model, List<AuditLine> cameras) {
    ChangePasswordDialog d = new ChangePasswordDialog(model, cameras);
    d.stage.initOwner(owner);
    d.stage.initModality(Modality.WINDOW_MODAL);
    d.stage.show();
    return d.stage;
  }

  private AuditLine camera() {
    return cameras.get(index);
  }

  private void show(int k) {
    index = k;
    AuditLine c = camera();
    stage.setTitle(t.get("change.title", c.name()));
    title.setText(c.name() + " — " + c.verdictText() + ": " + c.reason());
    title.setWrapText(true);
    progress.setText(cameras.size() > 1 ? t.get("change.fixAll", k + 1, cameras.size()) : "");
    current.clear();
    next.setText(model.suggest(c.cameraId()));
    result.setText("");
    apply.setDisable(false);
    current.requestFocus();
  }

  private void send() {
    char[] cur = current.getText().toCharArray();
    char[] nw = next.getText().toCharArray();
    apply.setDisable(true);
    result.setText(t.get("change.working"));
    model
        .changePassword(camera().cameraId(), cur, nw)
        .whenComplete(
            (r, e) ->
                Platform.runLater(
                    () -> {
                      Arrays.fill(cur, '\0');
                      Arrays.fill(nw, '\0');
                      apply.setDisable(false);
                      if (r == null) {
                        result.setText(String.valueOf(e));
                        return;
                      }
                      result.setText(model.outcomeText(r));
                      if (r.outcome() == FixResult.Outcome.CHANGED) {
                        changed++;
                        advanceIfMore();
                      } else if (r.outcome() == FixResult.Outcome.QUEUED) {
                        queued++;
                        advanceIfMore();
                      }
                    }));
  }

  private void advanceIfMore() {
    if (index + 1 < cameras.size()) {
      advance();
    } else if (cameras.size() > 1) {
      finish();
    } else {
      current.clear();
    }
  }

  private void advance() {
    if (index + 1 < cameras.size()) {
      show(index + 1);
    } else {
      finish();
    }
  }

  private void finish() {
    if (cameras.size() > 1) {
      model.fixAllDone(changed, queued, other + (cameras.size() - index - 1));
    }
    stage.close();
  }

  private void wipe() {
    current.clear();
    next.clear();
  }
}
