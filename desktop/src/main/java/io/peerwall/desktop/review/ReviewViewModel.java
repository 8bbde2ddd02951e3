package io.peerwall.desktop.review;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.recorder.review.TimelineView;
import io.peerwall.station.review.PlaybackEngine;
import io.peerwall.station.review.PlaybackSpeed;
import io.peerwall.station.review.ReviewSession;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The review screen (issue 14): its cameras' tiles, the playback position, speed and live state,
 * the timeline's window (seconds to a month; following now at the right edge), the timeline's
 * contents, the thumbnail strip, the motion events ({@link ReviewEvents}) and exports ({@link
 * ReviewExports}). Holds no JavaFX nodes, only javafx.base properties; everything here runs on the
 * FX thread and never waits: playback commands return at once, index questions complete on their
 * own thread and come back through {@code fx}.
 */
public final class ReviewViewModel {
  /** The window opens on half an hour (Milestone's default is similar). */
  public static final long DEFAULT_SPAN = 30 * TimeScale.MINUTE;

  private final ReviewSession session;
  private final PlaybackEngine engine;
  private final Texts texts;
  private final Clock wall;
  private final ZoneId zone;
  private final LongSupplier nanoTime;
  private final List<ReviewTileModel> tiles = new ArrayList<>();
  private final List<String> cameraIds;
  private final ReadOnlyLongWrapper position = new ReadOnlyLongWrapper();
  private final ReadOnlyDoubleWrapper speed = new ReadOnlyDoubleWrapper();
  private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper positionText = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper speedText = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper zoneText = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyIntegerWrapper selected = new ReadOnlyIntegerWrapper(0);
  private final ReviewEvents events;
  private final ReviewExports exports;
  private final ThumbnailStrip strip;
  private final TimelineModel window;
  private final ClockWatch clockWatch;
  private final ReviewJumps jumps;

  /**
   * @param wall the wall clock ("now", where the timeline ends and live is)
   * @param nanoTime a monotonic timer (to notice when the computer's clock is changed)
   * @param fx runs index results on the FX thread ({@code Platform::runLater})
   */
  public ReviewViewModel(
      ReviewSession session,
      Texts texts,
      Clock wall,
      ZoneId zone,
      LongSupplier nanoTime,
      Executor fx,
      long startMicros) {
    this.session = session;
    this.engine = session.engine();
    this.texts = texts;
    this.wall = wall;
    this.zone = zone;
    this.nanoTime = nanoTime;
    this.clockWatch = new ClockWatch(nanoTime);
    for (int i = 0; i < session.cameras().size(); i++) {
      tiles.add(
          new ReviewTileModel(
              engine.players().get(i), session.cameras().get(i).name(), texts, zone));
    }
    this.cameraIds = session.cameras().stream().map(ReviewSession.Camera::id).toList();
    this.events = new ReviewEvents(this, session, texts, fx);
    this.exports = new ReviewExports(this, session, texts, fx);
    this.strip = new ThumbnailStrip(session.thumbnails(), fx);
    this.window =
        new TimelineModel(
            session.queries(),
            cameraIds,
            fx,
            nanoTime,
            this::now,
            this::windowChanged,
            this::failed);
    this.jumps =
        new ReviewJumps(
            session.queries(),
            cameraIds,
            texts,
            zone,
            fx,
            this::say,
            this::failed,
            t -> {
              window.show(t);
              seek(t);
            });
    // Near now the window ends at now and follows it, as the recording goes on.
    window.start(startMicros, DEFAULT_SPAN);
    refresh();
  }

  // ---- read-only state ----

  public Texts texts() {
    return texts;
  }

  public ZoneId zone() {
    return zone;
  }

  public List<ReviewTileModel> tiles() {
    return List.copyOf(tiles);
  }

  public List<ReviewSession.Camera> cameras() {
    return session.cameras();
  }

  public ReadOnlyObjectProperty<TimeScale> windowProperty() {
    return window.windowProperty();
  }

  /** Whether the window slides with now at its right edge. */
  public ReadOnlyBooleanProperty followingProperty() {
    return window.followingProperty();
  }

  public ReadOnlyLongProperty positionProperty() {
    return position.getReadOnlyProperty();
  }

  /** The speed; 0 while paused. */
  public ReadOnlyDoubleProperty speedProperty() {
    return speed.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty liveProperty() {
    return live.getReadOnlyProperty();
  }

  /** The position in local time with the zone, e.g. "2025-11-24 13:05:12.345 JST". */
  public ReadOnlyStringProperty positionTextProperty() {
    return positionText.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty speedTextProperty() {
    return speedText.getReadOnlyProperty();
  }

  /** The zone with its offset at the position ("Europe/Berlin, UTC+01:00"). */
  public ReadOnlyStringProperty zoneTextProperty() {
    return zoneText.getReadOnlyProperty();
  }

  /** A sentence about something that went wrong or needs saying, or empty. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** The timeline of the window (null until the first answer). */
  public ReadOnlyObjectProperty<TimelineView> timelineProperty() {
    return window.timelineProperty();
  }

  /** The selected tile: steps count its frames, the thumbnail strip shows it. */
  public ReadOnlyIntegerProperty selectedProperty() {
    return selected.getReadOnlyProperty();
  }

  public ReviewEvents events() {
    return events;
  }

  public ReviewExports exports() {
    return exports;
  }

  public ThumbnailStrip strip() {
    return strip;
  }

  long now() {
    return wall.millis() * 1000;
  }

  // ---- playback commands ----

  public void togglePlay() {
    if (engine.speed() != 0) {
      engine.pause();
    } else {
      engine.play(1);
    }
    refresh();
  }

  public void play(double newSpeed) {
    engine.play(newSpeed);
    refresh();
  }

  public void pause() {
    engine.pause();
    refresh();
  }

  /** The next speed up (from paused: 1×; from −1×: paused is skipped, 0.25× next). */
  public void faster() {
    double s = engine.speed();
    engine.play(s == 0 ? 1 : PlaybackSpeed.step(s, +1));
    refresh();
  }

  public void slower() {
    double s = engine.speed();
    engine.play(s == 0 ? -1 : PlaybackSpeed.step(s, -1));
    refresh();
  }

  public void stepForward() {
    engine.step(+1);
    refresh();
  }

  public void stepBack() {
    engine.step(-1);
    refresh();
  }

  /** A click on the timeline: the exact frame there. */
  public void seek(long t) {
    long target = Math.min(t, now());
    window.stopFollowing();
    engine.seek(target);
    refresh();
  }

  /** While dragging the playhead. */
  public void scrub(long t) {
    window.stopFollowing();
    engine.scrub(Math.min(t, now()));
    refresh();
  }

  public void endScrub(long t) {
    engine.endScrub(Math.min(t, now()));
    refresh();
  }

  /** Follows what is being recorded now, with the timeline's right edge at now. */
  public void goLive() {
    engine.goLive();
    window.follow();
    refresh();
  }

  /** Selects a tile (steps and the thumbnail strip follow it). */
  public void select(int index) {
    if (index >= 0 && index < tiles.size()) {
      selected.set(index);
      engine.setPrimary(index);
      strip.update(cameraIds.get(index), window.windowProperty().get(), window.width());
    }
  }

  /** Shows a local date and time (the date-time picker): seeks there, centred in the window. */
  public void goTo(LocalDateTime local) {
    long t = jumps.resolve(local, now());
    window.centreOn(t);
    seek(t);
  }

  public void nextEvent() {
    jumps.nextEvent(position.get());
  }

  public void previousEvent() {
    jumps.previousEvent(position.get());
  }

  public void nextGap() {
    jumps.nextGap(position.get());
  }

  public void previousGap() {
    jumps.previousGap(position.get());
  }

  // ---- the timeline window ----

  private void windowChanged(TimeScale scale) {
    strip.update(cameraIds.get(selected.get()), scale, window.width());
    events.windowChanged(scale);
  }

  /** The timeline's width in pixels (the resolution of its queries and the thumbnail strip). */
  public void setTimelineWidth(double width) {
    window.setWidth(width);
  }

  /** Wheel or keys: closer ({@code factor} below 1) or wider, keeping {@code anchor} in place. */
  public void zoom(double factor, long anchor) {
    window.zoom(factor, anchor);
  }

  /** Keys: zoom around the playhead (or now, when following). */
  public void zoomIn() {
    zoom(0.5, window.followingProperty().get() ? now() : position.get());
  }

  public void zoomOut() {
    zoom(2, window.followingProperty().get() ? now() : position.get());
  }

  /** Drags the window by {@code micros} (positive: later); stops following now unless past it. */
  public void pan(long micros) {
    window.pan(micros);
  }

  /** Timeline requests replaced by a newer one before they were asked. */
  public long timelinesReplaced() {
    return window.replaced();
  }

  // ---- the pulse ----

  /**
   * Brings the properties up to date with the players (the screen calls this on every pulse):
   * position, speed, each tile's state; slides the window with now while following; notices a
   * change of the computer's clock.
   */
  public void refresh() {
    clockWatch
        .look(now())
        .ifPresent(
            jump ->
                say(
                    texts.get(
                        jump > 0 ? "review.clock.forward" : "review.clock.back",
                        ReviewWords.duration(Math.abs(jump)))));
    long nanos = nanoTime.getAsLong();
    position.set(engine.position());
    speed.set(engine.scrubbing() ? 0 : engine.speed());
    live.set(engine.live());
    positionText.set(ReviewWords.position(position.get(), zone, texts.locale()));
    zoneText.set(ReviewWords.zone(position.get(), zone));
    speedText.set(ReviewWords.speed(texts, live.get(), engine.scrubbing(), speed.get()));
    for (ReviewTileModel tile : tiles) {
      tile.refresh(nanos);
    }
    window.refresh(position.get(), live.get() || speed.get() != 0);
    exports.refresh();
  }

  void say(String sentence) {
    message.set(sentence);
  }

  /** An index question failed: the disk gone, the index unreadable. */
  void failed(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof CancellationException) {
      return; // replaced by a newer question
    }
    say(texts.get("review.unreadable", String.valueOf(cause.getMessage())));
  }

  List<String> cameraIds() {
    return cameraIds;
  }

  PlaybackEngine engine() {
    return engine;
  }
}
