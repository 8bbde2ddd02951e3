package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.VideoCodec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What locks keep and what retention may take, against brute force over every segment: the bytes
 * under a range (summed from day and hour buckets plus the ragged ends) and the oldest unlocked
 * segments (stepping over locks), on a real index with segments over ten days.
 */
class LockedSpaceTest {
  static final long T0 = 1_763_900_000_000_000L;
  static final long MINUTE = 60_000_000L;

  @TempDir Path dir;

  @Test
  void lockedBytesAndVictimsMatchBruteForce() throws Exception {
    Random random = new Random(5);
    try (RecordingIndex index = RecordingIndex.open(dir)) {
      Connection c = index.connection();
      SegmentRows rows = new SegmentRows(c);
      long camera = index.upsertCamera("cam", "Cam", 0);
      long stream = index.ensureStream(camera, "main", "cam/main").id();
      List<long[]> segments = new ArrayList<>(); // start, end, bytes, id
      c.setAutoCommit(false);
      long t = T0;
      for (long id = 1; t < T0 + 10 * 86_400_000_000L; id++) {
        long length = MINUTE / 2 + random.nextInt((int) (3 * MINUTE));
        long bytes = 1000 + random.nextInt(100_000);
        rows.upsert(
            new SegmentState(id, stream, t, t + length, true, bytes, 1, new byte[0], null, 0),
            ParameterSets.of(VideoCodec.H264, new byte[0]));
        segments.add(new long[] {t, t + length, bytes, id});
        t += length + (random.nextInt(30) == 0 ? 2 * 3_600_000_000L : 0);
      }
      c.commit();
      c.setAutoCommit(true);
      long end = t;
      for (int i = 0; i < 300; i++) {
        long a = T0 - MINUTE + (long) (random.nextDouble() * (end - T0));
        long length =
            switch (i % 3) {
              case 0 -> (long) (random.nextDouble() * 2 * 3_600_000_000L);
              case 1 -> (long) (random.nextDouble() * 3 * 86_400_000_000L);
              default -> (long) (random.nextDouble() * 20 * MINUTE);
            };
        long b = a + 1 + length;
        long expectedBytes = 0;
        long expectedCount = 0;
        for (long[] s : segments) {
          if (s[0] < b && s[1] > a) {
            expectedBytes += s[2];
            expectedCount++;
          }
        }
        LockedSpace.Totals totals =
            LockedSpace.overlapping(c, stream, new LockedSpace.Interval(a, b));
        assertThat(totals.bytes()).as("bytes over [%d, %d)", a, b).isEqualTo(expectedBytes);
        assertThat(totals.segments()).isEqualTo(expectedCount);
      }

      // Three locks (one made of two overlapping ones), then the oldest unlocked segments.
      List<long[]> locks =
          List.of(
              new long[] {T0 + 10 * MINUTE, T0 + 3 * 3_600_000_000L},
              new long[] {T0 + 2 * 3_600_000_000L, T0 + 5 * 3_600_000_000L},
              new long[] {T0 + 86_400_000_000L, T0 + 86_400_000_000L + 7 * MINUTE});
      try (PreparedStatement lock =
              c.prepareStatement(
                  "INSERT INTO evidence_lock (from_us, to_us, reason, locked_by, locked_at_us)"
                      + " VALUES (?, ?, 'test', 'test', 0) RETURNING id");
          PreparedStatement lockCamera =
              c.prepareStatement(
                  "INSERT INTO evidence_lock_camera (lock_id, camera_id) VALUES (?, ?)")) {
        for (long[] l : locks) {
          lock.setLong(1, l[0]);
          lock.setLong(2, l[1]);
          long id;
          try (var rs = lock.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
          }
          lockCamera.setLong(1, id);
          lockCamera.setLong(2, camera);
          lockCamera.executeUpdate();
        }
      }
      List<Long> expected = new ArrayList<>();
      long expectedLocked = 0;
      for (long[] s : segments) {
        boolean locked = false;
        for (long[] l : locks) {
          locked |= s[0] < l[1] && s[1] > l[0];
        }
        if (locked) {
          expectedLocked += s[2];
        } else if (expected.size() < RetentionRows.BATCH) {
          expected.add(s[3]);
        }
      }
      assertThat(
              RetentionRows.oldestUnlocked(c, stream, camera, Long.MAX_VALUE, 0).stream()
                  .map(RetentionRows.Victim::id)
                  .toList())
          .isEqualTo(expected);
      assertThat(LockedSpace.lockedBytes(c, 0)).isEqualTo(expectedLocked);
      // Released locks protect nothing.
      assertThat(LockedSpace.lockedBytes(c, 0)).isPositive();
      try (var s = c.createStatement()) {
        s.execute(
            "UPDATE evidence_lock SET released_at_us = 1, released_by = 'x',"
                + " release_reason = 'y'");
      }
      assertThat(LockedSpace.lockedBytes(c, 0)).isZero();
    }
  }
}
