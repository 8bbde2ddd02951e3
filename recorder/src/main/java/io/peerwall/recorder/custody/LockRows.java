package io.peerwall.recorder.custody;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rows of {@link EvidenceLocks}: locks with their cameras, history entries, camera rows. */
final class LockRows {
  private LockRows() {}

  static List<EvidenceLock> read(Connection c, String where, List<Long> args) throws SQLException {
    Map<Long, EvidenceLock> locks = new LinkedHashMap<>();
    Map<Long, List<String>> cameras = new LinkedHashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT l.id, l.from_us, l.to_us, l.until_us, l.reason, l.locked_by, l.locked_at_us,"
                + " l.released_at_us, l.released_by, l.release_reason, cam.camera_id"
                + " FROM evidence_lock l JOIN evidence_lock_camera lc ON lc.lock_id = l.id"
                + " JOIN camera cam ON cam.id = lc.camera_id "
                + where
                + " ORDER BY l.id DESC, cam.camera_id")) {
      for (int i = 0; i < args.size(); i++) {
        s.setLong(i + 1, args.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          cameras.computeIfAbsent(id, k -> new ArrayList<>()).add(rs.getString(11));
          if (locks.containsKey(id)) {
            continue;
          }
          long until = rs.getLong(4);
          Optional<Long> untilMicros = rs.wasNull() ? Optional.empty() : Optional.of(until);
          long releasedAt = rs.getLong(8);
          Optional<EvidenceLock.Release> release =
              rs.wasNull()
                  ? Optional.empty()
                  : Optional.of(
                      new EvidenceLock.Release(releasedAt, rs.getString(9), rs.getString(10)));
          locks.put(
              id,
              new EvidenceLock(
                  id,
                  List.of(),
                  rs.getLong(2),
                  rs.getLong(3),
                  untilMicros,
                  rs.getString(5),
                  rs.getString(6),
                  rs.getLong(7),
                  release));
        }
      }
    }
    List<EvidenceLock> out = new ArrayList<>();
    for (EvidenceLock l : locks.values()) {
      out.add(
          new EvidenceLock(
              l.id(),
              cameras.get(l.id()),
              l.fromMicros(),
              l.toMicros(),
              l.untilMicros(),
              l.reason(),
              l.lockedBy(),
              l.lockedAtMicros(),
              l.release()));
    }
    return out;
  }

  static void event(Connection c, long lock, long at, String action, String who, String reason)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO evidence_lock_event (lock_id, at_us, action, who, reason)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      s.setLong(1, lock);
      s.setLong(2, at);
      s.setString(3, action);
      s.setString(4, who);
      s.setString(5, reason);
      s.executeUpdate();
    }
  }

  static Optional<Long> cameraRow(Connection c, String cameraId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM camera WHERE camera_id = ?")) {
      s.setString(1, cameraId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }
}
