package io.peerwall.recorder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The index writes of the recorder (segment rows, codec parameters, gaps, motion events), on the
 * index writer's connection. Used only by {@code recorder-index} and, before it starts, recovery.
 */
final class SegmentRows {
  static final int FLAG_RECOVERED = 1;
  static final int FLAG_DAMAGED = 2;

  /** motion_event.flags: ended by start-up recovery at the crash that cut it. */
  static final int EVENT_ENDED_BY_RECOVERY = 1;

  private final Connection connection;
  private final Map<String, Long> paramsIds = new HashMap<>();

  SegmentRows(Connection connection) {
    this.connection = connection;
  }

  Connection connection() {
    return connection;
  }

  /** The id of a codec configuration, inserting it the first time. */
  long paramsId(ParameterSets params) throws SQLException {
    String key = params.codec() + ":" + HexFormat.of().formatHex(params.annexB());
    Long cached = paramsIds.get(key);
    if (cached != null) {
      return cached;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO video_params (codec, width, height, parameter_sets) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (codec, parameter_sets) DO NOTHING")) {
      insert.setString(1, params.codec().name());
      insert.setInt(2, params.width());
      insert.setInt(3, params.height());
      insert.setBytes(4, params.annexB());
      insert.executeUpdate();
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT id FROM video_params WHERE codec = ? AND parameter_sets = ?")) {
      select.setString(1, params.codec().name());
      select.setBytes(2, params.annexB());
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        long id = rs.getLong(1);
        paramsIds.put(key, id);
        return id;
      }
    }
  }

  /** Inserts a segment row, or replaces it when a row with that id exists (a retried batch). */
  void upsert(SegmentState s, ParameterSets params) throws SQLException {
    long paramsId = paramsId(params);
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO segment (id, stream_id, start_us, end_us, state, bytes, frames, params_id,"
                + " keyframes, sha256, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET end_us = excluded.end_us,"
                + " state = excluded.state, bytes = excluded.bytes, frames = excluded.frames,"
                + " keyframes = excluded.keyframes, sha256 = excluded.sha256,"
                + " flags = excluded.flags")) {
      statement.setLong(1, s.id());
      statement.setLong(2, s.streamId());
      statement.setLong(3, s.startMicros());
      statement.setLong(4, s.endMicros());
      statement.setInt(5, s.closed() ? 1 : 0);
      statement.setLong(6, s.bytes());
      statement.setLong(7, s.frames());
      statement.setLong(8, paramsId);
      statement.setBytes(9, s.keyframes());
      if (s.sha256() == null) {
        statement.setNull(10, Types.BLOB);
      } else {
        statement.setBytes(10, s.sha256());
      }
      statement.setInt(11, s.flags());
      statement.executeUpdate();
    }
  }

  /** Updates the figures of a segment whose row exists. */
  void update(SegmentState s) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE segment SET end_us = ?, state = ?, bytes = ?, frames = ?, keyframes = ?,"
                + " sha256 = ?, flags = ? WHERE id = ?")) {
      statement.setLong(1, s.endMicros());
      statement.setInt(2, s.closed() ? 1 : 0);
      statement.setLong(3, s.bytes());
      statement.setLong(4, s.frames());
      statement.setBytes(5, s.keyframes());
      if (s.sha256() == null) {
        statement.setNull(6, Types.BLOB);
      } else {
        statement.setBytes(6, s.sha256());
      }
      statement.setInt(7, s.flags());
      statement.setLong(8, s.id());
      statement.executeUpdate();
    }
  }

  void deleteSegment(long id) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("DELETE FROM segment WHERE id = ?")) {
      statement.setLong(1, id);
      statement.executeUpdate();
    }
  }

  /** Opens a gap for a stream unless one is open already. */
  void startGap(long streamId, long startMicros, String reason) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO gap (stream_id, start_us, end_us, reason) SELECT ?, ?, NULL, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM gap WHERE stream_id = ? AND end_us IS NULL)")) {
      statement.setLong(1, streamId);
      statement.setLong(2, startMicros);
      statement.setString(3, reason);
      statement.setLong(4, streamId);
      statement.executeUpdate();
    }
  }

  /** Closes a stream's open gap, if any; a gap that ends before it starts is dropped. */
  void endGap(long streamId, long endMicros) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE gap SET end_us = max(start_us, ?) WHERE stream_id = ? AND end_us IS NULL")) {
      statement.setLong(1, endMicros);
      statement.setLong(2, streamId);
      statement.executeUpdate();
    }
  }

  /** A closed gap (known start and end). */
  void insertGap(long streamId, long startMicros, long endMicros, String reason)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO gap (stream_id, start_us, end_us, reason) VALUES (?, ?, ?, ?)")) {
      statement.setLong(1, streamId);
      statement.setLong(2, startMicros);
      statement.setLong(3, Math.max(startMicros, endMicros));
      statement.setString(4, reason);
      statement.executeUpdate();
    }
  }

  /** Inserts or updates the motion event of a camera that started at {@code startMicros}. */
  void motion(long cameraRowId, long startMicros, Long endMicros, double score)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE motion_event SET end_us = ?, score = max(score, ?)"
                + " WHERE camera_id = ? AND start_us = ?")) {
      setNullableLong(update, 1, endMicros);
      update.setDouble(2, score);
      update.setLong(3, cameraRowId);
      update.setLong(4, startMicros);
      if (update.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO motion_event (camera_id, start_us, end_us, score) VALUES (?, ?, ?, ?)")) {
      insert.setLong(1, cameraRowId);
      insert.setLong(2, startMicros);
      setNullableLong(insert, 3, endMicros);
      insert.setDouble(4, score);
      insert.executeUpdate();
    }
  }

  private static void setNullableLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setLong(index, value);
    }
  }
}
