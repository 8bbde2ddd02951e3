package io.peerwall.desktop.evidence;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.recorder.IndexException;
import io.peerwall.recorder.custody.EvidenceLock;
import io.peerwall.station.evidence.Custody;
import io.peerwall.station.recordings.Formats;
import io.peerwall.station.recordings.TimeArgument;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import picocli.CommandLine.TypeConversionException;

/**
 * The evidence locks dialog: the locks (active, or all), what each keeps, the total locked; making
 * a lock (cameras, range, until a date or released, reason) and releasing one with a reason. Reads
 * and writes on {@code background}, results through {@code fx}; a refused action (no reason, an end
 * in the past…) is said in {@link #messageProperty()}.
 */
public final class LocksViewModel {
  /** One lock as the table shows it. */
  public record Row(
      long id,
      EvidenceLock.State state,
      String stateText,
      String cameras,
      String range,
      String until,
      String by,
      String reason,
      String kept) {}

  private final Custody custody;
  private final Executor background;
  private final Executor fx;
  private final Texts texts;
  private final ZoneId zone;
  private final Clock clock;
  private final BooleanProperty showEnded = new SimpleBooleanProperty(false);
  private final ObservableList<Row> rows = FXCollections.observableArrayList();
  // One read-only view kept for good: a view made per call is held by nobody, and the weak
  // listener it puts on the list dies with it at the next GC (the dialog stops updating).
  private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
  private final ObservableList<Custody.Camera> cameras = FXCollections.observableArrayList();
  private final ObservableList<Custody.Camera> camerasView =
      FXCollections.unmodifiableObservableList(cameras);
  private final ReadOnlyStringWrapper total = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

  public LocksViewModel(
      Custody custody, Executor background, Executor fx, Texts texts, ZoneId zone, Clock clock) {
    this.custody = custody;
    this.background = background;
    this.fx = fx;
    this.texts = texts;
    this.zone = zone;
    this.clock = clock;
    showEnded.addListener((obs, was, now) -> refresh());
  }

  /** Whether released and expired locks are listed too. */
  public BooleanProperty showEndedProperty() {
    return showEnded;
  }

  public ObservableList<Row> rows() {
    return rowsView;
  }

  /** The recorded cameras, for choosing what to lock. */
  public ObservableList<Custody.Camera> cameras() {
    return camerasView;
  }

  /** "2.1 GB of recordings under active locks…". */
  public ReadOnlyStringProperty totalProperty() {
    return total.getReadOnlyProperty();
  }

  /** What the last action did, or why it was refused. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** Reads the locks and cameras again (FX thread). */
  public void refresh() {
    boolean ended = showEnded.get();
    run(
        () -> {
          List<Custody.Camera> known = custody.cameras();
          Map<String, String> names =
              known.stream()
                  .collect(
                      Collectors.toMap(
                          Custody.Camera::cameraId, Custody.Camera::name, (a, b) -> a));
          List<Row> read = custody.locks(ended).stream().map(r -> row(r, names)).toList();
          long locked = custody.lockedBytes();
          return () -> {
            rows.setAll(read);
            cameras.setAll(known);
            total.set(texts.get("locks.total", Formats.size(locked)));
          };
        });
  }

  /**
   * Locks the cameras over [from, to) until {@code until} (blank: until released), with a reason.
   * Times as people type them (2025-11-24 13:05, 13:05, -2h, now). FX thread.
   */
  public void lock(
      Collection<String> cameraIds, String from, String to, String until, String reason) {
    long start;
    long end;
    Optional<Long> ends;
    try {
      TimeArgument times = new TimeArgument(clock, zone);
      start = times.convert(from);
      end = times.convert(to);
      ends =
          until == null || until.isBlank() ? Optional.empty() : Optional.of(times.convert(until));
    } catch (TypeConversionException e) {
      message.set(texts.get("locks.badTime"));
      return;
    }
    List<String> ids = new ArrayList<>(cameraIds);
    run(
        () -> {
          EvidenceLock made = custody.lock(ids, start, end, ends, reason);
          return () -> {
            message.set(texts.get("locks.made", String.valueOf(made.id())));
            refresh();
          };
        });
  }

  /** Releases a lock with a reason (FX thread). */
  public void release(long id, String reason) {
    run(
        () -> {
          custody.release(id, reason);
          return () -> {
            message.set(texts.get("locks.released", String.valueOf(id)));
            refresh();
          };
        });
  }

  /** Runs {@code work} off the FX thread; shows its outcome, or why it was refused. */
  private void run(Supplier<Runnable> work) {
    busy.set(true);
    try {
      background.execute(
          () -> {
            Runnable show;
            try {
              show = work.get();
            } catch (IllegalArgumentException | IndexException e) {
              fx.execute(
                  () -> {
                    busy.set(false);
                    message.set(texts.get("locks.refused", e.getMessage()));
                  });
              return;
            }
            fx.execute(
                () -> {
                  busy.set(false);
                  show.run();
                });
          });
    } catch (RejectedExecutionException e) {
      busy.set(false);
    }
  }

  private Row row(Custody.LockRow r, Map<String, String> names) {
    EvidenceLock l = r.lock();
    return new Row(
        l.id(),
        r.state(),
        texts.get("locks.state." + r.state().name()),
        String.join(", ", l.cameraIds().stream().map(id -> names.getOrDefault(id, id)).toList()),
        l.toMicros() == Long.MAX_VALUE
            ? TableTimes.at(l.fromMicros(), zone) + " – …"
            : TableTimes.range(l.fromMicros(), l.toMicros(), zone),
        l.untilMicros().map(u -> TableTimes.at(u, zone)).orElse(texts.get("locks.untilReleased")),
        l.lockedBy(),
        l.reason()
            + l.release()
                .map(x -> " — " + texts.get("locks.releasedBy", x.by(), x.reason()))
                .orElse(""),
        r.state() == EvidenceLock.State.ACTIVE ? Formats.size(r.keptBytes()) : "");
  }
}
