package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.decoder.VideoCodec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The timeline tables are kept by triggers (migration 0003): after every kind of change the index
 * sees (segments opened, grown, closed, cut, deleted from the start or the middle, indexed into a
 * hole; motion events started, ended, deleted), they equal what a full recomputation from the
 * segments and events gives. Real SQLite files; random operations from fixed seeds.
 */
class TimelineTablesTest {
  static final long T0 = 1_763_900_000_000_000L;
  static final long MINUTE = 60_000_000L;

  @TempDir Path dir;

  /** One stream's segments as the model keeps them: start -> {end, id}. */
  private static final class Model {
    final long stream;
    final TreeMap<Long, long[]> segments = new TreeMap<>();

    Model(long stream) {
      this.stream = stream;
    }

    long lastEnd() {
      return segments.isEmpty() ? T0 : segments.lastEntry().getValue()[0];
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void spansAndBucketsMatchARecomputationAfterEveryChange(long seed) throws Exception {
    Random random = new Random(seed);
    try (RecordingIndex index = RecordingIndex.open(dir)) {
      Connection c = index.connection();
      SegmentRows rows = new SegmentRows(c);
      ParameterSets params = ParameterSets.of(VideoCodec.H264, new byte[0]);
      long camera = index.upsertCamera("cam-1", "One", 0);
      long otherCamera = index.upsertCamera("cam-2", "Two", 0);
      List<Model> streams =
          List.of(
              new Model(index.ensureStream(camera, "main", "one/main").id()),
              new Model(index.ensureStream(otherCamera, "main", "two/main").id()));
      TreeMap<Long, long[]> events = new TreeMap<>(); // start -> {camera, end or -1}
      long nextId = 1;
      for (int op = 0; op < 1500; op++) {
        Model m = streams.get(random.nextInt(streams.size()));
        int kind = random.nextInt(100);
        String what;
        if (kind < 35 || m.segments.size() < 3) {
          // A segment opened after the last, grown by progress, then closed.
          long gap =
              switch (random.nextInt(10)) {
                case 0 -> 1 + random.nextInt(1000); // within the 1 ms tolerance
                case 1, 2, 3 -> 1001 + (long) (random.nextDouble() * 3 * 3_600_000_000L);
                default -> 0;
              };
          long start = m.lastEnd() + gap;
          if (!m.segments.isEmpty() && start <= m.segments.lastKey()) {
            start = m.segments.lastKey() + 1; // starts strictly increase (I4)
          }
          long id = nextId++;
          long end = start;
          rows.upsert(state(id, m.stream, start, end, false, 100), params);
          for (int g = random.nextInt(4); g > 0; g--) {
            end += (long) (random.nextDouble() * 20 * MINUTE);
            rows.upsert(state(id, m.stream, start, end, false, 100 + end - start), params);
          }
          rows.upsert(state(id, m.stream, start, end, true, 100 + end - start), params);
          m.segments.put(start, new long[] {end, id});
          what = "append " + start + ".." + end;
        } else if (kind < 50) {
          Map.Entry<Long, long[]> oldest = m.segments.pollFirstEntry();
          deleteSegment(c, oldest.getValue()[1]);
          what = "delete oldest " + oldest.getKey();
        } else if (kind < 60) {
          Long start = randomKey(m.segments, random);
          long[] s = m.segments.remove(start);
          rows.deleteSegment(s[1]);
          what = "delete " + start;
        } else if (kind < 72) {
          Long start = randomKey(m.segments, random);
          long[] s = m.segments.get(start);
          long end = start + (long) (random.nextDouble() * (s[0] - start));
          rows.update(state(s[1], m.stream, start, end, true, 50));
          s[0] = end;
          what = "shrink " + start + " to " + end;
        } else if (kind < 84) {
          // A segment indexed into a hole (recovery of a file that had no row).
          Long before = randomKey(m.segments, random);
          Map.Entry<Long, long[]> after = m.segments.higherEntry(before);
          long holeStart = m.segments.get(before)[0];
          if (after == null || after.getKey() - holeStart < 3) {
            continue;
          }
          long room = after.getKey() - holeStart;
          long start =
              holeStart
                  + (random.nextBoolean() ? 0 : 1 + (long) (random.nextDouble() * (room - 2)));
          long end =
              random.nextBoolean()
                  ? after.getKey()
                  : start + (long) (random.nextDouble() * (after.getKey() - start));
          if (start >= after.getKey() || start <= before) {
            continue;
          }
          long id = nextId++;
          rows.upsert(state(id, m.stream, start, end, true, 10), params);
          m.segments.put(start, new long[] {end, id});
          what = "fill " + start + ".." + end;
        } else {
          // Motion: an event starts, ends, or goes.
          int e = random.nextInt(3);
          long cameraRow = random.nextBoolean() ? camera : otherCamera;
          if (e == 0 || events.isEmpty()) {
            long start = T0 + (long) (random.nextDouble() * 10 * 86_400_000_000L);
            rows.motion(cameraRow, start, null, random.nextDouble());
            events.put(start, new long[] {cameraRow, -1});
            what = "event " + start;
          } else if (e == 1) {
            Long start = randomKey(events, random);
            long[] ev = events.get(start);
            long end = start + (long) (random.nextDouble() * 2 * 3_600_000_000L);
            rows.motion(ev[0], start, end, random.nextDouble());
            ev[1] = end;
            what = "event end " + start;
          } else {
            Long start = randomKey(events, random);
            events.remove(start);
            try (PreparedStatement s =
                c.prepareStatement("DELETE FROM motion_event WHERE start_us = ?")) {
              s.setLong(1, start);
              s.executeUpdate();
            }
            what = "event gone " + start;
          }
        }
        String context = "seed " + seed + ", op " + op + ": " + what;
        assertThat(TimelineTruth.actualSpans(c))
            .as(context)
            .isEqualTo(TimelineTruth.expectedSpans(c));
        assertThat(TimelineTruth.actualSegmentBuckets(c))
            .as(context)
            .isEqualTo(TimelineTruth.expectedSegmentBuckets(c));
        assertThat(TimelineTruth.actualMotionBuckets(c))
            .as(context)
            .isEqualTo(TimelineTruth.expectedMotionBuckets(c));
      }
      assertThat(TimelineTruth.actualSpans(c)).hasSizeGreaterThan(5);
    }
  }

  @Test
  void theMigrationComputesTheTablesForRecordingsMadeBeforeIt() throws Exception {
    Random random = new Random(9);
    Path file = dir.resolve(RecordingIndex.FILE_NAME);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      SchemaMigrations.migrate(c, 2);
      c.setAutoCommit(false); // one transaction for the old recordings
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO camera (id, camera_id, name, added_at_us) VALUES (1, 'a', 'A', 0)");
        s.execute("INSERT INTO camera (id, camera_id, name, added_at_us) VALUES (2, 'b', 'B', 0)");
        s.execute("INSERT INTO stream (id, camera_id, kind, dir) VALUES (1, 1, 'main', 'a/main')");
        s.execute("INSERT INTO stream (id, camera_id, kind, dir) VALUES (2, 2, 'main', 'b/main')");
        s.execute(
            "INSERT INTO video_params (id, codec, width, height, parameter_sets)"
                + " VALUES (1, 'H264', 0, 0, x'')");
      }
      try (PreparedStatement segment =
              c.prepareStatement(
                  "INSERT INTO segment (stream_id, start_us, end_us, state, bytes, frames,"
                      + " params_id, keyframes) VALUES (?, ?, ?, 1, ?, 1, 1, x'')");
          PreparedStatement event =
              c.prepareStatement(
                  "INSERT INTO motion_event (camera_id, start_us, end_us, score) VALUES (?, ?, ?, ?)")) {
        for (int stream = 1; stream <= 2; stream++) {
          long t = T0;
          for (int i = 0; i < 3000; i++) {
            long length = MINUTE + random.nextInt(40_000) - 20_000;
            segment.setLong(1, stream);
            segment.setLong(2, t);
            segment.setLong(3, t + length);
            segment.setLong(4, 1000 + random.nextInt(1000));
            segment.executeUpdate();
            t += length + (random.nextInt(50) == 0 ? 600_000_000L : random.nextInt(3) * 700L);
            if (random.nextInt(20) == 0) {
              event.setLong(1, stream);
              event.setLong(2, t - 30_000_000L);
              if (random.nextInt(10) == 0) {
                event.setNull(3, java.sql.Types.INTEGER);
              } else {
                event.setLong(3, t);
              }
              event.setDouble(4, random.nextDouble());
              event.executeUpdate();
            }
          }
        }
      }
      c.commit();
      c.setAutoCommit(true);
      SchemaMigrations.migrate(c);
      assertThat(SchemaMigrations.userVersion(c)).isEqualTo(SchemaMigrations.latestVersion());
      assertThat(TimelineTruth.actualSpans(c)).hasSizeGreaterThan(20);
      assertThat(TimelineTruth.actualSpans(c)).isEqualTo(TimelineTruth.expectedSpans(c));
      assertThat(TimelineTruth.actualSegmentBuckets(c))
          .isEqualTo(TimelineTruth.expectedSegmentBuckets(c));
      assertThat(TimelineTruth.actualMotionBuckets(c))
          .isEqualTo(TimelineTruth.expectedMotionBuckets(c));
    }
  }

  @Test
  void aSegmentsStartNeverChanges() throws Exception {
    try (RecordingIndex index = RecordingIndex.open(dir)) {
      SegmentRows rows = new SegmentRows(index.connection());
      long camera = index.upsertCamera("cam-1", "One", 0);
      long stream = index.ensureStream(camera, "main", "one/main").id();
      rows.upsert(
          state(1, stream, T0, T0 + MINUTE, true, 10),
          ParameterSets.of(VideoCodec.H264, new byte[0]));
      assertThatThrownBy(
              () -> {
                try (Statement s = index.connection().createStatement()) {
                  s.execute("UPDATE segment SET start_us = start_us + 1");
                }
              })
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("never change");
    }
  }

  @Test
  void everyMigrationSplitsIntoWholeStatements() {
    List<String> all = new ArrayList<>();
    for (String name : SchemaMigrations.MIGRATIONS) {
      try (var in = SchemaMigrations.class.getResourceAsStream("migrations/" + name)) {
        all.addAll(SchemaMigrations.statements(new String(in.readAllBytes())));
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }
    assertThat(all).allSatisfy(sql -> assertThat(sql).endsWith(";"));
    assertThat(all.stream().filter(s -> s.startsWith("CREATE TRIGGER")))
        .allSatisfy(sql -> assertThat(sql).endsWith("END;"));
    assertThatThrownBy(() -> SchemaMigrations.statements("CREATE TABLE t (a INTEGER)"))
        .hasMessageContaining("ends inside a statement");
  }

  private static SegmentState state(
      long id, long stream, long start, long end, boolean closed, long bytes) {
    return new SegmentState(id, stream, start, end, closed, bytes, 1, new byte[0], null, 0);
  }

  private static void deleteSegment(Connection c, long id) throws SQLException {
    // As retention does: the row moves to garbage in one statement each.
    try (PreparedStatement s = c.prepareStatement("DELETE FROM segment WHERE id = ?")) {
      s.setLong(1, id);
      s.executeUpdate();
    }
  }

  private static <V> Long randomKey(TreeMap<Long, V> map, Random random) {
    List<Long> keys = new ArrayList<>(map.keySet());
    return keys.get(random.nextInt(keys.size()));
  }
}
