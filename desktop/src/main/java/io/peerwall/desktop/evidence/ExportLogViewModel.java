package io.peerwall.desktop.evidence;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.recorder.IndexException;
import io.peerwall.recorder.custody.ChainCheck;
import io.peerwall.recorder.custody.ExportRecord;
import io.peerwall.station.evidence.Custody;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The export log dialog: the station's exports newest first (who, when, cameras, range, file and
 * SHA-256, signed or not) and whether the log's hash chain holds. Read on {@code background}, shown
 * through {@code fx}.
 */
public final class ExportLogViewModel {
  /** The most exports the dialog lists. */
  static final int LIMIT = 500;

  /** One export as the table shows it. */
  public record Row(
      long id,
      String when,
      String by,
      String cameras,
      String range,
      String file,
      String sha256,
      boolean signed) {}

  private final Custody custody;
  private final Executor background;
  private final Executor fx;
  private final Texts texts;
  private final ZoneId zone;
  private final ObservableList<Row> rows = FXCollections.observableArrayList();
  // One read-only view kept for good: a view made per call is held by nobody, and the weak
  // listener it puts on the list dies with it at the next GC (the dialog stops updating).
  private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
  private final ReadOnlyStringWrapper chain = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper chainIntact = new ReadOnlyBooleanWrapper(true);
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

  public ExportLogViewModel(
      Custody custody, Executor background, Executor fx, Texts texts, ZoneId zone) {
    this.custody = custody;
    this.background = background;
    this.fx = fx;
    this.texts = texts;
    this.zone = zone;
  }

  public ObservableList<Row> rows() {
    return rowsView;
  }

  /** "Hash chain intact over 12 exports…", or where it breaks, or why the log cannot be read. */
  public ReadOnlyStringProperty chainProperty() {
    return chain.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty chainIntactProperty() {
    return chainIntact.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** Reads the log again (FX thread). */
  public void refresh() {
    busy.set(true);
    try {
      background.execute(this::read);
    } catch (RejectedExecutionException e) {
      busy.set(false);
    }
  }

  private void read() {
    Custody.ExportLogView view;
    try {
      view = custody.exportLog(LIMIT);
    } catch (IndexException e) {
      fx.execute(
          () -> {
            busy.set(false);
            chainIntact.set(false);
            chain.set(texts.get("exports.failed", e.getMessage()));
          });
      return;
    }
    List<Row> read = view.exports().stream().map(this::row).toList();
    String line = chainLine(view.chain());
    fx.execute(
        () -> {
          busy.set(false);
          rows.setAll(read);
          chainIntact.set(view.chain().intact());
          chain.set(line);
        });
  }

  private Row row(ExportRecord r) {
    return new Row(
        r.id(),
        TableTimes.at(r.atMicros(), zone),
        r.operator(),
        String.join(", ", r.cameras().stream().map(ExportRecord.Camera::name).toList()),
        TableTimes.range(r.fromMicros(), r.toMicros(), zone),
        r.fileName(),
        r.sha256Hex(),
        r.signed());
  }

  private String chainLine(ChainCheck check) {
    if (!check.intact()) {
      return texts.get(
          "exports.chainBroken",
          String.valueOf(check.firstBrokenId().orElseThrow()),
          check.problem());
    }
    return check.rows() == 0
        ? texts.get("exports.chainEmpty")
        : texts.get("exports.chainIntact", check.rows(), check.lastRowHash());
  }
}
