package io.peerwall.recorder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What evidence locks protect (docs/storage.md section 5, decision 0050): the time ranges of a
 * camera under an active lock, and the bytes of the segments that overlap them. A lock is active
 * until it is released or its {@code until_us} passes. Used by retention (on the recorder's
 * connection, inside its transactions) and by {@code custody.EvidenceLocks} (on its own); all
 * lookups go through indexes: the locks of a camera, then segments by time and the hour/day buckets
 * for long ranges, never all segments.
 */
public final class LockedSpace {
  /** The SQL condition "lock {@code l} is active at ?" (one parameter: now, µs). */
  public static final String ACTIVE =
      "l.released_at_us IS NULL AND (l.until_us IS NULL OR l.until_us > ?)";

  static final String LOCKED_RANGES =
      "SELECT l.from_us, l.to_us FROM evidence_lock_camera lc JOIN evidence_lock l"
          + " ON l.id = lc.lock_id WHERE lc.camera_id = ? AND "
          + ACTIVE;

  static final String LOCKED_STREAMS =
      "SELECT st.id, st.camera_id FROM stream st WHERE st.kind = 'main' AND EXISTS"
          + " (SELECT 1 FROM evidence_lock_camera lc JOIN evidence_lock l"
          + " ON l.id = lc.lock_id WHERE lc.camera_id = st.camera_id AND "
          + ACTIVE
          + ")";

  static final String SEGMENT_BEFORE =
      "SELECT bytes, end_us - start_us, end_us FROM segment WHERE stream_id = ?"
          + " AND start_us < ? ORDER BY start_us DESC LIMIT 1";

  static final String SEGMENTS_STARTING =
      "SELECT count(*), coalesce(sum(bytes), 0), coalesce(sum(end_us - start_us), 0)"
          + " FROM segment WHERE stream_id = ? AND start_us >= ? AND start_us < ?";

  static final String BUCKETS_STARTING =
      "SELECT coalesce(sum(segments), 0), coalesce(sum(bytes), 0),"
          + " coalesce(sum(recorded_us), 0) FROM segment_bucket WHERE stream_id = ?"
          + " AND level_us = ? AND bucket_us >= ? AND bucket_us < ?";

  /** Every statement above, for the query-plan test. */
  static final List<String> STATEMENTS =
      List.of(LOCKED_RANGES, LOCKED_STREAMS, SEGMENT_BEFORE, SEGMENTS_STARTING, BUCKETS_STARTING);

  private static final long HOUR = 3_600_000_000L;
  private static final long DAY = 86_400_000_000L;

  private LockedSpace() {}

  /** A half-open time range [from, to). */
  public record Interval(long fromMicros, long toMicros) {}

  /** Segments, bytes and recorded time. */
  public record Totals(long segments, long bytes, long recordedMicros) {
    Totals plus(Totals other) {
      return new Totals(
          segments + other.segments, bytes + other.bytes, recordedMicros + other.recordedMicros);
    }
  }

  /** The ranges of a camera (row id) under active locks at {@code now}, merged and in order. */
  public static List<Interval> lockedRanges(Connection c, long cameraRow, long now)
      throws SQLException {
    List<Interval> ranges = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(LOCKED_RANGES)) {
      s.setLong(1, cameraRow);
      s.setLong(2, now);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ranges.add(new Interval(rs.getLong(1), rs.getLong(2)));
        }
      }
    }
    return merge(ranges);
  }

  /** Overlapping or touching intervals joined, in order. */
  public static List<Interval> merge(List<Interval> intervals) {
    List<Interval> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparingLong(Interval::fromMicros));
    List<Interval> merged = new ArrayList<>();
    for (Interval i : sorted) {
      if (!merged.isEmpty() && i.fromMicros() <= merged.get(merged.size() - 1).toMicros()) {
        Interval last = merged.remove(merged.size() - 1);
        merged.add(new Interval(last.fromMicros(), Math.max(last.toMicros(), i.toMicros())));
      } else {
        merged.add(i);
      }
    }
    return merged;
  }

  /** Bytes of every segment that overlaps an active lock, all cameras (each segment once). */
  public static long lockedBytes(Connection c, long now) throws SQLException {
    long total = 0;
    for (long[] stream : lockedStreams(c, now)) {
      for (Interval range : lockedRanges(c, stream[1], now)) {
        total += overlapping(c, stream[0], range).bytes();
      }
    }
    return total;
  }

  /** {stream id, camera row} of main streams whose camera has an active lock. */
  private static List<long[]> lockedStreams(Connection c, long now) throws SQLException {
    List<long[]> streams = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(LOCKED_STREAMS)) {
      s.setLong(1, now);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          streams.add(new long[] {rs.getLong(1), rs.getLong(2)});
        }
      }
    }
    return streams;
  }

  /**
   * The segments of a stream that overlap [from, to): the one that starts before and reaches into
   * it, plus those starting inside it, summed from the day and hour buckets where whole buckets fit
   * and from the segments themselves at the ragged ends (at most two hours of rows).
   */
  public static Totals overlapping(Connection c, long stream, Interval range) throws SQLException {
    Totals straddling = new Totals(0, 0, 0);
    // The segment just before: one descent (a condition on its end would scan further back).
    try (PreparedStatement s = c.prepareStatement(SEGMENT_BEFORE)) {
      s.setLong(1, stream);
      s.setLong(2, range.fromMicros());
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next() && rs.getLong(3) > range.fromMicros()) {
          straddling = new Totals(1, rs.getLong(1), rs.getLong(2));
        }
      }
    }
    return straddling.plus(startingIn(c, stream, range.fromMicros(), range.toMicros()));
  }

  /** Segments of a stream that start in [from, to), from buckets where they fit whole. */
  static Totals startingIn(Connection c, long stream, long from, long to) throws SQLException {
    if (to <= from) {
      return new Totals(0, 0, 0);
    }
    long firstHour = ceil(from, HOUR);
    long lastHour = Math.floorDiv(to, HOUR) * HOUR;
    if (firstHour >= lastHour) {
      return exact(c, stream, from, to);
    }
    Totals totals = exact(c, stream, from, firstHour).plus(exact(c, stream, lastHour, to));
    long firstDay = ceil(firstHour, DAY);
    long lastDay = Math.floorDiv(lastHour, DAY) * DAY;
    if (firstDay >= lastDay) {
      return totals.plus(buckets(c, stream, HOUR, firstHour, lastHour));
    }
    return totals
        .plus(buckets(c, stream, HOUR, firstHour, firstDay))
        .plus(buckets(c, stream, DAY, firstDay, lastDay))
        .plus(buckets(c, stream, HOUR, lastDay, lastHour));
  }

  private static Totals exact(Connection c, long stream, long from, long to) throws SQLException {
    if (to <= from) {
      return new Totals(0, 0, 0);
    }
    try (PreparedStatement s = c.prepareStatement(SEGMENTS_STARTING)) {
      s.setLong(1, stream);
      s.setLong(2, from);
      s.setLong(3, to);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    }
  }

  private static Totals buckets(Connection c, long stream, long level, long from, long to)
      throws SQLException {
    if (to <= from) {
      return new Totals(0, 0, 0);
    }
    try (PreparedStatement s = c.prepareStatement(BUCKETS_STARTING)) {
      s.setLong(1, stream);
      s.setLong(2, level);
      s.setLong(3, from);
      s.setLong(4, to);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    }
  }

  private static long ceil(long value, long unit) {
    return -Math.floorDiv(-value, unit) * unit;
  }
}
