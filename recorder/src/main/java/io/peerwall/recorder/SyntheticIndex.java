package io.peerwall.recorder;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * Fills an empty index with a synthetic but realistic history, for {@code peerwall bench index}:
 * cameras recording one-minute segments around the clock for many days, a short outage a day (a
 * gap), tens of motion events a day, and keyframe indexes of real size (a keyframe a second at 25
 * fps and 4 Mbit/s). No segment files are written: only the queries are measured.
 */
public final class SyntheticIndex {
  private static final long MINUTE = 60_000_000L;
  private static final long DAY = 1440 * MINUTE;

  private SyntheticIndex() {}

  /** What to generate. */
  public record Spec(int cameras, int days, long firstDayMicros, int eventsPerDay, long seed) {}

  /**
   * Creates {@code index.db} in {@code dataDir} (which must not have one) and fills it.
   *
   * @param progress told the number of segment rows written so far, now and then
   * @return the number of segment rows
   */
  public static long generate(Path dataDir, Spec spec, LongConsumer progress) {
    try (RecordingIndex index = RecordingIndex.open(dataDir)) {
      Connection c = index.connection();
      try (Statement s = c.createStatement()) {
        // Bulk load: no WAL, no syncs, no per-row triggers (the totals are set once at the end).
        s.execute("PRAGMA journal_mode = OFF");
        s.execute("PRAGMA synchronous = OFF");
        s.execute("PRAGMA cache_size = -262144");
        s.execute("DROP TRIGGER segment_bytes_insert");
      }
      long rows = fill(index, spec, progress);
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TRIGGER segment_bytes_insert AFTER INSERT ON segment BEGIN UPDATE stream SET"
                + " total_bytes = total_bytes + NEW.bytes WHERE id = NEW.stream_id; END");
        s.execute(
            "UPDATE stream SET total_bytes = (SELECT coalesce(sum(bytes), 0) FROM segment"
                + " WHERE stream_id = stream.id)");
        s.execute("ANALYZE");
        s.execute("PRAGMA journal_mode = WAL");
      }
      return rows;
    } catch (SQLException e) {
      throw new IndexException("cannot generate the synthetic index: " + e.getMessage(), e);
    }
  }

  private static long fill(RecordingIndex index, Spec spec, LongConsumer progress)
      throws SQLException {
    Connection c = index.connection();
    Random random = new Random(spec.seed());
    byte[][] keyframeBlobs = new byte[16][];
    for (int i = 0; i < keyframeBlobs.length; i++) {
      keyframeBlobs[i] = keyframes(random);
    }
    byte[] sha = new byte[32];
    long rows = 0;
    long id = 1;
    c.setAutoCommit(false);
    try (PreparedStatement segment =
            c.prepareStatement(
                "INSERT INTO segment (id, stream_id, start_us, end_us, state, bytes, frames,"
                    + " params_id, keyframes, sha256, flags) VALUES (?, ?, ?, ?, 1, ?, ?, 1, ?, ?, 0)");
        PreparedStatement gap =
            c.prepareStatement(
                "INSERT INTO gap (stream_id, start_us, end_us, reason) VALUES (?, ?, ?, 'offline')");
        PreparedStatement event =
            c.prepareStatement(
                "INSERT INTO motion_event (camera_id, start_us, end_us, score) VALUES (?, ?, ?, ?)")) {
      new SegmentRows(c)
          .paramsId(ParameterSets.of(io.peerwall.decoder.VideoCodec.H264, new byte[0]));
      for (int camera = 0; camera < spec.cameras(); camera++) {
        String cameraId = String.format(java.util.Locale.ROOT, "bench-%02d", camera + 1);
        long cameraRow = index.upsertCamera(cameraId, "Bench camera " + (camera + 1), 0);
        long stream =
            index
                .ensureStream(
                    cameraRow,
                    "main",
                    SegmentPaths.cameraDir("Bench camera " + (camera + 1), cameraId) + "/main")
                .id();
        for (int day = 0; day < spec.days(); day++) {
          long dayStart = spec.firstDayMicros() + day * DAY;
          // One outage a day, 5..15 minutes, somewhere in the day.
          long outageStart = dayStart + (long) (random.nextDouble() * (DAY - 20 * MINUTE));
          long outageEnd = outageStart + (5 + random.nextInt(10)) * MINUTE;
          gap.setLong(1, stream);
          gap.setLong(2, outageStart);
          gap.setLong(3, outageEnd);
          gap.addBatch();
          long t = dayStart + (camera * 937_000L) % MINUTE; // staggered rotation
          while (t < dayStart + DAY) {
            long length = MINUTE + random.nextInt(40_000) - 20_000;
            if (t + length > outageStart && t < outageEnd) {
              t = outageEnd;
              continue;
            }
            random.nextBytes(sha);
            segment.setLong(1, id++);
            segment.setLong(2, stream);
            segment.setLong(3, t);
            segment.setLong(4, t + length);
            segment.setLong(5, 29_000_000 + random.nextInt(2_000_000));
            segment.setLong(6, 1500);
            segment.setBytes(7, keyframeBlobs[random.nextInt(keyframeBlobs.length)]);
            segment.setBytes(8, sha);
            segment.addBatch();
            t += length;
            if (++rows % 10_000 == 0) {
              segment.executeBatch();
              progress.accept(rows);
            }
          }
          for (int e = 0; e < spec.eventsPerDay(); e++) {
            long start = dayStart + (long) (random.nextDouble() * (DAY - MINUTE));
            event.setLong(1, cameraRow);
            event.setLong(2, start);
            event.setLong(3, start + 5_000_000 + random.nextInt(55_000_000));
            event.setDouble(4, random.nextDouble() * 0.2);
            event.addBatch();
          }
        }
        segment.executeBatch();
        gap.executeBatch();
        event.executeBatch();
        c.commit();
        progress.accept(rows);
      }
    } finally {
      c.setAutoCommit(true);
    }
    return rows;
  }

  /** A keyframe index of a one-minute segment: 60 keyframes, 25 frames and ~500 KB apart. */
  private static byte[] keyframes(Random random) {
    KeyframeIndex.Builder builder = new KeyframeIndex.Builder();
    long offset = 0;
    long ticks = 0;
    for (int k = 1; k < 60; k++) {
      offset += 450_000 + random.nextInt(100_000);
      ticks += 90_000 + random.nextInt(7) - 3;
      builder.add(k * 25, ticks, offset);
    }
    return builder.toBytes();
  }
}
