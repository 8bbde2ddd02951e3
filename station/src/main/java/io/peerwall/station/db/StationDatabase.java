package io.peerwall.station.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's own SQLite database, {@code station.db} in the data directory: what the station
 * learns about its cameras apart from recordings (today the password audit's history, queued fixes
 * and site key id). Not the recorder's {@code index.db}: that one is rebuilt from the recordings
 * when damaged, belongs to a recorder a station may run without ({@code --no-record}), and is
 * written by the recorder's thread (decision 0090).
 *
 * <p>WAL, {@code synchronous=NORMAL}, busy timeout 5 s (a running station and a {@code peerwall
 * audit} may share it). Schema changes only through numbered migrations ({@code
 * migrations/000N-*.sql}, each in one transaction with {@code PRAGMA user_version = N}). A damaged
 * file is moved aside and a new one started: the audit then reads the cameras again, only the
 * history is lost. One connection, used under its own lock: callers run short statements.
 */
public final class StationDatabase implements AutoCloseable {
  public static final String FILE_NAME = "station.db";

  /** In order; the position (1-based) is the schema version a migration produces. */
  static final List<String> MIGRATIONS = List.of("0001-audit.sql");

  private static final Logger LOG = LoggerFactory.getLogger(StationDatabase.class);

  private final Connection connection;
  private final Path file;
  private final String notice;

  /** Work on the connection; runs under the database's lock. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private StationDatabase(Connection connection, Path file, String notice) {
    this.connection = connection;
    this.file = file;
    this.notice = notice;
  }

  /**
   * Opens (or makes) {@code <dataDir>/station.db} and brings its schema up to date.
   *
   * @throws IOException naming the file and the reason when it cannot be opened at all
   */
  public static StationDatabase open(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    Files.createDirectories(dataDir);
    try {
      return new StationDatabase(connect(file), file, "");
    } catch (SQLException e) {
      if (!damaged(e)) {
        throw new IOException("cannot open " + file + ": " + e.getMessage(), e);
      }
      String aside = moveAside(file);
      String notice =
          "the station database was damaged ("
              + e.getMessage()
              + "); it was moved to "
              + aside
              + " and a new one started (the audit's history before now is in the old file)";
      LOG.error(notice);
      try {
        return new StationDatabase(connect(file), file, notice);
      } catch (SQLException again) {
        throw new IOException("cannot open " + file + ": " + again.getMessage(), again);
      }
    }
  }

  private static Connection connect(Path file) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("busy_timeout", "5000");
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, properties);
    try {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = NORMAL");
        s.execute("PRAGMA busy_timeout = 5000");
        try (ResultSet rs = s.executeQuery("PRAGMA quick_check(1)")) {
          String result = rs.next() ? rs.getString(1) : "no answer";
          if (!"ok".equalsIgnoreCase(result)) {
            throw new SQLException("quick_check: " + result, "corrupt", 11);
          }
        }
      }
      migrate(c);
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** SQLITE_CORRUPT (11) or SQLITE_NOTADB (26), whatever the extended code. */
  private static boolean damaged(SQLException e) {
    int primary = e.getErrorCode() & 0xff;
    return primary == 11 || primary == 26;
  }

  private static String moveAside(Path file) throws IOException {
    String suffix = ".damaged-" + Instant.now().toString().replace(':', '-');
    for (String extension : new String[] {"", "-wal", "-shm"}) {
      Path f = Path.of(file + extension);
      if (Files.exists(f)) {
        Files.move(f, Path.of(file + suffix + extension), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return file + suffix;
  }

  static void migrate(Connection c) throws SQLException {
    int current;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      current = rs.next() ? rs.getInt(1) : 0;
    }
    if (current > MIGRATIONS.size()) {
      throw new SQLException(
          "the station database has schema version "
              + current
              + " but this PeerWall knows only up to "
              + MIGRATIONS.size()
              + "; use a newer PeerWall");
    }
    for (int version = current + 1; version <= MIGRATIONS.size(); version++) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String sql : statements(load(MIGRATIONS.get(version - 1)))) {
          s.execute(sql);
        }
        s.execute("PRAGMA user_version = " + version);
        c.commit();
        LOG.info("station database schema migrated to version {}", version);
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** Statements end with a semicolon at the end of a line; comment lines are left out. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        out.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalStateException("a migration ends inside a statement: " + current);
    }
    return out;
  }

  private static String load(String name) {
    try (InputStream in = StationDatabase.class.getResourceAsStream("migrations/" + name)) {
      if (in == null) {
        throw new IllegalStateException("migration " + name + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("migration " + name + " cannot be read", e);
    }
  }

  /** Runs {@code work} on the connection, alone. */
  public <T> T read(Work<T> work) throws SQLException {
    synchronized (connection) {
      return work.run(connection);
    }
  }

  /** Runs {@code work} in one transaction, alone; rolled back if it throws. */
  public <T> T write(Work<T> work) throws SQLException {
    synchronized (connection) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  /** The schema version of the open database. */
  public int schemaVersion() throws SQLException {
    return read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
          }
        });
  }

  public Path file() {
    return file;
  }

  /** A line for the user when the file was damaged and replaced at opening, else empty. */
  public String notice() {
    return notice;
  }

  @Override
  public void close() {
    synchronized (connection) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.warn("closing {} failed: {}", file, e.getMessage());
      }
    }
  }
}
