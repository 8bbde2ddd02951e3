package io.peerwall.recorder;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The station's SQLite index ({@code index.db} in the data directory), opened in WAL mode with the
 * schema migrated to the latest version. One instance owns one connection; callers serialize access
 * (the recorder's index writer thread), which SQLite needs anyway for writes.
 */
public final class RecordingIndex implements AutoCloseable {
  /** File name of the index inside the data directory. */
  public static final String FILE_NAME = "index.db";

  private final Connection connection;

  private RecordingIndex(Connection connection) {
    this.connection = connection;
  }

  /**
   * Opens (creating if needed) the index in {@code dataDir}.
   *
   * @throws IndexException naming the file and the reason when it cannot be opened or migrated
   */
  public static RecordingIndex open(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    Connection connection = null;
    try {
      // Transactions take the write lock when they begin: the recorder's batches, migrations
      // and user actions (other connections, other processes) then wait for one another (busy
      // timeout) instead of failing with SQLITE_BUSY_SNAPSHOT when one wrote after another read.
      java.util.Properties properties = new java.util.Properties();
      properties.setProperty("transaction_mode", "IMMEDIATE");
      connection = DriverManager.getConnection("jdbc:sqlite:" + file, properties);
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA journal_mode = WAL");
        statement.execute("PRAGMA synchronous = NORMAL");
        statement.execute("PRAGMA foreign_keys = ON");
        statement.execute("PRAGMA busy_timeout = 5000");
      }
      SchemaMigrations.migrate(connection);
      return new RecordingIndex(connection);
    } catch (SQLException e) {
      closeQuietly(connection, e);
      throw new IndexException("cannot open the index " + file + ": " + e.getMessage(), e);
    }
  }

  /** Records a camera, or updates its name; returns its row id. */
  public long upsertCamera(String cameraId, String name, long nowEpochMicros) {
    String sql =
        "INSERT INTO camera (camera_id, name, added_at_us) VALUES (?, ?, ?) "
            + "ON CONFLICT (camera_id) DO UPDATE SET name = excluded.name RETURNING id";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, cameraId);
      statement.setString(2, name);
      statement.setLong(3, nowEpochMicros);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IndexException("cannot record camera " + cameraId + ": " + e.getMessage(), e);
    }
  }

  /** Notes that a session with the camera was live at {@code epochMicros}. */
  public void markSeen(String cameraId, long epochMicros) {
    String sql =
        "UPDATE camera SET last_seen_us = max(coalesce(last_seen_us, 0), ?) WHERE camera_id = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, epochMicros);
      statement.setString(2, cameraId);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IndexException("cannot update camera " + cameraId + ": " + e.getMessage(), e);
    }
  }

  /** Every known camera, by name. */
  public List<CameraRow> cameras() {
    String sql = "SELECT camera_id, name, added_at_us, last_seen_us FROM camera ORDER BY name";
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rs = statement.executeQuery()) {
      List<CameraRow> rows = new ArrayList<>();
      while (rs.next()) {
        long lastSeen = rs.getLong(4);
        rows.add(
            new CameraRow(
                rs.getString(1),
                rs.getString(2),
                rs.getLong(3),
                rs.wasNull() ? Optional.empty() : Optional.of(lastSeen)));
      }
      return rows;
    } catch (SQLException e) {
      throw new IndexException("cannot list cameras: " + e.getMessage(), e);
    }
  }

  /** The row id of a camera, if the index knows it. */
  public Optional<Long> cameraRowId(String cameraId) {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT id FROM camera WHERE camera_id = ?")) {
      statement.setString(1, cameraId);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IndexException("cannot look up camera " + cameraId + ": " + e.getMessage(), e);
    }
  }

  /**
   * The stream of a camera, created with {@code dir} if it does not exist yet (an existing stream
   * keeps its directory).
   */
  public StreamRow ensureStream(long cameraRowId, String kind, String dir) {
    try {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO stream (camera_id, kind, dir) VALUES (?, ?, ?) "
                  + "ON CONFLICT (camera_id, kind) DO NOTHING")) {
        insert.setLong(1, cameraRowId);
        insert.setString(2, kind);
        insert.setString(3, dir);
        insert.executeUpdate();
      }
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT id, dir FROM stream WHERE camera_id = ? AND kind = ?")) {
        select.setLong(1, cameraRowId);
        select.setString(2, kind);
        try (ResultSet rs = select.executeQuery()) {
          rs.next();
          return new StreamRow(rs.getLong(1), cameraRowId, kind, rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw new IndexException("cannot record stream " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Every stream, by id. */
  public List<StreamRow> streams() {
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT id, camera_id, kind, dir FROM stream ORDER BY id");
        ResultSet rs = statement.executeQuery()) {
      List<StreamRow> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(new StreamRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
      }
      return rows;
    } catch (SQLException e) {
      throw new IndexException("cannot list streams: " + e.getMessage(), e);
    }
  }

  /** A camera's recording settings (defaults for a camera the index does not know). */
  public CameraSettings settings(String cameraId) {
    return CameraSettingsRows.load(connection, cameraId);
  }

  /** Stores a camera's recording settings; the camera must be known. */
  public void saveSettings(String cameraId, CameraSettings settings) {
    CameraSettingsRows.save(connection, cameraId, settings);
  }

  /**
   * The connection: for the recorder's index writer and recovery, and for the recorder's review and
   * custody packages, which run their own statements on their own instance (one thread at a time
   * per instance; WAL lets readers run beside the recorder, and writes wait for its batch).
   */
  public Connection connection() {
    return connection;
  }

  /** Whether an index failure means the file is damaged (rather than busy, full or missing). */
  public static boolean isCorruption(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        int code = sql.getErrorCode() & 0xFF;
        if (code == 11 || code == 26) { // SQLITE_CORRUPT, SQLITE_NOTADB
          return true;
        }
      }
    }
    return false;
  }

  /** The schema version of the open index. */
  public int schemaVersion() {
    try {
      return SchemaMigrations.userVersion(connection);
    } catch (SQLException e) {
      throw new IndexException("cannot read the schema version: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IndexException("cannot close the index: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Connection connection, SQLException primary) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      primary.addSuppressed(e);
    }
  }

  /** A recorded stream: its row, camera row, kind ("main") and directory under recordings/. */
  public record StreamRow(long id, long cameraRowId, String kind, String dir) {}

  /** A camera as the index knows it; times in microseconds since the epoch. */
  public record CameraRow(
      String cameraId, String name, long addedAtEpochMicros, Optional<Long> lastSeenEpochMicros) {}
}
