package io.peerwall.recorder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The index side of retention, run inside the index writer's transactions: which segments may go
 * (closed, oldest first, never one that overlaps an active evidence lock), moving them to {@code
 * garbage} with the lock checked again in the same statement, and the motion events and gaps that
 * no longer describe any recording. See docs/storage.md section 5 and decision 0050.
 */
final class RetentionRows {
  /** Most segments chosen per stream and pass. */
  static final int BATCH = 200;

  /** The oldest closed segments of a stream inside one unlocked stretch. */
  static final String UNLOCKED_STRETCH =
      "SELECT s.id, s.start_us, s.end_us, s.bytes, st.dir FROM segment s JOIN stream st"
          + " ON st.id = s.stream_id WHERE s.stream_id = ? AND s.state = 1 AND s.start_us >= ?"
          + " AND s.start_us < ? AND s.end_us <= ? AND s.end_us < ? ORDER BY s.start_us LIMIT ?";

  /**
   * The segment that starts last at or before a time: one descent; it overlaps [a, b] iff its end
   * passes a (segments of a stream do not overlap, I4).
   */
  private static final String LAST_BEFORE =
      "(SELECT end_us FROM segment WHERE stream_id = ?1 AND start_us <= %s"
          + " ORDER BY start_us DESC LIMIT 1)";

  /** Events of the stream's camera up to ?2 that overlap no segment. */
  static final String TRIM_EVENTS =
      "DELETE FROM motion_event AS e WHERE e.camera_id ="
          + " (SELECT camera_id FROM stream WHERE id = ?1) AND e.start_us < ?2"
          + " AND e.end_us IS NOT NULL AND e.end_us <= ?2 AND coalesce("
          + String.format(LAST_BEFORE, "coalesce(e.end_us, e.start_us)")
          + " > e.start_us, 0) = 0";

  /** Closed gaps of the stream up to ?2 that touch no segment at either end. */
  static final String TRIM_GAPS =
      "DELETE FROM gap AS g WHERE g.stream_id = ?1 AND g.start_us < ?2"
          + " AND g.end_us IS NOT NULL AND g.end_us <= ?2 AND coalesce("
          + String.format(LAST_BEFORE, "g.start_us")
          + " >= g.start_us - "
          + Recordings.CONTIGUOUS_MICROS
          + ", 0) = 0 AND NOT EXISTS (SELECT 1 FROM segment WHERE stream_id = ?1"
          + " AND start_us >= g.end_us - "
          + Recordings.CONTIGUOUS_MICROS
          + " AND start_us <= g.end_us + "
          + Recordings.CONTIGUOUS_MICROS
          + ")";

  /** The statements whose plans the query-plan test checks. */
  static final List<String> STATEMENTS = List.of(UNLOCKED_STRETCH, TRIM_EVENTS, TRIM_GAPS);

  private RetentionRows() {}

  /** A segment chosen for deletion. */
  record Victim(
      long id, long streamId, long startMicros, long endMicros, long bytes, String path) {}

  /** {stream id, camera row} of every stream. */
  static List<long[]> streams(Connection c) throws SQLException {
    List<long[]> streams = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT id, camera_id FROM stream ORDER BY id");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        streams.add(new long[] {rs.getLong(1), rs.getLong(2)});
      }
    }
    return streams;
  }

  /**
   * The oldest closed segments of a stream that end before {@code endBefore} and overlap no active
   * lock of its camera, at most {@link #BATCH}. The locks split time into unlocked stretches; each
   * is one range of the segment index, so locked segments are stepped over, never read one by one.
   */
  static List<Victim> oldestUnlocked(
      Connection c, long stream, long cameraRow, long endBefore, long now) throws SQLException {
    List<LockedSpace.Interval> locks = LockedSpace.lockedRanges(c, cameraRow, now);
    List<Victim> found = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(UNLOCKED_STRETCH)) {
      long from = Long.MIN_VALUE;
      for (int i = 0; i <= locks.size() && found.size() < BATCH; i++) {
        long to = i < locks.size() ? locks.get(i).fromMicros() : Long.MAX_VALUE;
        if (from >= endBefore) {
          break;
        }
        s.setLong(1, stream);
        s.setLong(2, from);
        s.setLong(3, to);
        s.setLong(4, to);
        s.setLong(5, endBefore);
        s.setInt(6, BATCH - found.size());
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            long id = rs.getLong(1);
            long start = rs.getLong(2);
            String path = rs.getString(5) + "/" + SegmentPaths.relativeFile(start, id);
            found.add(new Victim(id, stream, start, rs.getLong(3), rs.getLong(4), path));
          }
        }
        if (i < locks.size()) {
          from = locks.get(i).toMicros();
        }
      }
    }
    return found;
  }

  /**
   * Moves the victims' rows to {@code garbage}, each only if no active lock overlaps it now (a lock
   * made since they were chosen wins: the check and the move are one statement, under the write
   * lock). Returns the victims actually moved; only their files may be deleted.
   */
  static List<Victim> moveToGarbage(Connection c, List<Victim> victims, long now)
      throws SQLException {
    List<Victim> moved = new ArrayList<>();
    try (PreparedStatement toGarbage =
            c.prepareStatement(
                "INSERT OR REPLACE INTO garbage (segment_id, path) SELECT ?1, ?2 WHERE NOT EXISTS"
                    + " (SELECT 1 FROM stream st JOIN evidence_lock_camera lc"
                    + " ON lc.camera_id = st.camera_id JOIN evidence_lock l ON l.id = lc.lock_id"
                    + " WHERE st.id = ?3 AND l.from_us < ?4 AND l.to_us > ?5"
                    + " AND l.released_at_us IS NULL AND (l.until_us IS NULL OR l.until_us > ?6))");
        PreparedStatement remove = c.prepareStatement("DELETE FROM segment WHERE id = ?")) {
      for (Victim v : victims) {
        toGarbage.setLong(1, v.id());
        toGarbage.setString(2, v.path());
        toGarbage.setLong(3, v.streamId());
        toGarbage.setLong(4, v.endMicros());
        toGarbage.setLong(5, v.startMicros());
        toGarbage.setLong(6, now);
        if (toGarbage.executeUpdate() == 0) {
          continue; // locked meanwhile
        }
        remove.setLong(1, v.id());
        remove.executeUpdate();
        moved.add(v);
      }
    }
    Map<Long, Long> upTo = new HashMap<>();
    for (Victim v : moved) {
      upTo.merge(v.streamId(), v.endMicros(), Math::max);
    }
    for (Map.Entry<Long, Long> e : upTo.entrySet()) {
      trimOrphans(c, e.getKey(), e.getValue());
    }
    return moved;
  }

  /**
   * Motion events and gaps up to {@code upTo} (the end of the newest segment just deleted) that no
   * remaining segment is part of: events that overlap no segment, closed gaps that touch none. What
   * survives under a lock keeps its events and the gaps around it.
   */
  private static void trimOrphans(Connection c, long stream, long upTo) throws SQLException {
    try (PreparedStatement events = c.prepareStatement(TRIM_EVENTS);
        PreparedStatement gaps = c.prepareStatement(TRIM_GAPS)) {
      events.setLong(1, stream);
      events.setLong(2, upTo);
      events.executeUpdate();
      gaps.setLong(1, stream);
      gaps.setLong(2, upTo);
      gaps.executeUpdate();
    }
  }
}
