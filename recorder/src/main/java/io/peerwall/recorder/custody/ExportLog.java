package io.peerwall.recorder.custody;

import io.peerwall.recorder.IndexException;
import io.peerwall.recorder.IndexTransaction;
import io.peerwall.recorder.RecordingIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of who exported what (issue 15.4, decision 0052): one row per export, appended in the
 * transaction that reads the previous row's hash, never updated or deleted (the index's triggers
 * refuse it, whoever asks; this class has no method for it). Each row's hash covers the previous
 * one's, so {@link #verifyChain} notices rows edited or removed outside PeerWall. Methods do I/O:
 * never call them on the FX thread.
 */
public final class ExportLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExportLog.class);
  private static final byte[] GENESIS = new byte[32];

  private final RecordingIndex index;
  private final Connection connection;
  private final Clock clock;

  private ExportLog(RecordingIndex index, Clock clock) {
    this.index = index;
    this.connection = index.connection();
    this.clock = clock;
  }

  /** Opens the export log of a data directory's index (creating or migrating it if needed). */
  public static ExportLog open(Path dataDir) {
    return open(dataDir, Clock.systemUTC());
  }

  /** As {@link #open(Path)}, with the clock for "when" (tests). */
  public static ExportLog open(Path dataDir, Clock clock) {
    return new ExportLog(RecordingIndex.open(dataDir), clock);
  }

  /**
   * Appends an export, stamped now.
   *
   * @param operator the OS user ({@link Operator#current()})
   * @param sha256 the output file's SHA-256 ({@link #sha256(Path)})
   * @throws IllegalArgumentException when a field is missing or malformed
   */
  public synchronized ExportRecord append(
      String operator,
      List<ExportRecord.Camera> cameras,
      long fromMicros,
      long toMicros,
      String fileName,
      byte[] sha256,
      boolean signed) {
    String who = Operator.check(operator);
    if (cameras.isEmpty()) {
      throw new IllegalArgumentException("an export has at least one camera");
    }
    if (toMicros < fromMicros) {
      throw new IllegalArgumentException("the exported range ends before it starts");
    }
    if (fileName == null || fileName.isBlank()) {
      throw new IllegalArgumentException("the output file's name must be given");
    }
    if (sha256 == null || sha256.length != 32) {
      throw new IllegalArgumentException("the output file's SHA-256 must be 32 bytes");
    }
    long at = clock.millis() * 1000;
    ExportRecord added =
        IndexTransaction.write(
            connection,
            "append to the export log",
            c -> {
              byte[] previous = lastHash(c);
              long id = nextId(c);
              ExportRecord record =
                  new ExportRecord(
                      id, at, who, cameras, fromMicros, toMicros, fileName, sha256, signed);
              try (PreparedStatement s =
                  c.prepareStatement(
                      "INSERT INTO export_log (id, at_us, operator, from_us, to_us, file_name,"
                          + " sha256, signed, prev_hash, row_hash)"
                          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setLong(1, id);
                s.setLong(2, at);
                s.setString(3, who);
                s.setLong(4, fromMicros);
                s.setLong(5, toMicros);
                s.setString(6, fileName);
                s.setBytes(7, sha256);
                s.setInt(8, signed ? 1 : 0);
                s.setBytes(9, previous);
                s.setBytes(10, rowHash(previous, record));
                s.executeUpdate();
              }
              try (PreparedStatement s =
                  c.prepareStatement(
                      "INSERT INTO export_log_camera (export_id, position, camera_id, camera_name)"
                          + " VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < cameras.size(); i++) {
                  s.setLong(1, id);
                  s.setInt(2, i);
                  s.setString(3, cameras.get(i).cameraId());
                  s.setString(4, cameras.get(i).name());
                  s.executeUpdate();
                }
              }
              return record;
            });
    log.info(
        "export logged: #{} by {}, {} camera(s), {} ({}signed, SHA-256 {})",
        added.id(),
        who,
        cameras.size(),
        fileName,
        signed ? "" : "not ",
        added.sha256Hex());
    return added;
  }

  /**
   * Exports newest first, for {@code exports list}.
   *
   * @param cameraId only exports that include this camera, or empty for all
   * @param sinceMicros only exports made at or after this time ({@link Long#MIN_VALUE}: all)
   * @param limit at most this many
   */
  public synchronized List<ExportRecord> list(
      Optional<String> cameraId, long sinceMicros, int limit) {
    String sql =
        "SELECT e.id, e.at_us, e.operator, e.from_us, e.to_us, e.file_name, e.sha256, e.signed"
            + " FROM export_log e WHERE e.at_us >= ?"
            + (cameraId.isPresent()
                ? " AND e.id IN (SELECT export_id FROM export_log_camera WHERE camera_id = ?)"
                : "")
            + " ORDER BY e.id DESC LIMIT ?";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      int p = 1;
      s.setLong(p++, sinceMicros);
      if (cameraId.isPresent()) {
        s.setString(p++, cameraId.get());
      }
      s.setInt(p, Math.max(0, limit));
      return records(s);
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Recomputes every row's hash from the first; says where the chain breaks, if it does. */
  public synchronized ChainCheck verifyChain() {
    try (PreparedStatement s =
            connection.prepareStatement(
                "SELECT e.id, e.at_us, e.operator, e.from_us, e.to_us, e.file_name, e.sha256,"
                    + " e.signed, e.prev_hash, e.row_hash FROM export_log e ORDER BY e.id");
        ResultSet rs = s.executeQuery()) {
      byte[] previous = GENESIS;
      long rows = 0;
      while (rs.next()) {
        rows++;
        long id = rs.getLong(1);
        ExportRecord record =
            new ExportRecord(
                id,
                rs.getLong(2),
                rs.getString(3),
                cameras(id),
                rs.getLong(4),
                rs.getLong(5),
                rs.getString(6),
                rs.getBytes(7),
                rs.getInt(8) == 1);
        if (!Arrays.equals(rs.getBytes(9), previous)) {
          return new ChainCheck(
              rows, Optional.of(id), "export " + id + " does not follow the export before it", "");
        }
        byte[] expected = rowHash(previous, record);
        if (!Arrays.equals(rs.getBytes(10), expected)) {
          return new ChainCheck(
              rows, Optional.of(id), "export " + id + " was changed after it was logged", "");
        }
        previous = expected;
      }
      return new ChainCheck(rows, Optional.empty(), "", HexFormat.of().formatHex(previous));
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** SHA-256 of a file, for {@link #append}. */
  public static byte[] sha256(Path file) throws IOException {
    MessageDigest digest = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 20];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return digest.digest();
  }

  private List<ExportRecord> records(PreparedStatement s) throws SQLException {
    Map<Long, Object[]> rows = new LinkedHashMap<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.put(
            rs.getLong(1),
            new Object[] {
              rs.getLong(2),
              rs.getString(3),
              rs.getLong(4),
              rs.getLong(5),
              rs.getString(6),
              rs.getBytes(7),
              rs.getInt(8) == 1
            });
      }
    }
    List<ExportRecord> out = new ArrayList<>();
    for (Map.Entry<Long, Object[]> e : rows.entrySet()) {
      Object[] r = e.getValue();
      out.add(
          new ExportRecord(
              e.getKey(),
              (Long) r[0],
              (String) r[1],
              cameras(e.getKey()),
              (Long) r[2],
              (Long) r[3],
              (String) r[4],
              (byte[]) r[5],
              (Boolean) r[6]));
    }
    return out;
  }

  private List<ExportRecord.Camera> cameras(long exportId) throws SQLException {
    List<ExportRecord.Camera> cameras = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT camera_id, camera_name FROM export_log_camera WHERE export_id = ?"
                + " ORDER BY position")) {
      s.setLong(1, exportId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          cameras.add(new ExportRecord.Camera(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return cameras;
  }

  private static byte[] lastHash(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement("SELECT row_hash FROM export_log ORDER BY id DESC LIMIT 1");
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getBytes(1) : GENESIS;
    }
  }

  private static long nextId(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement("SELECT coalesce(max(id), 0) + 1 FROM export_log");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** SHA-256 over the previous hash and the row's fields, each length-prefixed. */
  static byte[] rowHash(byte[] previous, ExportRecord r) {
    MessageDigest digest = digest();
    digest.update(previous);
    ByteBuffer numbers = ByteBuffer.allocate(8 * 5 + 1);
    numbers.putLong(r.id()).putLong(r.atMicros()).putLong(r.fromMicros()).putLong(r.toMicros());
    numbers.putLong(r.cameras().size()).put((byte) (r.signed() ? 1 : 0));
    digest.update(numbers.array());
    text(digest, r.operator());
    text(digest, r.fileName());
    digest.update(r.sha256());
    for (ExportRecord.Camera camera : r.cameras()) {
      text(digest, camera.cameraId());
      text(digest, camera.name());
    }
    return digest.digest();
  }

  private static void text(MessageDigest digest, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    digest.update(bytes);
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private static IndexException failed(SQLException e) {
    return new IndexException(
        "cannot read the export log from the index: " + IndexTransaction.reason(e), e);
  }

  @Override
  public synchronized void close() {
    index.close();
  }
}
