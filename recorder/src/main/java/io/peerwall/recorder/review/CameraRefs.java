package io.peerwall.recorder.review;

import io.peerwall.recorder.IndexException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Camera IDs to their index rows: camera row, main stream (if recorded), current name. */
final class CameraRefs {
  /** A camera as the queries need it; {@code streamId} is -1 when it was never recorded. */
  record Ref(String cameraId, long cameraRow, long streamId, String name) {}

  private CameraRefs() {}

  /** The known cameras among {@code cameraIds}, in the order given; unknown ones are left out. */
  static List<Ref> resolve(Connection c, Collection<String> cameraIds) throws SQLException {
    Map<String, Ref> found = new LinkedHashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT c.id, coalesce(st.id, -1), c.name FROM camera c LEFT JOIN stream st"
                + " ON st.camera_id = c.id AND st.kind = 'main' WHERE c.camera_id = ?")) {
      for (String camera : cameraIds) {
        if (found.containsKey(camera)) {
          continue;
        }
        s.setString(1, camera);
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next()) {
            found.put(camera, new Ref(camera, rs.getLong(1), rs.getLong(2), rs.getString(3)));
          }
        }
      }
    }
    return new ArrayList<>(found.values());
  }

  /** Every camera, by name. */
  static List<Ref> all(Connection c) throws SQLException {
    List<Ref> refs = new ArrayList<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT c.camera_id, c.id, coalesce(st.id, -1), c.name FROM camera c"
                    + " LEFT JOIN stream st ON st.camera_id = c.id AND st.kind = 'main'"
                    + " ORDER BY c.name");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        refs.add(new Ref(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
      }
    }
    return refs;
  }

  /** One camera, which must be known. */
  static Ref one(Connection c, String cameraId) throws SQLException {
    Optional<Ref> ref = resolve(c, List.of(cameraId)).stream().findFirst();
    return ref.orElseThrow(() -> new IllegalArgumentException("unknown camera: " + cameraId));
  }

  static IndexException failed(String what, SQLException e) {
    return new IndexException("cannot read " + what + " from the index: " + e.getMessage(), e);
  }
}
