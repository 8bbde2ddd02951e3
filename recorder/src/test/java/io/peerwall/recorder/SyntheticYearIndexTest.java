package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The recorder's side of the synthetic year: the timeline tables the generator wrote equal a
 * recomputation from the segments (sample streams), retention and the locked-space figures search
 * indexes only, and what locks keep matches brute force; changes at that scale keep the tables
 * right through the triggers (in a transaction rolled back, the year is shared).
 */
@Timeout(1200)
class SyntheticYearIndexTest {
  static Path year;

  @BeforeAll
  static void build() throws Exception {
    year = SyntheticYear.get();
  }

  @Test
  void retentionAndLockStatementsSearchIndexesOnly() throws Exception {
    try (RecordingIndex index = RecordingIndex.open(year)) {
      List<String> statements = new ArrayList<>(LockedSpace.STATEMENTS);
      statements.addAll(RetentionRows.STATEMENTS);
      for (String sql : statements) {
        SyntheticYear.assertSearchesOnly(index.connection(), sql);
      }
    }
  }

  @Test
  void theGeneratedTimelineTablesAreWhatTheSegmentsSayAndStaySoThroughChanges() throws Exception {
    try (RecordingIndex index = RecordingIndex.open(year)) {
      Connection c = index.connection();
      for (long stream : new long[] {1, 37, 64}) {
        assertThat(spans(c, stream)).isEqualTo(expectedSpans(c, stream));
        for (long level : new long[] {3_600_000_000L, 86_400_000_000L}) {
          assertThat(
                  lines(
                      c,
                      "SELECT bucket_us, segments, bytes, recorded_us, first_us, last_end_us"
                          + " FROM segment_bucket WHERE stream_id = ?1 AND level_us = ?2"
                          + " ORDER BY bucket_us",
                      stream,
                      level))
              .as("buckets of stream %d at level %d", stream, level)
              .isEqualTo(
                  lines(
                      c,
                      "SELECT start_us / ?2 * ?2, count(*), sum(bytes), sum(end_us - start_us),"
                          + " min(start_us), max(end_us) FROM segment WHERE stream_id = ?1"
                          + " GROUP BY start_us / ?2 ORDER BY 1",
                      stream,
                      level));
        }
      }
      // Retention-like deletes from the start and an append, at full scale, then rolled back.
      c.setAutoCommit(false);
      try {
        try (PreparedStatement s =
            c.prepareStatement(
                "DELETE FROM segment WHERE id IN (SELECT id FROM segment WHERE stream_id = 5"
                    + " ORDER BY start_us LIMIT 3000)")) {
          s.executeUpdate();
        }
        new SegmentRows(c)
            .upsert(
                new SegmentState(
                    999_999_999L,
                    5,
                    lastEnd(c, 5),
                    lastEnd(c, 5) + 60_000_000L,
                    true,
                    1,
                    1,
                    new byte[0],
                    null,
                    0),
                ParameterSets.of(io.peerwall.decoder.VideoCodec.H264, new byte[0]));
        assertThat(spans(c, 5)).isEqualTo(expectedSpans(c, 5));
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    }
  }

  @Test
  void whatLocksKeepMatchesBruteForce() throws Exception {
    try (RecordingIndex index = RecordingIndex.open(year)) {
      Connection c = index.connection();
      long expected = 0;
      try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT coalesce(sum(s.bytes), 0) FROM segment s WHERE EXISTS (SELECT 1 FROM"
                      + " evidence_lock_camera lc JOIN evidence_lock l ON l.id = lc.lock_id"
                      + " JOIN stream st ON st.camera_id = lc.camera_id WHERE st.id = s.stream_id"
                      + " AND l.from_us < s.end_us AND l.to_us > s.start_us)");
          ResultSet rs = s.executeQuery()) {
        rs.next();
        expected = rs.getLong(1);
      }
      assertThat(expected).isPositive();
      long started = System.nanoTime();
      assertThat(LockedSpace.lockedBytes(c, 0)).isEqualTo(expected);
      System.out.printf(
          "locked bytes of 40 locks over a year of 64 cameras: %.1f ms%n",
          (System.nanoTime() - started) / 1e6);
    }
  }

  private static List<String> lines(Connection c, String sql, long a, long b) throws Exception {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, a);
      s.setLong(2, b);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          StringBuilder line = new StringBuilder();
          for (int i = 1; i <= 6; i++) {
            line.append(rs.getLong(i)).append(' ');
          }
          out.add(line.toString());
        }
      }
    }
    return out;
  }

  private static long lastEnd(Connection c, long stream) throws Exception {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT end_us FROM segment WHERE stream_id = ? ORDER BY start_us DESC LIMIT 1")) {
      s.setLong(1, stream);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static List<String> spans(Connection c, long stream) throws Exception {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT start_us, end_us FROM recorded_span WHERE stream_id = ? ORDER BY start_us")) {
      s.setLong(1, stream);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1) + ".." + rs.getLong(2));
        }
      }
    }
    return out;
  }

  private static List<String> expectedSpans(Connection c, long stream) throws Exception {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT start_us, end_us FROM segment WHERE stream_id = ? ORDER BY start_us")) {
      s.setLong(1, stream);
      long start = Long.MIN_VALUE;
      long end = Long.MIN_VALUE;
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long a = rs.getLong(1);
          long b = rs.getLong(2);
          if (start != Long.MIN_VALUE && a - end <= Recordings.CONTIGUOUS_MICROS) {
            end = Math.max(end, b);
            continue;
          }
          if (start != Long.MIN_VALUE) {
            out.add(start + ".." + end);
          }
          start = a;
          end = b;
        }
      }
      if (start != Long.MIN_VALUE) {
        out.add(start + ".." + end);
      }
    }
    return out;
  }
}
