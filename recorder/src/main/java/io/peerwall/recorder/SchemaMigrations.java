package io.peerwall.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbered schema migrations for the index. Migration N lives in {@code migrations/000N-*.sql} and
 * runs in one transaction together with setting {@code PRAGMA user_version = N}, so a crash leaves
 * the database either before or after a migration, never in between.
 */
final class SchemaMigrations {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

  /** In order; the position (1-based) is the schema version a migration produces. */
  static final List<String> MIGRATIONS =
      List.of(
          "0001-cameras.sql",
          "0002-recording.sql",
          "0003-timeline.sql",
          "0004-timeline-backfill.sql",
          "0005-bookmarks.sql",
          "0006-custody.sql");

  private SchemaMigrations() {}

  static int latestVersion() {
    return MIGRATIONS.size();
  }

  /** Brings the schema to the latest version; refuses a database from a newer PeerWall. */
  static void migrate(Connection connection) throws SQLException {
    migrate(connection, latestVersion());
  }

  /** Brings the schema up to {@code target} (tests start from an older version). */
  static void migrate(Connection connection, int target) throws SQLException {
    int current = userVersion(connection);
    if (current > latestVersion()) {
      throw new SQLException(
          "the index has schema version "
              + current
              + " but this PeerWall knows only up to "
              + latestVersion()
              + "; use a newer PeerWall");
    }
    for (int version = current + 1; version <= target; version++) {
      long started = System.nanoTime();
      String script = load(MIGRATIONS.get(version - 1));
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        for (String sql : statements(script)) {
          statement.execute(sql);
        }
        statement.execute("PRAGMA user_version = " + version);
        connection.commit();
        log.info(
            "index schema migrated to version {} ({} ms)",
            version,
            (System.nanoTime() - started) / 1_000_000);
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
  }

  /**
   * The statements of a migration script: each ends with a semicolon at the end of a line, except
   * inside a trigger, whose body (statements ending in semicolons) runs to a line ending in {@code
   * END;}. Blank lines and lines that are only a comment are left out.
   */
  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean started = false;
    boolean inTrigger = false;
    for (String line : script.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      String upper = trimmed.toUpperCase(Locale.ROOT);
      if (!started) {
        started = true;
        inTrigger = upper.startsWith("CREATE TRIGGER");
      }
      current.append(line).append('\n');
      if (inTrigger ? upper.endsWith("END;") : trimmed.endsWith(";")) {
        statements.add(current.toString().strip());
        current.setLength(0);
        started = false;
      }
    }
    if (started) {
      throw new IllegalStateException("a migration ends inside a statement: " + current);
    }
    return statements;
  }

  static int userVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /** The statements of one migration script, by file name (SyntheticIndex reruns a backfill). */
  static List<String> script(String name) {
    return statements(load(name));
  }

  private static String load(String name) {
    try (InputStream in = SchemaMigrations.class.getResourceAsStream("migrations/" + name)) {
      if (in == null) {
        throw new IllegalStateException("migration " + name + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("migration " + name + " cannot be read", e);
    }
  }
}
