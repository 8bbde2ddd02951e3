package io.peerwall.station.review;

import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.custody.Operator;
import io.peerwall.recorder.review.Bookmark;
import io.peerwall.recorder.review.EventFilter;
import io.peerwall.recorder.review.ReviewEvent;
import io.peerwall.recorder.review.ReviewIndex;
import io.peerwall.recorder.review.TimelineRequest;
import io.peerwall.recorder.review.TimelineView;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The review screen's questions to the index, answered on one thread of their own ({@code
 * review-io}) so the FX thread never waits for SQLite: timelines, motion events and their reviewed
 * flag, bookmarks, the cameras, and where the previous or next motion event and gap are. Results
 * complete futures on that thread; the screen moves them to its own. At most 64 questions wait;
 * beyond that the oldest is dropped (its future cancelled) and counted.
 */
public final class ReviewQueries implements AutoCloseable {
  private static final long DAY = 86_400_000_000L;

  private final ReviewIndex index;
  private final BoundedWorker worker;
  private final String operator;

  private ReviewQueries(ReviewIndex index, String operator) {
    this.index = index;
    this.operator = operator;
    this.worker = new BoundedWorker("review-io", 64, Thread.NORM_PRIORITY);
  }

  /**
   * Opens the index of a data directory (on the calling thread: do it off the FX thread).
   *
   * @param clock "now" for the reviewed flags and lock states
   */
  public static ReviewQueries open(Path dataDir, Clock clock) {
    return new ReviewQueries(ReviewIndex.open(dataDir, clock), Operator.current());
  }

  /** Every recorded camera (ID, name, first and last recording). */
  public CompletableFuture<List<Recordings.CameraInfo>> cameras() {
    return worker.submit(() -> index.recordings().cameras());
  }

  public CompletableFuture<TimelineView> timeline(TimelineRequest request) {
    return worker.submit(() -> index.timeline(request));
  }

  public CompletableFuture<List<ReviewEvent>> events(EventFilter filter) {
    return worker.submit(() -> index.events(filter));
  }

  /** Marks events reviewed by this station's operator (the OS user). */
  public CompletableFuture<Integer> markReviewed(Collection<Long> eventIds) {
    List<Long> ids = List.copyOf(eventIds);
    return worker.submit(() -> index.markReviewed(ids, operator));
  }

  public CompletableFuture<Integer> markNotReviewed(Collection<Long> eventIds) {
    List<Long> ids = List.copyOf(eventIds);
    return worker.submit(() -> index.markNotReviewed(ids));
  }

  /** Bookmarks [from, to) of a camera, by this station's operator. */
  public CompletableFuture<Bookmark> createBookmark(
      String cameraId, long fromMicros, long toMicros, String name, String note) {
    return worker.submit(
        () -> index.createBookmark(cameraId, fromMicros, toMicros, name, note, operator));
  }

  /** The start of the first motion event of the cameras after t. */
  public CompletableFuture<Optional<Long>> nextEvent(List<String> cameraIds, long t) {
    List<String> ids = List.copyOf(cameraIds);
    return worker.submit(
        () -> index.recordings().nextEvent(ids, t).map(Recordings.MotionEvent::startMicros));
  }

  /** The start of the last motion event of the cameras that starts before t. */
  public CompletableFuture<Optional<Long>> previousEvent(List<String> cameraIds, long t) {
    List<String> ids = List.copyOf(cameraIds);
    return worker.submit(
        () -> index.recordings().previousEvent(ids, t).map(Recordings.MotionEvent::startMicros));
  }

  /**
   * The next edge of a gap after t for any of the cameras: where a recording stops, or where one
   * starts again after a gap, whichever comes first.
   */
  public CompletableFuture<Optional<Long>> nextGapEdge(List<String> cameraIds, long t) {
    List<String> ids = List.copyOf(cameraIds);
    return worker.submit(() -> gapEdge(ids, t, true));
  }

  /** The last edge of a gap before t (see {@link #nextGapEdge}). */
  public CompletableFuture<Optional<Long>> previousGapEdge(List<String> cameraIds, long t) {
    List<String> ids = List.copyOf(cameraIds);
    return worker.submit(() -> gapEdge(ids, t, false));
  }

  /** Runs any index work on this thread (exports' lookups, tests). */
  public <T> CompletableFuture<T> run(java.util.concurrent.Callable<T> work) {
    return worker.submit(work);
  }

  /** Questions dropped because 64 were waiting. */
  public long dropped() {
    return worker.dropped();
  }

  private Optional<Long> gapEdge(List<String> cameraIds, long t, boolean forward) {
    // Look a day either side first, then ever wider: a gap edge is usually near.
    for (long window = DAY; window <= 400 * DAY; window *= 20) {
      long from = forward ? t : t - window;
      long to = forward ? t + window : t;
      Optional<Long> best = Optional.empty();
      for (String camera : cameraIds) {
        List<Long> edges = new ArrayList<>();
        for (Recordings.Range r : index.recordings().ranges(camera, from - 1, to + 1)) {
          edges.add(r.startMicros());
          edges.add(r.endMicros());
        }
        for (long edge : edges) {
          boolean beyond = forward ? edge > t + 1_000 : edge < t - 1_000;
          boolean inside = edge > from && edge < to;
          if (beyond
              && inside
              && (best.isEmpty() || (forward ? edge < best.get() : edge > best.get()))) {
            best = Optional.of(edge);
          }
        }
      }
      if (best.isPresent()) {
        return best;
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    worker.close();
    index.close();
  }
}
