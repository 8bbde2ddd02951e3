package io.peerwall.recorder;

import io.peerwall.recorder.motion.MotionMask;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.Optional;

/** Reads and writes the recording settings columns of {@code camera}. */
final class CameraSettingsRows {
  private CameraSettingsRows() {}

  static CameraSettings load(Connection connection, String cameraId) {
    String sql =
        "SELECT record_mode, max_age_s, motion_sensitivity, motion_mask, pre_roll_ms, post_roll_ms"
            + " FROM camera WHERE camera_id = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, cameraId);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return CameraSettings.defaults();
        }
        long maxAge = rs.getLong(2);
        Optional<Duration> age =
            rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(maxAge));
        return new CameraSettings(
            RecordingMode.fromSql(rs.getString(1)),
            age,
            rs.getInt(3),
            MotionMask.parse(rs.getString(4)),
            Duration.ofMillis(rs.getLong(5)),
            Duration.ofMillis(rs.getLong(6)));
      }
    } catch (SQLException e) {
      throw new IndexException(
          "cannot read the settings of " + cameraId + ": " + e.getMessage(), e);
    }
  }

  static void save(Connection connection, String cameraId, CameraSettings settings) {
    String sql =
        "UPDATE camera SET record_mode = ?, max_age_s = ?, motion_sensitivity = ?,"
            + " motion_mask = ?, pre_roll_ms = ?, post_roll_ms = ? WHERE camera_id = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, settings.mode().sqlName());
      if (settings.maxAge().isPresent()) {
        statement.setLong(2, settings.maxAge().get().toSeconds());
      } else {
        statement.setNull(2, Types.INTEGER);
      }
      statement.setInt(3, settings.motionSensitivity());
      statement.setString(4, settings.motionMask().toSql());
      statement.setLong(5, settings.preRoll().toMillis());
      statement.setLong(6, settings.postRoll().toMillis());
      statement.setString(7, cameraId);
      if (statement.executeUpdate() != 1) {
        throw new IndexException("camera " + cameraId + " is not in the index", null);
      }
    } catch (SQLException e) {
      throw new IndexException(
          "cannot store the settings of " + cameraId + ": " + e.getMessage(), e);
    }
  }
}
