package io.peerwall.recorder;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * Fills an empty index with a synthetic but realistic history, for {@code peerwall bench index} and
 * the review tests: cameras recording one-minute segments around the clock for many days, a 5 to 14
 * minute outage a day (a gap), motion events spread over each day (one in each of {@code
 * eventsPerDay} slots, 5 to 60 s, nine in ten marked reviewed), keyframe indexes of real size (a
 * keyframe a second at 25 fps and 4 Mbit/s) or of one keyframe ({@code compactKeyframes}, for a
 * fast and small test file), bookmarks and evidence locks. No segment files are written: only the
 * queries are measured.
 *
 * <p>Rows are generated inside SQLite (a recursive query per camera, arithmetic hashes for the
 * variation) with the triggers off, then the timeline tables are computed by the same backfill the
 * schema migration runs: tens of millions of rows a minute or two.
 */
public final class SyntheticIndex {
  static final long MINUTE = 60_000_000L;
  static final long DAY = 1440 * MINUTE;

  private SyntheticIndex() {}

  /**
   * What to generate.
   *
   * @param compactKeyframes one-keyframe indexes (rows of ~100 bytes) instead of 60 keyframes
   * @param bookmarks bookmarks spread over all cameras and days
   * @param locks evidence locks of an hour each, on one camera each, never released
   */
  public record Spec(
      int cameras,
      int days,
      long firstDayMicros,
      int eventsPerDay,
      long seed,
      boolean compactKeyframes,
      int bookmarks,
      int locks) {

    public Spec {
      if (cameras < 1 || days < 1 || eventsPerDay < 0 || eventsPerDay > 1000) {
        throw new IllegalArgumentException("at least one camera and one day, 0..1000 events");
      }
    }

    /** Realistic keyframe indexes, 1000 bookmarks, 20 locks. */
    public Spec(int cameras, int days, long firstDayMicros, int eventsPerDay, long seed) {
      this(cameras, days, firstDayMicros, eventsPerDay, seed, false, 1000, 20);
    }
  }

  /**
   * Creates {@code index.db} in {@code dataDir} (which must not have one) and fills it.
   *
   * @param progress told the number of segment rows written so far, after each camera
   * @return the number of segment rows
   */
  public static long generate(Path dataDir, Spec spec, LongConsumer progress) {
    try (RecordingIndex index = RecordingIndex.open(dataDir)) {
      Connection c = index.connection();
      List<String> triggers = new ArrayList<>();
      try (Statement s = c.createStatement()) {
        // Bulk load: no WAL, no syncs, no triggers (the tables they keep are computed after).
        s.execute("PRAGMA journal_mode = OFF");
        s.execute("PRAGMA synchronous = OFF");
        s.execute("PRAGMA cache_size = -262144");
        try (ResultSet rs =
            s.executeQuery(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                    + " AND tbl_name IN ('segment', 'motion_event')")) {
          List<String> names = new ArrayList<>();
          while (rs.next()) {
            names.add(rs.getString(1));
            triggers.add(rs.getString(2));
          }
          for (String name : names) {
            s.execute("DROP TRIGGER " + name);
          }
        }
      }
      long rows = fill(index, spec, progress);
      try (Statement s = c.createStatement()) {
        for (String sql : SchemaMigrations.script("0004-timeline-backfill.sql")) {
          if (sql.startsWith("INSERT INTO motion_bucket")) {
            s.execute(sql); // the events are few: the migration's own backfill
          }
        }
        for (String sql : triggers) {
          s.execute(sql);
        }
        s.execute(
            "UPDATE stream SET total_bytes = (SELECT coalesce(sum(bytes), 0) FROM segment_bucket"
                + " WHERE stream_id = stream.id AND level_us = 86400000000)");
        s.execute("PRAGMA analysis_limit = 1000"); // statistics from a sample: seconds, not minutes
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
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      long params =
          new SegmentRows(c)
              .paramsId(ParameterSets.of(io.peerwall.decoder.VideoCodec.H264, new byte[0]));
      s.execute("CREATE TEMP TABLE synthetic_keyframes (k INTEGER PRIMARY KEY, blob BLOB)");
      try (PreparedStatement kf =
          c.prepareStatement("INSERT INTO temp.synthetic_keyframes VALUES (?, ?)")) {
        for (int k = 0; k < 16; k++) {
          kf.setInt(1, k);
          kf.setBytes(2, spec.compactKeyframes() ? new byte[0] : keyframes(random));
          kf.executeUpdate();
        }
      }
      long rows = 0;
      long minutes = (long) spec.days() * 1440;
      long slot = DAY / Math.max(1, spec.eventsPerDay());
      for (int camera = 0; camera < spec.cameras(); camera++) {
        String cameraId = String.format(java.util.Locale.ROOT, "bench-%02d", camera + 1);
        String name = "Bench camera " + (camera + 1);
        long cameraRow = index.upsertCamera(cameraId, name, 0);
        long stream =
            index
                .ensureStream(cameraRow, "main", SegmentPaths.cameraDir(name, cameraId) + "/main")
                .id();
        long first = spec.firstDayMicros() + (camera * 937_000L) % MINUTE; // staggered cuts
        // The day's outage: from minute o (0..1419) for 5..14 minutes, from a hash of the day.
        String outage = "((" + (camera + 1) * 7919L + " + (n / 1440) * 104729) * 2654435761)";
        try (PreparedStatement segments =
            c.prepareStatement(
                "WITH RECURSIVE m(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM m WHERE n < ?)"
                    + " INSERT INTO segment (stream_id, start_us, end_us, state, bytes, frames,"
                    + " params_id, keyframes, sha256, flags)"
                    + " SELECT ?, ? + n * 60000000, ? + (n + 1) * 60000000, 1,"
                    + " 29000000 + (n * 2654435761) % 2000000, 1500, ?,"
                    + (spec.compactKeyframes()
                        ? " x'', NULL,"
                        : " (SELECT blob FROM temp.synthetic_keyframes WHERE k = (n * 40503) % 16),"
                            + " zeroblob(32),")
                    + " 0 FROM m WHERE NOT (n % 1440 >= "
                    + outage
                    + " % 1420 AND n % 1440 < "
                    + outage
                    + " % 1420 + 5 + "
                    + outage
                    + " % 10)")) {
          segments.setLong(1, minutes - 1);
          segments.setLong(2, stream);
          segments.setLong(3, first);
          segments.setLong(4, first);
          segments.setLong(5, params);
          rows += segments.executeUpdate();
        }
        timelineTables(c, spec, camera, stream, first);
        try (PreparedStatement gaps =
            c.prepareStatement(
                "WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1440 FROM d WHERE n < ?)"
                    + " INSERT INTO gap (stream_id, start_us, end_us, reason)"
                    + " SELECT ?, ? + (n + "
                    + outage
                    + " % 1420) * 60000000, ? + (n + "
                    + outage
                    + " % 1420 + 5 + "
                    + outage
                    + " % 10) * 60000000, 'offline' FROM d")) {
          gaps.setLong(1, minutes - 1440);
          gaps.setLong(2, stream);
          gaps.setLong(3, first);
          gaps.setLong(4, first);
          gaps.executeUpdate();
        }
        if (spec.eventsPerDay() > 0) {
          try (PreparedStatement events =
              c.prepareStatement(
                  "WITH RECURSIVE e(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM e WHERE n < ?)"
                      + " INSERT INTO motion_event (camera_id, start_us, end_us, score,"
                      + " reviewed_at_us, reviewed_by)"
                      + " SELECT ?, s, s + 5000000 + (n * 40503) % 55000000,"
                      + " ((n * 2654435761) % 1000) / 5000.0,"
                      + " CASE WHEN n % 10 = 0 THEN NULL ELSE s + 3600000000 END,"
                      + " CASE WHEN n % 10 = 0 THEN NULL ELSE 'bench' END"
                      + " FROM (SELECT n, ? + (n / ?) * 86400000000 + (n % ?) * ?"
                      + " + (n * 2246822519 + ?) % ? AS s FROM e)")) {
            events.setLong(1, (long) spec.days() * spec.eventsPerDay() - 1);
            events.setLong(2, cameraRow);
            events.setLong(3, spec.firstDayMicros());
            events.setLong(4, spec.eventsPerDay());
            events.setLong(5, spec.eventsPerDay());
            events.setLong(6, slot);
            events.setLong(7, camera * 7919L);
            events.setLong(8, Math.max(1, slot - 61_000_000L));
            events.executeUpdate();
          }
        }
        c.commit();
        progress.accept(rows);
      }
      addBookmarksAndLocks(c, spec, random);
      c.commit();
      s.execute("DROP TABLE temp.synthetic_keyframes");
      return rows;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** Minute of the day (0..1419) the camera's outage starts on a day; as the SQL above. */
  static long outageStart(int camera, long day) {
    return ((camera + 1) * 7919L + day * 104729L) * 2654435761L % 1420;
  }

  /** Minutes the outage lasts (5..14). */
  static long outageLength(int camera, long day) {
    return 5 + ((camera + 1) * 7919L + day * 104729L) * 2654435761L % 10;
  }

  /** Bytes of the segment of minute n; as the SQL above. */
  static long segmentBytes(long n) {
    return 29_000_000L + n * 2654435761L % 2_000_000L;
  }

  /**
   * The recorded spans and the hour and day buckets of one stream, as the triggers would have kept
   * them for the segments generated: minute n is a segment unless it is in its day's outage.
   */
  private static void timelineTables(Connection c, Spec spec, int camera, long stream, long first)
      throws SQLException {
    try (PreparedStatement span =
            c.prepareStatement(
                "INSERT INTO recorded_span (stream_id, start_us, end_us) VALUES (?, ?, ?)");
        PreparedStatement bucket =
            c.prepareStatement(
                "INSERT INTO segment_bucket (stream_id, level_us, bucket_us, segments, bytes,"
                    + " recorded_us, first_us, last_end_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      long hour = 3_600_000_000L;
      long[][] open = {null, null}; // per level: bucket, segments, bytes, recorded, first, lastEnd
      long[] levels = {hour, DAY};
      long spanStart = -1;
      long spanEnd = -1;
      for (long day = 0; day < spec.days(); day++) {
        long o = outageStart(camera, day);
        long length = outageLength(camera, day);
        for (long m = 0; m < 1440; m++) {
          if (m >= o && m < o + length) {
            continue;
          }
          long n = day * 1440 + m;
          long start = first + n * MINUTE;
          long end = start + MINUTE;
          if (spanStart >= 0 && start - spanEnd > Recordings.CONTIGUOUS_MICROS) {
            addSpan(span, stream, spanStart, spanEnd);
            spanStart = -1;
          }
          if (spanStart < 0) {
            spanStart = start;
          }
          spanEnd = end;
          for (int l = 0; l < 2; l++) {
            long b = Math.floorDiv(start, levels[l]) * levels[l];
            if (open[l] != null && open[l][0] != b) {
              addBucket(bucket, stream, levels[l], open[l]);
              open[l] = null;
            }
            if (open[l] == null) {
              open[l] = new long[] {b, 0, 0, 0, start, end};
            }
            open[l][1]++;
            open[l][2] += segmentBytes(n);
            open[l][3] += MINUTE;
            open[l][5] = end;
          }
        }
      }
      if (spanStart >= 0) {
        addSpan(span, stream, spanStart, spanEnd);
      }
      for (int l = 0; l < 2; l++) {
        if (open[l] != null) {
          addBucket(bucket, stream, levels[l], open[l]);
        }
      }
      span.executeBatch();
      bucket.executeBatch();
    }
  }

  private static void addSpan(PreparedStatement span, long stream, long start, long end)
      throws SQLException {
    span.setLong(1, stream);
    span.setLong(2, start);
    span.setLong(3, end);
    span.addBatch();
  }

  private static void addBucket(PreparedStatement bucket, long stream, long level, long[] b)
      throws SQLException {
    bucket.setLong(1, stream);
    bucket.setLong(2, level);
    bucket.setLong(3, b[0]);
    for (int i = 1; i < 6; i++) {
      bucket.setLong(3 + i, b[i]);
    }
    bucket.addBatch();
  }

  private static void addBookmarksAndLocks(Connection c, Spec spec, Random random)
      throws SQLException {
    String[] words = {"gate", "delivery", "van", "person", "fence", "配達", "不審者", "駐車場"};
    try (PreparedStatement bookmark =
            c.prepareStatement(
                "INSERT INTO bookmark (camera_id, start_us, end_us, name, note, search_text,"
                    + " created_by, created_at_us, updated_by, updated_at_us)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 'bench', 0, 'bench', 0)");
        PreparedStatement lock =
            c.prepareStatement(
                "INSERT INTO evidence_lock (from_us, to_us, reason, locked_by, locked_at_us)"
                    + " VALUES (?, ?, 'bench', 'bench', 0) RETURNING id");
        PreparedStatement lockCamera =
            c.prepareStatement(
                "INSERT INTO evidence_lock_camera (lock_id, camera_id) VALUES (?, ?)")) {
      long span = (long) spec.days() * DAY;
      for (int i = 0; i < spec.bookmarks(); i++) {
        long start = spec.firstDayMicros() + (long) (random.nextDouble() * (span - DAY));
        String name = words[random.nextInt(words.length)] + " " + i;
        String note = "note " + words[random.nextInt(words.length)];
        bookmark.setLong(1, 1 + random.nextInt(spec.cameras()));
        bookmark.setLong(2, start);
        bookmark.setLong(3, start + random.nextInt(600) * 1_000_000L);
        bookmark.setString(4, name);
        bookmark.setString(5, note);
        bookmark.setString(6, (name + "\n" + note).toLowerCase(java.util.Locale.ROOT));
        bookmark.executeUpdate();
      }
      for (int i = 0; i < spec.locks(); i++) {
        long start = spec.firstDayMicros() + (long) (random.nextDouble() * (span - DAY));
        lock.setLong(1, start);
        lock.setLong(2, start + 3_600_000_000L);
        long id;
        try (ResultSet rs = lock.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
        lockCamera.setLong(1, id);
        lockCamera.setLong(2, 1 + random.nextInt(spec.cameras()));
        lockCamera.executeUpdate();
      }
    }
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
