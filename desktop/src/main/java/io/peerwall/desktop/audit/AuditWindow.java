package io.peerwall.desktop.audit;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.p2p.util.NamedThreadFactory;
import io.peerwall.station.audit.AuditService;
import java.io.File;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The Audit screen in its own window, opened from the wall's toolbar. Owns the thread {@code
 * wall-audit} that reads the station database and writes the report (never the FX thread); it stops
 * when the window closes.
 */
public final class AuditWindow {
  private AuditWindow() {}

  /** Opens the screen and starts loading the stored facts. FX thread. */
  public static Stage open(
      Window owner, AuditService audit, Texts texts, Clock clock, String stationName) {
    ExecutorService io = Executors.newSingleThreadExecutor(NamedThreadFactory.single("wall-audit"));
    AuditViewModel model =
        new AuditViewModel(audit, texts, io, Platform::runLater, clock, ZoneId.systemDefault());
    Stage stage = new Stage();
    AuditView view =
        new AuditView(
            model,
            line -> line == null ? null : ChangePasswordDialog.open(stage, model, List.of(line)),
            () -> {
              List<AuditLine> todo = model.needingFix();
              if (todo.isEmpty()) {
                model.fixAllDone(0, 0, 0);
              } else {
                ChangePasswordDialog.open(stage, model, todo);
              }
            },
            () -> {
              DirectoryChooser chooser = new DirectoryChooser();
              chooser.setTitle(texts.get("audit.report"));
              File dir = chooser.showDialog(stage);
              if (dir != null) {
                model.writeReport(dir.toPath(), stationName);
              }
            });
    Scene scene = new Scene(view, 1200, 640);
    Theme.apply(scene);
    stage.setScene(scene);
    stage.setTitle(texts.get("audit.title"));
    if (owner != null) {
      stage.initOwner(owner);
    }
    stage.setOnHidden(
        e -> {
          model.close();
          io.shutdownNow();
        });
    stage.show();
    model.load();
    return stage;
  }
}
