package io.peerwall.desktop.evidence;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.station.evidence.StationEvidence;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wall toolbar's "Evidence" menu: verify a file, the export log, evidence locks, and the
 * station's signing key (its fingerprint, which people compare with the one {@code verify} prints).
 * Owns the thread {@code wall-evidence}, on which the dialogs verify files and read and write the
 * index, so the FX thread never waits for them; {@link #close()} with the window.
 */
public final class EvidenceMenu extends MenuButton implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EvidenceMenu.class);

  private final StationEvidence evidence;
  private final Texts texts;
  private final ZoneId zone;
  private final Clock clock;
  private final ExecutorService background;

  /**
   * @param evidence the station's evidence services
   */
  public EvidenceMenu(StationEvidence evidence, Texts texts, ZoneId zone, Clock clock) {
    super(texts.get("evidence.menu"));
    this.evidence = evidence;
    this.texts = texts;
    this.zone = zone;
    this.clock = clock;
    this.background =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "wall-evidence");
              t.setDaemon(true);
              t.setUncaughtExceptionHandler(
                  (thread, e) -> log.error("wall-evidence failed: {}", e.toString(), e));
              return t;
            });
    getStyleClass().add("evidence-menu");
    MenuItem verify = new MenuItem(texts.get("evidence.verify"));
    verify.setOnAction(e -> openVerify());
    MenuItem exports = new MenuItem(texts.get("evidence.exports"));
    exports.setOnAction(e -> openExports());
    MenuItem locks = new MenuItem(texts.get("evidence.locks"));
    locks.setOnAction(e -> openLocks());
    MenuItem key = new MenuItem(texts.get("evidence.key"));
    key.setOnAction(e -> showKey());
    getItems()
        .addAll(verify, new SeparatorMenuItem(), exports, locks, new SeparatorMenuItem(), key);
  }

  private Window owner() {
    return getScene() == null ? null : getScene().getWindow();
  }

  void openVerify() {
    VerifyView.open(
        owner(),
        new VerifyViewModel(evidence::verify, background, Platform::runLater, texts, zone),
        texts);
  }

  void openExports() {
    ExportLogView.open(
        owner(),
        new ExportLogViewModel(evidence.custody(), background, Platform::runLater, texts, zone),
        texts);
  }

  void openLocks() {
    LocksView.open(
        owner(),
        new LocksViewModel(evidence.custody(), background, Platform::runLater, texts, zone, clock),
        texts);
  }

  void showKey() {
    String body =
        evidence
            .key()
            .map(
                k ->
                    texts.get("evidence.key.body", k.fingerprint(), k.stationName(), k.stationId()))
            .orElse(texts.get("evidence.key.problem", evidence.keyProblem()));
    Alert alert = new Alert(Alert.AlertType.INFORMATION, body, ButtonType.OK);
    alert.setTitle(texts.get("evidence.key.title"));
    alert.setHeaderText(null);
    if (owner() != null) {
      alert.initOwner(owner());
    }
    Theme.apply(alert.getDialogPane().getScene());
    alert.getDialogPane().setMinWidth(640);
    alert.show();
  }

  /** Stops the dialogs' thread (a verification under way is abandoned). */
  @Override
  public void close() {
    background.shutdownNow();
    try {
      background.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
