package io.peerwall.desktop.review;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.recorder.review.TimelineRequest;
import io.peerwall.recorder.review.TimelineView;
import io.peerwall.station.review.PlaybackEngine;
import io.peerwall.station.review.PlaybackSpeed;
import io.peerwall.station.review.ReviewSession;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
import javafx.beans.property.ReadOnlyObjectWrapper;
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

  private static final long TIMELINE_REFRESH_NANOS = 2_000_000_000L;
  private static final long CLOCK_JUMP_MICROS = 2_000_000;

  /** 24-hour time with milliseconds (frames are 40 ms apart) and the zone's abbreviation. */
  private static final java.time.format.DateTimeFormatter POSITION =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS zzz");

  private final ReviewSession session;
  private final PlaybackEngine engine;
  private final Texts texts;
  private final Clock wall;
  private final ZoneId zone;
  private final Executor fx;
  private final LongSupplier nanoTime;
  private final List<ReviewTileModel> tiles = new ArrayList<>();
  private final List<String> cameraIds;
  private final ReadOnlyObjectWrapper<TimeScale> window = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper following = new ReadOnlyBooleanWrapper();
  private final ReadOnlyLongWrapper position = new ReadOnlyLongWrapper();
  private final ReadOnlyDoubleWrapper speed = new ReadOnlyDoubleWrapper();
  private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper positionText = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper speedText = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper zoneText = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<TimelineView> timeline = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyIntegerWrapper selected = new ReadOnlyIntegerWrapper(0);
  private final ReviewEvents events;
  private final ReviewExports exports;
  private final ThumbnailStrip strip;
  private double timelineWidth = 1200;
  private boolean timelineInFlight;
  private boolean timelinePending;
  private long timelinesReplaced;
  private long lastTimelineNanos = Long.MIN_VALUE;
  private long lastWallMicros = Long.MIN_VALUE;
  private long lastNanos;

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
    this.fx = fx;
    this.nanoTime = nanoTime;
    for (int i = 0; i < session.cameras().size(); i++) {
      tiles.add(
          new ReviewTileModel(
              engine.players().get(i), session.cameras().get(i).name(), texts, zone));
    }
    this.cameraIds = session.cameras().stream().map(ReviewSession.Camera::id).toList();
    this.events = new ReviewEvents(this, session, texts, fx);
    this.exports = new ReviewExports(this, session, texts, fx);
    this.strip = new ThumbnailStrip(session.thumbnails(), fx);
    long now = now();
    if (startMicros <= now && now - startMicros < DEFAULT_SPAN * 9 / 10) {
      // Near now: the window ends at now and follows it, as the recording goes on.
      following.set(true);
      setWindow(TimeScale.ending(now + DEFAULT_SPAN / 20, DEFAULT_SPAN));
    } else {
      setWindow(TimeScale.around(startMicros, DEFAULT_SPAN));
    }
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
    return window.getReadOnlyProperty();
  }

  /** Whether the window slides with now at its right edge. */
  public ReadOnlyBooleanProperty followingProperty() {
    return following.getReadOnlyProperty();
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
    return timeline.getReadOnlyProperty();
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
    following.set(false);
    engine.seek(target);
    refresh();
  }

  /** While dragging the playhead. */
  public void scrub(long t) {
    following.set(false);
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
    following.set(true);
    setWindow(TimeScale.ending(now() + window.get().span() / 20, window.get().span()));
    refresh();
  }

  /** Selects a tile (steps and the thumbnail strip follow it). */
  public void select(int index) {
    if (index >= 0 && index < tiles.size()) {
      selected.set(index);
      engine.setPrimary(index);
      strip.update(cameraIds.get(index), window.get(), timelineWidth);
    }
  }

  /**
   * Shows a local date and time (the date-time picker): seeks there and centres the window on it. A
   * time the clocks skipped (spring forward) is moved forward; one that happened twice (autumn) is
   * the first; both are said.
   */
  public void goTo(java.time.LocalDateTime local) {
    var offsets = zone.getRules().getValidOffsets(local);
    java.time.ZonedDateTime at = java.time.ZonedDateTime.ofLocal(local, zone, null);
    if (offsets.isEmpty()) {
      say(texts.get("review.time.skipped", local.toLocalTime(), at.toLocalTime()));
    } else if (offsets.size() > 1) {
      say(texts.get("review.time.twice", local.toLocalTime(), at.getOffset()));
    } else {
      say("");
    }
    long t = TimeScale.micros(at);
    if (t > now()) {
      say(texts.get("review.time.future"));
      t = now();
    }
    setWindow(TimeScale.around(t, window.get().span()));
    seek(t);
  }

  public void nextEvent() {
    jump(session.queries().nextEvent(cameraIds, position.get() + 1), "review.jump.noNextEvent");
  }

  public void previousEvent() {
    jump(
        session.queries().previousEvent(cameraIds, position.get() - 1_000_000),
        "review.jump.noPreviousEvent");
  }

  public void nextGap() {
    jump(session.queries().nextGapEdge(cameraIds, position.get()), "review.jump.noNextGap");
  }

  public void previousGap() {
    jump(session.queries().previousGapEdge(cameraIds, position.get()), "review.jump.noPreviousGap");
  }

  private void jump(CompletableFuture<Optional<Long>> where, String noneKey) {
    where.whenCompleteAsync(
        (found, failure) -> {
          if (failure != null) {
            failed(failure);
          } else if (found.isEmpty()) {
            say(texts.get(noneKey));
          } else {
            say("");
            setWindow(window.get().showing(found.get()));
            seek(found.get());
          }
        },
        fx);
  }

  // ---- the timeline window ----

  /** The timeline's width in pixels (the resolution of its queries and the thumbnail strip). */
  public void setTimelineWidth(double width) {
    if (width > 50 && Math.abs(width - timelineWidth) >= 1) {
      timelineWidth = width;
      requestTimeline();
      strip.update(cameraIds.get(selected.get()), window.get(), timelineWidth);
    }
  }

  /** Wheel or keys: closer ({@code factor} below 1) or wider, keeping {@code anchor} in place. */
  public void zoom(double factor, long anchor) {
    TimeScale zoomed = window.get().zoom(factor, anchor);
    if (following.get()) {
      zoomed = TimeScale.ending(now() + zoomed.span() / 20, zoomed.span());
    }
    setWindow(zoomed);
  }

  /** Keys: zoom around the playhead (or now, when following). */
  public void zoomIn() {
    zoom(0.5, following.get() ? now() : position.get());
  }

  public void zoomOut() {
    zoom(2, following.get() ? now() : position.get());
  }

  /** Drags the window by {@code micros} (positive: later); stops following now. */
  public void pan(long micros) {
    TimeScale moved = window.get().pan(micros);
    // Panning past now makes no sense: the right edge stops a little after it, and follows it.
    long limit = now() + moved.span() / 20;
    if (moved.toMicros() >= limit) {
      moved = TimeScale.ending(limit, moved.span());
      following.set(true);
    } else {
      following.set(false);
    }
    setWindow(moved);
  }

  private void setWindow(TimeScale scale) {
    window.set(scale);
    requestTimeline();
    strip.update(cameraIds.get(selected.get()), scale, timelineWidth);
    events.windowChanged(scale);
  }

  /** Asks for the window's timeline; while one is on its way, only the newest waits. */
  private void requestTimeline() {
    if (timelineInFlight) {
      if (timelinePending) {
        timelinesReplaced++;
      }
      timelinePending = true;
      return;
    }
    timelineInFlight = true;
    lastTimelineNanos = nanoTime.getAsLong();
    TimeScale scale = window.get();
    session
        .queries()
        .timeline(
            TimelineRequest.forWidth(
                cameraIds, scale.fromMicros(), scale.toMicros(), (int) timelineWidth))
        .whenCompleteAsync(
            (view, failure) -> {
              timelineInFlight = false;
              if (failure != null) {
                failed(failure);
              } else {
                timeline.set(view);
              }
              if (timelinePending) {
                timelinePending = false;
                requestTimeline();
              }
            },
            fx);
  }

  /** Timeline requests replaced by a newer one before they were asked. */
  public long timelinesReplaced() {
    return timelinesReplaced;
  }

  // ---- the pulse ----

  /**
   * Brings the properties up to date with the players (the screen calls this on every pulse):
   * position, speed, each tile's state; slides the window with now while following; notices a
   * change of the computer's clock.
   */
  public void refresh() {
    long now = now();
    long nanos = nanoTime.getAsLong();
    if (lastWallMicros != Long.MIN_VALUE) {
      long expected = lastWallMicros + (nanos - lastNanos) / 1000;
      long jump = now - expected;
      if (Math.abs(jump) > CLOCK_JUMP_MICROS) {
        say(
            texts.get(
                jump > 0 ? "review.clock.forward" : "review.clock.back",
                formatDuration(Math.abs(jump))));
      }
    }
    lastWallMicros = now;
    lastNanos = nanos;
    position.set(engine.position());
    speed.set(engine.scrubbing() ? 0 : engine.speed());
    live.set(engine.live());
    java.time.ZonedDateTime local = TimeScale.at(position.get(), zone);
    positionText.set(POSITION.withLocale(texts.locale()).format(local));
    String offset = local.getOffset().getTotalSeconds() == 0 ? "+00:00" : local.getOffset().getId();
    zoneText.set(zone.getId() + ", UTC" + offset);
    speedText.set(describeSpeed());
    for (ReviewTileModel tile : tiles) {
      tile.refresh(nanos);
    }
    TimeScale scale = window.get();
    if (following.get() && now > scale.toMicros() - scale.span() / 40) {
      setWindow(TimeScale.ending(now + scale.span() / 20, scale.span()));
    } else if ((live.get() || speed.get() != 0) && !scale.contains(position.get())) {
      setWindow(scale.showing(position.get())); // the playhead left the window: page along
    } else if (nanos - lastTimelineNanos > TIMELINE_REFRESH_NANOS
        && scale.toMicros() > now - 60_000_000) {
      requestTimeline(); // what is being recorded grows at the right edge
    }
    exports.refresh();
  }

  private String describeSpeed() {
    if (live.get()) {
      return texts.get("review.speed.live");
    }
    double s = speed.get();
    if (s == 0) {
      return texts.get(engine.scrubbing() ? "review.speed.scrubbing" : "review.speed.paused");
    }
    String value =
        s == Math.rint(s) ? Long.toString((long) Math.abs(s)) : Double.toString(Math.abs(s));
    return texts.get(s < 0 ? "review.speed.back" : "review.speed.forward", value);
  }

  private static String formatDuration(long micros) {
    Duration d = Duration.ofMillis(micros / 1000);
    if (d.toHours() > 0) {
      return String.format(Locale.ROOT, "%d h %02d min", d.toHours(), d.toMinutesPart());
    }
    if (d.toMinutes() > 0) {
      return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
    return d.toSeconds() + " s";
  }

  void say(String sentence) {
    message.set(sentence);
  }

  /** An index question failed: the disk gone, the index unreadable. */
  void failed(Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof java.util.concurrent.CancellationException) {
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
