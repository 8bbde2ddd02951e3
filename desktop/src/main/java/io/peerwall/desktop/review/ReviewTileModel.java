package io.peerwall.desktop.review;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.review.CameraPlayer;
import io.peerwall.station.review.PlayerState;
import io.peerwall.station.review.PlayerStatus;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One camera's tile in the review: its name, what it shows in words (playing, a gap and where
 * recording resumes, no recordings, a segment skipped because retention deleted it or it is
 * damaged, unreadable recordings), and whether it is live. A problem stays said for five seconds
 * after playback moved on from it. FX thread; refreshed by the screen's pulse.
 */
public final class ReviewTileModel {
  private static final long NOTICE_NANOS = 5_000_000_000L;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final CameraPlayer player;
  private final String name;
  private final Texts texts;
  private final ZoneId zone;
  private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper dimmed = new ReadOnlyBooleanWrapper();
  private PlayerStatus lastProblem;
  private long problemSeenNanos;

  ReviewTileModel(CameraPlayer player, String name, Texts texts, ZoneId zone) {
    this.player = player;
    this.name = name;
    this.texts = texts;
    this.zone = zone;
  }

  public CameraPlayer player() {
    return player;
  }

  public String cameraId() {
    return player.cameraId();
  }

  public String name() {
    return name;
  }

  /** What the tile shows in words; empty while it simply plays or shows a picture. */
  public ReadOnlyStringProperty stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** Something skipped or failed a moment ago, or empty. */
  public ReadOnlyStringProperty noticeProperty() {
    return notice.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty liveProperty() {
    return live.getReadOnlyProperty();
  }

  /** The picture is not of this moment (a gap, no recordings, stopped): shown dimmed. */
  public ReadOnlyBooleanProperty dimmedProperty() {
    return dimmed.getReadOnlyProperty();
  }

  void refresh(long nowNanos) {
    PlayerStatus s = player.status();
    state.set(describe(s));
    live.set(s.state() == PlayerState.LIVE);
    dimmed.set(
        s.state() == PlayerState.GAP
            || s.state() == PlayerState.NO_RECORDINGS
            || s.state() == PlayerState.UNREADABLE
            || s.state() == PlayerState.FAILED);
    PlayerStatus problem = player.lastProblem();
    if (problem != null && problem != lastProblem) {
      lastProblem = problem;
      problemSeenNanos = nowNanos;
    }
    boolean recent = lastProblem != null && nowNanos - problemSeenNanos < NOTICE_NANOS;
    notice.set(recent && lastProblem != s ? describe(lastProblem) : "");
  }

  private String describe(PlayerStatus s) {
    return switch (s.state()) {
      case IDLE -> texts.get("review.tile.loading");
      case SHOWING, PLAYING -> "";
      case LIVE -> texts.get("review.tile.live");
      case GAP ->
          s.resumeMicros() >= 0
              ? texts.get("review.tile.gapUntil", TIME.format(TimeScale.at(s.resumeMicros(), zone)))
              : texts.get("review.tile.gap");
      case NO_RECORDINGS -> texts.get("review.tile.none");
      case SEGMENT_DELETED -> texts.get("review.tile.deleted");
      case DAMAGED -> texts.get("review.tile.damaged");
      case UNREADABLE -> texts.get("review.tile.unreadable", s.detail());
      case FAILED -> texts.get("review.tile.failed");
    };
  }
}
