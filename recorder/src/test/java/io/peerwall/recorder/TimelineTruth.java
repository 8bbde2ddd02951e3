package io.peerwall.recorder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What the timeline tables (recorded_span, segment_bucket, motion_bucket) must hold, computed the
 * slow way from every segment and motion event, and what they do hold: tests compare the two.
 */
final class TimelineTruth {
  static final long HOUR = 3_600_000_000L;
  static final long DAY = 86_400_000_000L;

  private TimelineTruth() {}

  /** Spans recomputed from the segments: "stream start end" lines, in order. */
  static List<String> expectedSpans(Connection c) throws SQLException {
    List<String> spans = new ArrayList<>();
    long stream = -1;
    long start = 0;
    long end = Long.MIN_VALUE;
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT stream_id, start_us, end_us FROM segment ORDER BY stream_id, start_us");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        long st = rs.getLong(1);
        long a = rs.getLong(2);
        long b = rs.getLong(3);
        if (st == stream && a - end <= Recordings.CONTIGUOUS_MICROS) {
          end = Math.max(end, b);
          continue;
        }
        if (stream >= 0) {
          spans.add(stream + " " + start + " " + end);
        }
        stream = st;
        start = a;
        end = b;
      }
    }
    if (stream >= 0) {
      spans.add(stream + " " + start + " " + end);
    }
    return spans;
  }

  static List<String> actualSpans(Connection c) throws SQLException {
    return lines(c, "SELECT stream_id, start_us, end_us FROM recorded_span ORDER BY 1, 2");
  }

  /** Segment buckets recomputed: "stream level bucket segments bytes recorded first lastEnd". */
  static List<String> expectedSegmentBuckets(Connection c) throws SQLException {
    TreeMap<String, long[]> buckets = new TreeMap<>();
    try (PreparedStatement s =
            c.prepareStatement("SELECT stream_id, start_us, end_us, bytes FROM segment");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        for (long level : new long[] {HOUR, DAY}) {
          long bucket = rs.getLong(2) / level * level;
          String key = String.format("%08d %012d %020d", rs.getLong(1), level, bucket);
          long[] b =
              buckets.computeIfAbsent(
                  key, k -> new long[] {0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
          b[0]++;
          b[1] += rs.getLong(4);
          b[2] += rs.getLong(3) - rs.getLong(2);
          b[3] = Math.min(b[3], rs.getLong(2));
          b[4] = Math.max(b[4], rs.getLong(3));
        }
      }
    }
    List<String> out = new ArrayList<>();
    buckets.forEach(
        (k, b) -> {
          String[] parts = k.split(" ");
          out.add(
              Long.parseLong(parts[0])
                  + " "
                  + Long.parseLong(parts[1])
                  + " "
                  + Long.parseLong(parts[2])
                  + " "
                  + b[0]
                  + " "
                  + b[1]
                  + " "
                  + b[2]
                  + " "
                  + b[3]
                  + " "
                  + b[4]);
        });
    return out;
  }

  static List<String> actualSegmentBuckets(Connection c) throws SQLException {
    return lines(
        c,
        "SELECT stream_id, level_us, bucket_us, segments, bytes, recorded_us, first_us, last_end_us"
            + " FROM segment_bucket ORDER BY 1, 2, 3");
  }

  /** Motion buckets recomputed: "camera level bucket events ongoing first lastEnd peak moving". */
  static List<String> expectedMotionBuckets(Connection c) throws SQLException {
    TreeMap<String, double[]> buckets = new TreeMap<>();
    try (PreparedStatement s =
            c.prepareStatement("SELECT camera_id, start_us, end_us, score FROM motion_event");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        long start = rs.getLong(2);
        long end = rs.getLong(3);
        boolean ongoing = rs.wasNull();
        if (ongoing) {
          end = start;
        }
        for (long level : new long[] {HOUR, DAY}) {
          String key =
              String.format("%08d %012d %020d", rs.getLong(1), level, start / level * level);
          double[] b =
              buckets.computeIfAbsent(
                  key, k -> new double[] {0, 0, Long.MAX_VALUE, Long.MIN_VALUE, 0, 0});
          b[0]++;
          b[1] += ongoing ? 1 : 0;
          b[2] = Math.min(b[2], start);
          b[3] = Math.max(b[3], end);
          b[4] = Math.max(b[4], rs.getDouble(4));
          b[5] += end - start;
        }
      }
    }
    List<String> out = new ArrayList<>();
    buckets.forEach(
        (k, b) -> {
          String[] parts = k.split(" ");
          out.add(
              Long.parseLong(parts[0])
                  + " "
                  + Long.parseLong(parts[1])
                  + " "
                  + Long.parseLong(parts[2])
                  + " "
                  + (long) b[0]
                  + " "
                  + (long) b[1]
                  + " "
                  + (long) b[2]
                  + " "
                  + (long) b[3]
                  + " "
                  + b[4]
                  + " "
                  + (long) b[5]);
        });
    return out;
  }

  static List<String> actualMotionBuckets(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT camera_id, level_us, bucket_us, events, ongoing, first_us, last_end_us,"
                    + " peak_score, moving_us FROM motion_bucket ORDER BY 1, 2, 3");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(
            rs.getLong(1)
                + " "
                + rs.getLong(2)
                + " "
                + rs.getLong(3)
                + " "
                + rs.getLong(4)
                + " "
                + rs.getLong(5)
                + " "
                + rs.getLong(6)
                + " "
                + rs.getLong(7)
                + " "
                + rs.getDouble(8)
                + " "
                + rs.getLong(9));
      }
    }
    return out;
  }

  private static List<String> lines(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          if (i > 1) {
            line.append(' ');
          }
          line.append(rs.getLong(i));
        }
        out.add(line.toString());
      }
    }
    return out;
  }
}
