package io.peerwall.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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
  static final List<String> MIGRATIONS = List.of("0001-cameras.sql", "0002-recording.sql");

  private SchemaMigrations() {}

  static int latestVersion() {
    return MIGRATIONS.size();
  }

  /** Brings the schema to the latest version; refuses a database from a newer PeerWall. */
  static void migrate(Connection connection) throws SQLException {
    int current = userVersion(connection);
    if (current > latestVersion()) {
      throw new SQLException(
          "the index has schema version "
              + current
              + " but this PeerWall knows only up to "
              + latestVersion()
              + "; use a newer PeerWall");
    }
    for (int version = current + 1; version <= latestVersion(); version++) {
      String script = load(MIGRATIONS.get(version - 1));
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        for (String sql : script.split(";\\s*(\\n|$)")) {
          if (!sql.isBlank()) {
            statement.execute(sql);
          }
        }
        statement.execute("PRAGMA user_version = " + version);
        connection.commit();
        log.info("index schema migrated to version {}", version);
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
  }

  static int userVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
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
