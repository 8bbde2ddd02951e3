package io.peerwall.recorder.review;

import io.peerwall.recorder.custody.EvidenceLock;
import io.peerwall.recorder.review.TimelineView.GapMark;
import io.peerwall.recorder.review.TimelineView.LockMark;
import io.peerwall.recorder.review.TimelineView.MotionMark;
import io.peerwall.recorder.review.TimelineView.RecordedRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The timeline's reads (docs/storage.md section 7). Every one is a few descents of an index and a
 * range scan over rows that each stand for something drawn: recorded spans, hour or day buckets,
 * gaps, events starting in the window, the camera's bookmarks and locks. None reads the segments,
 * so the cost follows what is shown, not how much was recorded.
 */
final class TimelineQueries {
  private static final long HOUR = 3_600_000_000L;
  private static final long DAY = 86_400_000_000L;

  static final String SPAN_BEFORE =
      "SELECT start_us, end_us FROM recorded_span WHERE stream_id = ? AND start_us < ?"
          + " ORDER BY start_us DESC LIMIT 1";

  static final String SPAN_INSIDE =
      "SELECT start_us, end_us FROM recorded_span WHERE stream_id = ? AND start_us >= ?"
          + " AND start_us < ? ORDER BY start_us";

  static final String BUCKETS =
      "SELECT first_us, last_end_us, recorded_us FROM segment_bucket WHERE stream_id = ?"
          + " AND level_us = ? AND bucket_us >= ? AND bucket_us < ? ORDER BY bucket_us";

  static final String GAP_BEFORE =
      "SELECT start_us, end_us, reason FROM gap WHERE stream_id = ? AND start_us < ?"
          + " ORDER BY start_us DESC LIMIT 1";

  static final String GAP_INSIDE =
      "SELECT start_us, end_us, reason FROM gap WHERE stream_id = ? AND start_us >= ?"
          + " AND start_us < ? ORDER BY start_us";

  static final String EVENT_BEFORE =
      "SELECT id, start_us, end_us, score FROM motion_event WHERE camera_id = ?"
          + " AND start_us < ? ORDER BY start_us DESC LIMIT 1";

  static final String EVENT_INSIDE =
      "SELECT id, start_us, end_us, score FROM motion_event WHERE camera_id = ?"
          + " AND start_us >= ? AND start_us < ? ORDER BY start_us";

  static final String MOTION_BUCKETS =
      "SELECT first_us, last_end_us, events, ongoing, peak_score FROM motion_bucket"
          + " WHERE camera_id = ? AND level_us = ? AND bucket_us >= ? AND bucket_us < ?"
          + " ORDER BY bucket_us";

  static final String LOCKS =
      "SELECT l.id, l.from_us, l.to_us, l.until_us, l.released_at_us, l.reason"
          + " FROM evidence_lock_camera lc JOIN evidence_lock l ON l.id = lc.lock_id"
          + " WHERE lc.camera_id = ? AND l.from_us < ? AND l.to_us > ? ORDER BY l.id";

  static final String LIVE_EDGE =
      "SELECT max(end_us) FROM segment WHERE state = 0 AND stream_id = ?";

  /** Every statement above, for the query-plan test. */
  static final java.util.List<String> STATEMENTS =
      java.util.List.of(
          SPAN_BEFORE,
          SPAN_INSIDE,
          BUCKETS,
          GAP_BEFORE,
          GAP_INSIDE,
          EVENT_BEFORE,
          EVENT_INSIDE,
          MOTION_BUCKETS,
          LOCKS,
          LIVE_EDGE);

  private final Connection c;
  private final BookmarkStore bookmarks;

  TimelineQueries(Connection c, BookmarkStore bookmarks) {
    this.c = c;
    this.bookmarks = bookmarks;
  }

  TimelineView.CameraTrack track(CameraRefs.Ref camera, TimelineRequest request, long now)
      throws SQLException {
    long from = request.fromMicros();
    long to = request.toMicros();
    long resolution = request.resolutionMicros();
    TimelineView.Detail detail = request.detail();
    List<RecordedRange> recorded = List.of();
    List<GapMark> gaps = List.of();
    Optional<Long> live = Optional.empty();
    if (camera.streamId() >= 0) {
      recorded =
          detail == TimelineView.Detail.EXACT
              ? exactRanges(camera.streamId(), from, to, resolution)
              : bucketRanges(camera.streamId(), level(detail), from, to, resolution);
      gaps =
          gaps(camera.streamId(), from, to, detail == TimelineView.Detail.EXACT ? 0 : resolution);
      live = liveEdge(camera.streamId());
    }
    List<MotionMark> motion =
        detail == TimelineView.Detail.EXACT
            ? exactMotion(camera.cameraRow(), from, to)
            : bucketMotion(camera.cameraRow(), level(detail), from, to);
    return new TimelineView.CameraTrack(
        camera.cameraId(),
        camera.name(),
        recorded,
        gaps,
        Marks.mergeMotion(motion, resolution),
        bookmarks.overlapping(camera, from, to),
        locks(camera.cameraRow(), from, to, now),
        live);
  }

  private static long level(TimelineView.Detail detail) {
    return detail == TimelineView.Detail.DAYS ? DAY : HOUR;
  }

  /** Recorded spans over the window: the one reaching into it, and those starting in it. */
  List<RecordedRange> exactRanges(long stream, long from, long to, long resolution)
      throws SQLException {
    List<RecordedRange> ranges = new ArrayList<>();
    try (PreparedStatement before = c.prepareStatement(SPAN_BEFORE);
        PreparedStatement inside = c.prepareStatement(SPAN_INSIDE)) {
      before.setLong(1, stream);
      before.setLong(2, from);
      try (ResultSet rs = before.executeQuery()) {
        if (rs.next()) {
          add(ranges, Marks.clip(rs.getLong(1), rs.getLong(2), 1.0, from, to));
        }
      }
      inside.setLong(1, stream);
      inside.setLong(2, from);
      inside.setLong(3, to);
      try (ResultSet rs = inside.executeQuery()) {
        while (rs.next()) {
          add(ranges, Marks.clip(rs.getLong(1), rs.getLong(2), 1.0, from, to));
        }
      }
    }
    return Marks.mergeRanges(ranges, resolution, false);
  }

  /**
   * Per bucket, the stretch from its first segment's start to its last one's end, with the part
   * recorded. The bucket before the window is read too: its last segment may reach into it.
   */
  List<RecordedRange> bucketRanges(long stream, long level, long from, long to, long resolution)
      throws SQLException {
    List<RecordedRange> ranges = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(BUCKETS)) {
      s.setLong(1, stream);
      s.setLong(2, level);
      s.setLong(3, Math.floorDiv(from, level) * level - level);
      s.setLong(4, to);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long first = rs.getLong(1);
          long lastEnd = rs.getLong(2);
          double coverage =
              lastEnd > first ? Math.min(1.0, rs.getLong(3) / (double) (lastEnd - first)) : 1.0;
          add(ranges, Marks.clip(first, lastEnd, coverage, from, to));
        }
      }
    }
    return Marks.mergeRanges(ranges, resolution, true);
  }

  /**
   * Gaps of the stream over the window at least {@code minLength} long (an open gap always): the
   * one that starts last before the window if it reaches into it, and those starting in it.
   */
  List<GapMark> gaps(long stream, long from, long to, long minLength) throws SQLException {
    List<GapMark> gaps = new ArrayList<>();
    try (PreparedStatement before = c.prepareStatement(GAP_BEFORE);
        PreparedStatement inside = c.prepareStatement(GAP_INSIDE)) {
      before.setLong(1, stream);
      before.setLong(2, from);
      readGaps(before, gaps, from, minLength);
      inside.setLong(1, stream);
      inside.setLong(2, from);
      inside.setLong(3, to);
      readGaps(inside, gaps, from, minLength);
    }
    return gaps;
  }

  private static void readGaps(PreparedStatement s, List<GapMark> gaps, long from, long minLength)
      throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        long start = rs.getLong(1);
        long end = rs.getLong(2);
        Optional<Long> e = rs.wasNull() ? Optional.empty() : Optional.of(end);
        if (e.isPresent() && (end <= from || end - start < minLength)) {
          continue;
        }
        gaps.add(new GapMark(start, e, rs.getString(3)));
      }
    }
  }

  /**
   * Single events over the window: the one that starts last before it if it reaches into it (a
   * camera's events never overlap), and those starting in it.
   */
  List<MotionMark> exactMotion(long cameraRow, long from, long to) throws SQLException {
    List<MotionMark> marks = new ArrayList<>();
    try (PreparedStatement before = c.prepareStatement(EVENT_BEFORE);
        PreparedStatement inside = c.prepareStatement(EVENT_INSIDE)) {
      before.setLong(1, cameraRow);
      before.setLong(2, from);
      readEvents(before, marks, from);
      inside.setLong(1, cameraRow);
      inside.setLong(2, from);
      inside.setLong(3, to);
      readEvents(inside, marks, from);
    }
    return marks;
  }

  private static void readEvents(PreparedStatement s, List<MotionMark> marks, long from)
      throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        long start = rs.getLong(2);
        long end = rs.getLong(3);
        boolean ongoing = rs.wasNull();
        if (!ongoing && end <= from && start < from) {
          continue;
        }
        marks.add(
            new MotionMark(
                start,
                ongoing ? start : end,
                1,
                ongoing ? 1 : 0,
                rs.getDouble(4),
                Optional.of(rs.getLong(1))));
      }
    }
  }

  /** Motion buckets over the window (the one before it too: its events may reach into it). */
  List<MotionMark> bucketMotion(long cameraRow, long level, long from, long to)
      throws SQLException {
    List<MotionMark> marks = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(MOTION_BUCKETS)) {
      s.setLong(1, cameraRow);
      s.setLong(2, level);
      s.setLong(3, Math.floorDiv(from, level) * level - level);
      s.setLong(4, to);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long first = rs.getLong(1);
          long lastEnd = rs.getLong(2);
          if (lastEnd < from && first < from) {
            continue;
          }
          marks.add(
              new MotionMark(
                  first, lastEnd, rs.getInt(3), rs.getInt(4), rs.getDouble(5), Optional.empty()));
        }
      }
    }
    return marks;
  }

  /** Locks of the camera that overlap the window (active, expired or released), oldest first. */
  List<LockMark> locks(long cameraRow, long from, long to, long now) throws SQLException {
    List<LockMark> locks = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(LOCKS)) {
      s.setLong(1, cameraRow);
      s.setLong(2, to);
      s.setLong(3, from);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long until = rs.getLong(4);
          boolean forever = rs.wasNull();
          rs.getLong(5);
          boolean released = !rs.wasNull();
          EvidenceLock.State state =
              released
                  ? EvidenceLock.State.RELEASED
                  : !forever && until <= now
                      ? EvidenceLock.State.EXPIRED
                      : EvidenceLock.State.ACTIVE;
          locks.add(
              new LockMark(rs.getLong(1), rs.getLong(2), rs.getLong(3), state, rs.getString(6)));
        }
      }
    }
    return locks;
  }

  /** The end of the stream's segment being recorded, as its row says, if one is open. */
  Optional<Long> liveEdge(long stream) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(LIVE_EDGE)) {
      s.setLong(1, stream);
      try (ResultSet rs = s.executeQuery()) {
        long end = rs.next() ? rs.getLong(1) : 0;
        return rs.wasNull() ? Optional.empty() : Optional.of(end);
      }
    }
  }

  private static void add(List<RecordedRange> ranges, RecordedRange r) {
    if (r != null) {
      ranges.add(r);
    }
  }
}
