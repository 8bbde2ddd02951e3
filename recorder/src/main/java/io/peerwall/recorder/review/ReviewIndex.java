package io.peerwall.recorder.review;

import io.peerwall.recorder.IndexException;
import io.peerwall.recorder.RecordingIndex;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.review.TimelineView.CameraTrack;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the review screen (issue 14) and the CLI read and change in the index: timelines at any
 * zoom, seeking to keyframes and exact frames, the segment being recorded, the motion event list
 * with its "reviewed" flag, and bookmarks (issue 15.6). Every query is answered from the index
 * (docs/storage.md section 7); only exact seeking reads a segment file, one GOP of it.
 *
 * <p>Opens its own connections: it runs beside a recording {@code Recorder} (WAL: reads never wait;
 * its few writes, one short transaction each, wait for the recorder's batch). One query at a time
 * per instance. Every method does I/O: never call one on the FX thread.
 */
public final class ReviewIndex implements AutoCloseable {
  private final RecordingIndex index;
  private final Connection connection;
  private final Recordings recordings;
  private final Clock clock;
  private final BookmarkStore bookmarks;
  private final TimelineQueries timeline;
  private final EventList events;
  private final FrameSeeker seeker;

  private ReviewIndex(RecordingIndex index, Recordings recordings, Clock clock) {
    this.index = index;
    this.connection = index.connection();
    this.recordings = recordings;
    this.clock = clock;
    this.bookmarks = new BookmarkStore(connection);
    this.timeline = new TimelineQueries(connection, bookmarks);
    this.events = new EventList(connection);
    this.seeker = new FrameSeeker(recordings);
  }

  /** Opens the index of a data directory (creating or migrating it if needed). */
  public static ReviewIndex open(Path dataDir) {
    return open(dataDir, Clock.systemUTC());
  }

  /** As {@link #open(Path)}, with the clock for "now" (lock states, who did what when). */
  public static ReviewIndex open(Path dataDir, Clock clock) {
    RecordingIndex index = RecordingIndex.open(dataDir);
    try {
      return new ReviewIndex(index, Recordings.open(dataDir), clock);
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
  }

  /** The segment-level queries and the files ({@link Recordings}), on a read-only connection. */
  public Recordings recordings() {
    return recordings;
  }

  /** Every camera the index knows, by name. */
  public synchronized List<String> cameraIds() {
    try {
      return CameraRefs.all(connection).stream().map(CameraRefs.Ref::cameraId).toList();
    } catch (SQLException e) {
      throw CameraRefs.failed("the cameras", e);
    }
  }

  // ---- Timeline ----------------------------------------------------------------------------

  /**
   * The timeline of some cameras over a window at a resolution: recorded ranges, gaps, motion,
   * bookmarks and locks per camera, and the summary of all of them. Unknown cameras are left out.
   */
  public synchronized TimelineView timeline(TimelineRequest request) {
    try {
      long now = nowMicros();
      List<CameraTrack> tracks = new ArrayList<>();
      for (CameraRefs.Ref camera : CameraRefs.resolve(connection, request.cameraIds())) {
        tracks.add(timeline.track(camera, request, now));
      }
      List<List<TimelineView.RecordedRange>> recorded = new ArrayList<>();
      List<TimelineView.MotionMark> motion = new ArrayList<>();
      for (CameraTrack t : tracks) {
        recorded.add(t.recorded());
        motion.addAll(t.motion());
      }
      long resolution = request.resolutionMicros();
      return new TimelineView(
          request.fromMicros(),
          request.toMicros(),
          resolution,
          request.detail(),
          tracks,
          new TimelineView.SummaryTrack(
              Marks.union(recorded, resolution), Marks.mergeMotion(motion, resolution)));
    } catch (SQLException e) {
      throw CameraRefs.failed("the timeline", e);
    }
  }

  // ---- Seeking -----------------------------------------------------------------------------

  /** The segment and keyframe at or before t, from the index alone (no file is read). */
  public synchronized Optional<Recordings.SeekPoint> keyframeAtOrBefore(String cameraId, long t) {
    return seeker.keyframe(cameraId, t);
  }

  /**
   * The last frame at or before t: the keyframe from the index, then at most one GOP of the file
   * read from that keyframe's byte offset.
   *
   * @throws java.nio.file.NoSuchFileException naming the file when retention (or a person) deleted
   *     it since the index was read
   */
  public synchronized Optional<FramePosition> exactFrame(String cameraId, long t)
      throws IOException {
    return seeker.exactFrame(cameraId, t);
  }

  /**
   * The segment the camera is recording now and how far it can be read (up to its last whole frame,
   * milliseconds behind the camera); empty when nothing is being recorded.
   */
  public synchronized Optional<LiveEdge> liveEdge(String cameraId) throws IOException {
    return seeker.liveEdge(cameraId);
  }

  // ---- Motion events -----------------------------------------------------------------------

  /** Motion events newest first, filtered (see {@link EventFilter}); empty cameras: all. */
  public synchronized List<ReviewEvent> events(EventFilter filter) {
    try {
      List<CameraRefs.Ref> cameras =
          filter.cameraIds().isEmpty()
              ? CameraRefs.all(connection)
              : CameraRefs.resolve(connection, filter.cameraIds());
      return events.list(cameras, filter);
    } catch (SQLException e) {
      throw CameraRefs.failed("motion events", e);
    }
  }

  /**
   * Marks events reviewed by {@code who} (the OS user), now; events reviewed already keep who
   * reviewed them first. Returns how many changed.
   */
  public synchronized int markReviewed(Collection<Long> eventIds, String who) {
    return events.mark(eventIds, true, checkWho(who), nowMicros());
  }

  /** Clears the reviewed flag; returns how many changed. */
  public synchronized int markNotReviewed(Collection<Long> eventIds) {
    return events.mark(eventIds, false, null, nowMicros());
  }

  // ---- Bookmarks ---------------------------------------------------------------------------

  /**
   * Bookmarks [from, to) of a camera (at most 24 hours) with a name and a note.
   *
   * @throws IllegalArgumentException naming what is wrong (unknown camera, no name, too long)
   */
  public synchronized Bookmark createBookmark(
      String cameraId, long fromMicros, long toMicros, String name, String note, String who) {
    try {
      CameraRefs.Ref camera = CameraRefs.one(connection, cameraId);
      return bookmarks.create(camera, fromMicros, toMicros, name, note, checkWho(who), nowMicros());
    } catch (SQLException e) {
      throw CameraRefs.failed("camera " + cameraId, e);
    }
  }

  /** Changes a bookmark's range, name and note. */
  public synchronized Bookmark editBookmark(
      long id, long fromMicros, long toMicros, String name, String note, String who) {
    return bookmarks.edit(id, fromMicros, toMicros, name, note, checkWho(who), nowMicros());
  }

  /** Deletes a bookmark; false if there was none. */
  public synchronized boolean deleteBookmark(long id) {
    return bookmarks.delete(id);
  }

  public synchronized Optional<Bookmark> bookmark(long id) {
    return bookmarks.get(id);
  }

  /** The cameras' bookmarks overlapping [from, to), by camera then start. */
  public synchronized List<Bookmark> bookmarks(
      Collection<String> cameraIds, long fromMicros, long toMicros) {
    try {
      List<Bookmark> found = new ArrayList<>();
      for (CameraRefs.Ref camera : CameraRefs.resolve(connection, cameraIds)) {
        found.addAll(bookmarks.overlapping(camera, fromMicros, toMicros));
      }
      return found;
    } catch (SQLException e) {
      throw CameraRefs.failed("bookmarks", e);
    }
  }

  /**
   * Bookmarks whose name or note contains every word of {@code text} (case and full- or half-width
   * forms ignored: both sides NFKC and lower case), of the cameras (empty: all), newest first.
   */
  public synchronized List<Bookmark> searchBookmarks(
      String text, Collection<String> cameraIds, int limit) {
    try {
      List<Long> rows = new ArrayList<>();
      if (!cameraIds.isEmpty()) {
        for (CameraRefs.Ref camera : CameraRefs.resolve(connection, cameraIds)) {
          rows.add(camera.cameraRow());
        }
        if (rows.isEmpty()) {
          return List.of();
        }
      }
      return bookmarks.search(text, rows, limit);
    } catch (SQLException e) {
      throw CameraRefs.failed("bookmarks", e);
    }
  }

  private static String checkWho(String who) {
    if (who == null || who.isBlank() || who.length() > 200) {
      throw new IllegalArgumentException("who does it must be given (the OS user)");
    }
    return who.strip();
  }

  private long nowMicros() {
    return clock.millis() * 1000;
  }

  @Override
  public synchronized void close() {
    IndexException failure = null;
    try {
      recordings.close();
    } catch (IndexException e) {
      failure = e;
    }
    index.close();
    if (failure != null) {
      throw failure;
    }
  }
}
