package io.peerwall.desktop.review;

import io.peerwall.recorder.review.TimelineRequest;
import io.peerwall.recorder.review.TimelineView;
import io.peerwall.station.review.ReviewQueries;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The review timeline's window and contents: the part of time shown (seconds to a month), whether
 * it follows now at its right edge, and the timeline the index gave for it. Questions go to the
 * index thread one at a time, only the newest waiting (replaced ones counted); while the window
 * reaches the last minute it asks again every two seconds, since the recording grows. FX thread.
 */
final class TimelineModel {
  private static final long REFRESH_NANOS = 2_000_000_000L;

  private final ReviewQueries queries;
  private final List<String> cameraIds;
  private final Executor fx;
  private final LongSupplier nanoTime;
  private final LongSupplier now;
  private final Consumer<TimeScale> windowChanged;
  private final Consumer<Throwable> failed;
  private final ReadOnlyObjectWrapper<TimeScale> window = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper following = new ReadOnlyBooleanWrapper();
  private final ReadOnlyObjectWrapper<TimelineView> timeline = new ReadOnlyObjectWrapper<>();
  private double width = 1200;
  private boolean inFlight;
  private boolean pending;
  private long replaced;
  private long lastAskedNanos = Long.MIN_VALUE;

  /**
   * @param windowChanged told every new window (the thumbnail strip, the event list follow it)
   * @param failed told when the index cannot answer
   */
  TimelineModel(
      ReviewQueries queries,
      List<String> cameraIds,
      Executor fx,
      LongSupplier nanoTime,
      LongSupplier nowMicros,
      Consumer<TimeScale> windowChanged,
      Consumer<Throwable> failed) {
    this.queries = queries;
    this.cameraIds = cameraIds;
    this.fx = fx;
    this.nanoTime = nanoTime;
    this.now = nowMicros;
    this.windowChanged = windowChanged;
    this.failed = failed;
  }

  ReadOnlyObjectProperty<TimeScale> windowProperty() {
    return window.getReadOnlyProperty();
  }

  ReadOnlyBooleanProperty followingProperty() {
    return following.getReadOnlyProperty();
  }

  ReadOnlyObjectProperty<TimelineView> timelineProperty() {
    return timeline.getReadOnlyProperty();
  }

  double width() {
    return width;
  }

  long replaced() {
    return replaced;
  }

  /** Opens on t: following now when t is in the last part of a span, else centred on t. */
  void start(long t, long span) {
    long n = now.getAsLong();
    if (t <= n && n - t < span * 9 / 10) {
      following.set(true);
      set(TimeScale.ending(n + span / 20, span));
    } else {
      set(TimeScale.around(t, span));
    }
  }

  void setWidth(double pixels) {
    if (pixels > 50 && Math.abs(pixels - width) >= 1) {
      width = pixels;
      ask();
      windowChanged.accept(window.get());
    }
  }

  void zoom(double factor, long anchor) {
    TimeScale zoomed = window.get().zoom(factor, anchor);
    if (following.get()) {
      zoomed = TimeScale.ending(now.getAsLong() + zoomed.span() / 20, zoomed.span());
    }
    set(zoomed);
  }

  /** Moves by {@code micros}; past now the right edge stops a little after it and follows it. */
  void pan(long micros) {
    TimeScale moved = window.get().pan(micros);
    long limit = now.getAsLong() + moved.span() / 20;
    if (moved.toMicros() >= limit) {
      moved = TimeScale.ending(limit, moved.span());
      following.set(true);
    } else {
      following.set(false);
    }
    set(moved);
  }

  /** Ends following now (a seek, a scrub). */
  void stopFollowing() {
    following.set(false);
  }

  /** Follows now with the right edge just after it. */
  void follow() {
    following.set(true);
    long span = window.get().span();
    set(TimeScale.ending(now.getAsLong() + span / 20, span));
  }

  /** Moves the same span so t is in view. */
  void show(long t) {
    set(window.get().showing(t));
  }

  void centreOn(long t) {
    set(TimeScale.around(t, window.get().span()));
  }

  /**
   * On each pulse: slides with now while following; pages along when the playhead leaves the window
   * while playing; asks again while the window shows the last minute.
   */
  void refresh(long position, boolean moving) {
    long n = now.getAsLong();
    TimeScale scale = window.get();
    if (following.get() && n > scale.toMicros() - scale.span() / 40) {
      set(TimeScale.ending(n + scale.span() / 20, scale.span()));
    } else if (moving && !scale.contains(position)) {
      set(scale.showing(position));
    } else if (nanoTime.getAsLong() - lastAskedNanos > REFRESH_NANOS
        && scale.toMicros() > n - 60_000_000) {
      ask();
    }
  }

  private void set(TimeScale scale) {
    window.set(scale);
    ask();
    windowChanged.accept(scale);
  }

  /** Asks for the window's timeline; while one is on its way, only the newest waits. */
  private void ask() {
    if (inFlight) {
      if (pending) {
        replaced++;
      }
      pending = true;
      return;
    }
    inFlight = true;
    lastAskedNanos = nanoTime.getAsLong();
    TimeScale scale = window.get();
    queries
        .timeline(
            TimelineRequest.forWidth(cameraIds, scale.fromMicros(), scale.toMicros(), (int) width))
        .whenCompleteAsync(
            (view, failure) -> {
              inFlight = false;
              if (failure != null) {
                failed.accept(failure);
              } else {
                timeline.set(view);
              }
              if (pending) {
                pending = false;
                ask();
              }
            },
            fx);
  }
}
