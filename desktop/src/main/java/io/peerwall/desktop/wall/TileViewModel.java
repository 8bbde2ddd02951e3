package io.peerwall.desktop.wall;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.adaptive.StreamChoice;
import io.peerwall.station.feed.Feed;
import io.peerwall.station.feed.FeedProblem;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.feed.FeedStats;
import io.peerwall.station.feed.RecordingState;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One camera on the wall: its name, its state in plain words with the action to take, a stats line
 * (fps, bitrate, path, stream), the recording dot and why it is off, as read-only properties.
 * {@link #refresh} runs on the FX thread from the wall's status timer and reads only volatile
 * fields and atomic counters of the feed, so it never blocks.
 */
public final class TileViewModel {
  /** After this long down, "reconnecting n" becomes "unreachable since HH:MM". */
  static final long UNREACHABLE_AFTER_MILLIS = 60_000;

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private final Feed feed;
  private final Texts texts;
  private final ZoneId zone;
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
  private final ReadOnlyStringWrapper group = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();
  private final ReadOnlyStringWrapper action = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper stats = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<TileState> kind =
      new ReadOnlyObjectWrapper<>(TileState.WAITING);
  private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper recordingNote = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper visible = new ReadOnlyBooleanWrapper(true);
  private FeedState lastState = FeedState.CONNECTING;
  private boolean wentDown;
  private long lastDecoded;
  private long lastBytes;
  private long lastErrors;
  private long lastNanos;
  private double bitsPerSecond;

  public TileViewModel(Feed feed, Texts texts, ZoneId zone) {
    this.feed = feed;
    this.texts = texts;
    this.zone = zone;
    title.set(feed.name());
    status.set(texts.get("state.connecting"));
  }

  public Feed feed() {
    return feed;
  }

  public String cameraId() {
    return feed.cameraId();
  }

  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty groupProperty() {
    return group.getReadOnlyProperty();
  }

  /** The state in plain words: "live", "reconnecting 3", "unreachable since 14:05"... */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** What to do about the state, empty when nothing is needed. */
  public ReadOnlyStringProperty actionProperty() {
    return action.getReadOnlyProperty();
  }

  /** "15 fps · 620 kbit/s · LAN · sub" while live, else empty. */
  public ReadOnlyStringProperty statsProperty() {
    return stats.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<TileState> kindProperty() {
    return kind.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty liveProperty() {
    return live.getReadOnlyProperty();
  }

  /** The recording dot: frames of this camera are being written to disk now. */
  public ReadOnlyBooleanProperty recordingProperty() {
    return recording.getReadOnlyProperty();
  }

  /** Why this camera is not being recorded when it should be ("disk full"), else empty. */
  public ReadOnlyStringProperty recordingNoteProperty() {
    return recordingNote.getReadOnlyProperty();
  }

  /** Whether the tile is on screen now (in the layout, and not behind a maximized tile). */
  public ReadOnlyBooleanProperty visibleProperty() {
    return visible.getReadOnlyProperty();
  }

  /** Bits per second received over the last refresh interval. */
  double bitsPerSecond() {
    return bitsPerSecond;
  }

  /**
   * @return whether the name was taken (a blank one is not)
   */
  boolean rename(String name) {
    if (name == null || name.isBlank()) {
      return false;
    }
    title.set(name.strip());
    return true;
  }

  void setGroup(String name) {
    group.set(name == null ? "" : name.strip());
  }

  void setVisible(boolean isVisible) {
    visible.set(isVisible);
    feed.setVisible(isVisible);
  }

  /**
   * The tile's picture area changed size: decode to that size (scaling stays off the FX thread).
   */
  public void displaySize(int width, int height) {
    feed.requestOutputSize(width, height);
  }

  /**
   * Re-reads state and counters; rates are over the time since the previous call.
   *
   * @return a notification-worthy change, or null
   */
  WallEvent refresh(long nowNanos, long nowEpochMillis) {
    FeedState state = feed.state();
    FeedStats.Snapshot s = feed.stats().snapshot();
    double seconds = lastNanos == 0 ? 0 : (nowNanos - lastNanos) / 1e9;
    double fps = seconds > 0 ? (s.framesDecoded() - lastDecoded) / seconds : 0;
    bitsPerSecond = seconds > 0 ? (s.bytesReceived() - lastBytes) * 8 / seconds : 0;
    boolean newErrors = s.decodeErrors() > lastErrors;
    lastDecoded = s.framesDecoded();
    lastBytes = s.bytesReceived();
    lastErrors = s.decodeErrors();
    lastNanos = nowNanos;

    live.set(state == FeedState.LIVE);
    RecordingState rec = feed.recordingState();
    recording.set(rec == RecordingState.WRITING);
    recordingNote.set(rec == RecordingState.DISK_FULL ? texts.get("recording.diskFull") : "");
    describe(state, nowEpochMillis, newErrors);
    if (state == FeedState.LIVE && seconds > 0) {
      stats.set(
          texts.get(
              "tile.stats",
              Math.round(fps),
              Math.round(bitsPerSecond / 1000),
              pathWords(feed.path()),
              texts.get(feed.activeStream() == StreamChoice.SUB ? "stream.sub" : "stream.main")));
    } else if (state != FeedState.LIVE) {
      stats.set("");
    }
    WallEvent event = transition(lastState, state);
    lastState = state;
    return event;
  }

  private void describe(FeedState state, long nowEpochMillis, boolean newErrors) {
    long downSince = feed.downSinceEpochMillis();
    switch (state) {
      case LIVE ->
          set(
              newErrors ? TileState.WARNING : TileState.LIVE,
              texts.get(newErrors ? "state.liveErrors" : "state.live"),
              newErrors ? texts.get("action.liveErrors") : "");
      case CONNECTING -> set(TileState.WAITING, texts.get("state.connecting"), "");
      case RECONNECTING, UNREACHABLE -> {
        boolean longDown =
            state == FeedState.UNREACHABLE
                || (downSince > 0 && nowEpochMillis - downSince >= UNREACHABLE_AFTER_MILLIS);
        String why = problemWords(feed.problem());
        if (longDown && downSince > 0) {
          set(
              TileState.ERROR,
              texts.get(
                  "state.unreachableSince",
                  HH_MM.format(Instant.ofEpochMilli(downSince).atZone(zone))),
              why.isEmpty() ? texts.get("action.unreachable") : why);
        } else {
          set(
              TileState.WARNING,
              texts.get("state.reconnecting", Math.max(1, feed.reconnects())),
              why);
        }
      }
      case WRONG_PASSWORD ->
          set(TileState.ERROR, texts.get("state.wrongPassword"), texts.get("action.wrongPassword"));
      case NOT_PAIRED ->
          set(TileState.ERROR, texts.get("state.notPaired"), texts.get("action.notPaired"));
      case LOCKED_OUT ->
          set(TileState.ERROR, texts.get("state.lockedOut"), texts.get("action.lockedOut"));
      case KEY_CHANGED ->
          set(TileState.ALARM, texts.get("state.keyChanged"), texts.get("action.keyChanged"));
      case CLOSED -> set(TileState.WAITING, texts.get("state.closed"), "");
    }
  }

  private void set(TileState tileState, String words, String todo) {
    kind.set(tileState);
    status.set(words);
    action.set(todo);
  }

  private WallEvent transition(FeedState from, FeedState to) {
    if (from == to) {
      return null;
    }
    String name = title.get();
    return switch (to) {
      case LIVE -> {
        if (!wentDown) {
          yield null; // first connection: not news
        }
        wentDown = false;
        yield new WallEvent(WallEvent.Kind.UP, name, texts.get("notify.up", name));
      }
      case RECONNECTING, UNREACHABLE -> {
        if (wentDown) {
          yield null;
        }
        wentDown = true;
        yield new WallEvent(WallEvent.Kind.DOWN, name, texts.get("notify.down", name));
      }
      case WRONG_PASSWORD, LOCKED_OUT, NOT_PAIRED -> {
        wentDown = true;
        yield new WallEvent(
            WallEvent.Kind.REFUSED,
            name,
            texts.get(
                switch (to) {
                  case LOCKED_OUT -> "notify.lockedOut";
                  case NOT_PAIRED -> "notify.notPaired";
                  default -> "notify.refused";
                },
                name));
      }
      case KEY_CHANGED -> {
        wentDown = true;
        yield new WallEvent(WallEvent.Kind.KEY_CHANGED, name, texts.get("notify.keyChanged", name));
      }
      default -> null;
    };
  }

  /** The connection path in the words a person uses: LAN, direct (through NAT) or relay. */
  /**
   * Why the camera cannot be reached, in the wall's language, with what to do (empty when there is
   * nothing specific to say: a session that just ended, before the next attempt says more).
   */
  String problemWords(FeedProblem problem) {
    return switch (problem.kind()) {
      case NONE, OTHER -> "";
      default -> texts.get("problem." + problem.kind().name());
    };
  }

  /** The path kind (PathKind's label: LAN, direct, relay) in the wall's language. */
  String pathWords(String kind) {
    return switch (kind) {
      case "LAN" -> texts.get("path.lan");
      case "direct" -> texts.get("path.direct");
      case "relay" -> texts.get("path.relay");
      default -> "";
    };
  }
}
