package io.peerwall.station.audit;

import io.peerwall.p2p.control.CameraInfo;
import io.peerwall.p2p.control.PasswordFacts;
import io.peerwall.station.db.StationDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The audit's tables in the station database: every facts reading with its date (history), the
 * queued fixes (camera and date, never a password) and the site key id. Short statements, each
 * under the database's lock.
 */
public final class FactsHistory {
  private static final String COLUMNS =
      "camera_id, camera_name, read_at_ms, password_set_at_ms, strength_word, failed_attempts,"
          + " failed_password_changes, lockouts, locked_until_ms, blocklisted_attempts,"
          + " last_blocklisted_at_ms, paired_stations, has_facts, has_password, origin, score,"
          + " length, scan, listed_list, listed_vendor, listed_at_ms, refused_list, refused_vendor,"
          + " refused_at_ms, reuse_state, site_key_id, reuse_tag, key_exports, last_export_to";

  private final StationDatabase db;

  public FactsHistory(StationDatabase db) {
    this.db = db;
  }

  /** Keeps a reading. */
  public void record(FactsReading r) throws SQLException {
    recordAll(java.util.List.of(r));
  }

  /** Keeps readings in one transaction (the benchmark seeds a year of history). */
  public void recordAll(java.util.List<FactsReading> readings) throws SQLException {
    db.write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO facts_reading ("
                      + COLUMNS
                      + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (FactsReading r : readings) {
              CameraInfo i = r.info();
              PasswordFacts f = r.facts();
              int k = 1;
              s.setString(k++, r.cameraId());
              s.setString(k++, r.name());
              s.setLong(k++, r.readAtMillis());
              s.setLong(k++, i.passwordSetAtMillis());
              s.setString(k++, i.passwordStrength());
              s.setLong(k++, i.failedAttempts());
              s.setLong(k++, i.failedPasswordChanges());
              s.setLong(k++, i.lockouts());
              s.setLong(k++, i.lockedUntilMillis());
              s.setLong(k++, i.blocklistedAttempts());
              s.setLong(k++, i.lastBlocklistedAtMillis());
              s.setInt(k++, i.pairedStations());
              s.setInt(k++, f == null ? 0 : 1);
              PasswordFacts.Password p = f == null ? null : f.password();
              setInt(s, k++, f == null ? null : p == null ? 0 : 1);
              s.setString(k++, p == null ? null : p.origin());
              setInt(s, k++, p == null ? null : p.score());
              setInt(s, k++, p == null ? null : p.length());
              s.setString(k++, p == null ? null : p.scan());
              k = listing(s, k, f == null ? null : f.listed());
              k = listing(s, k, f == null ? null : f.lastRefused());
              PasswordFacts.Reuse u = f == null ? null : f.reuse();
              s.setString(k++, u == null ? null : u.state());
              s.setString(k++, u == null ? null : u.siteKeyId());
              s.setString(k++, u == null ? null : u.tag());
              setLong(s, k++, u == null ? null : u.exports());
              s.setString(k, u == null ? null : u.lastExportTo());
              s.executeUpdate();
            }
          }
          return null;
        });
  }

  /** The newest reading of every camera ever read, by camera ID. */
  public Map<String, FactsReading> latest() throws SQLException {
    return db.read(
        c -> {
          Map<String, FactsReading> out = new LinkedHashMap<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT "
                          + COLUMNS
                          + " FROM facts_reading WHERE id IN"
                          + " (SELECT max(id) FROM facts_reading GROUP BY camera_id)"
                          + " ORDER BY camera_name, camera_id");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              FactsReading r = row(rs);
              out.put(r.cameraId(), r);
            }
          }
          return out;
        });
  }

  /**
   * The newest reading of {@code cameraId} made at or before {@code atMillis} (the start of a
   * window), or empty when the history does not reach back that far.
   */
  public Optional<FactsReading> atOrBefore(String cameraId, long atMillis) throws SQLException {
    return db.read(c -> atOrBefore(c, cameraId, atMillis));
  }

  private static Optional<FactsReading> atOrBefore(Connection c, String cameraId, long atMillis)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM facts_reading WHERE camera_id = ? AND read_at_ms <= ?"
                + " ORDER BY read_at_ms DESC, id DESC LIMIT 1")) {
      s.setString(1, cameraId);
      s.setLong(2, atMillis);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  /** How many readings are kept (all cameras). */
  public long size() throws SQLException {
    return db.read(
        c -> {
          try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM facts_reading");
              ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
          }
        });
  }

  /** Remembers that a fix of {@code cameraId} waits for the camera (no password kept). */
  public void queueFix(String cameraId, long atMillis) throws SQLException {
    db.write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO queued_fix (camera_id, queued_at_ms) VALUES (?, ?)")) {
            s.setString(1, cameraId);
            s.setLong(2, atMillis);
            s.executeUpdate();
          }
          return null;
        });
  }

  public void unqueueFix(String cameraId) throws SQLException {
    db.write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM queued_fix WHERE camera_id = ?")) {
            s.setString(1, cameraId);
            s.executeUpdate();
          }
          return null;
        });
  }

  /** Queued fixes: camera ID → when queued. */
  public Map<String, Long> queuedFixes() throws SQLException {
    return db.read(
        c -> {
          Map<String, Long> out = new LinkedHashMap<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT camera_id, queued_at_ms FROM queued_fix ORDER BY queued_at_ms");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getString(1), rs.getLong(2));
            }
          }
          return out;
        });
  }

  /** The site key id this station spreads, or empty before the first camera made one. */
  public Optional<String> siteKeyId() throws SQLException {
    return db.read(
        c -> {
          try (PreparedStatement s = c.prepareStatement("SELECT site_key_id FROM site_key");
              ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
          }
        });
  }

  public void adoptSiteKey(String siteKeyId, long atMillis) throws SQLException {
    db.write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO site_key (only_row, site_key_id, adopted_at_ms)"
                      + " VALUES (1, ?, ?)")) {
            s.setString(1, siteKeyId);
            s.setLong(2, atMillis);
            s.executeUpdate();
          }
          return null;
        });
  }

  /** A wrong current password this station sent itself (a typo in a fix). */
  public void recordOwnFailedChange(String cameraId, long atMillis) throws SQLException {
    db.write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO own_failed_change (camera_id, at_ms) VALUES (?, ?)")) {
            s.setString(1, cameraId);
            s.setLong(2, atMillis);
            s.executeUpdate();
          }
          return null;
        });
  }

  /** How many wrong current passwords this station sent to {@code cameraId} since then. */
  public long ownFailedChanges(String cameraId, long sinceMillis) throws SQLException {
    return db.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT count(*) FROM own_failed_change WHERE camera_id = ? AND at_ms > ?")) {
            s.setString(1, cameraId);
            s.setLong(2, sinceMillis);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? rs.getLong(1) : 0L;
            }
          }
        });
  }

  private static int listing(PreparedStatement s, int k, PasswordFacts.Listing l)
      throws SQLException {
    s.setString(k++, l == null ? null : l.list());
    s.setString(k++, l == null ? null : l.vendor());
    setLong(s, k++, l == null ? null : l.atMillis());
    return k;
  }

  private static FactsReading row(ResultSet rs) throws SQLException {
    String id = rs.getString("camera_id");
    String name = rs.getString("camera_name");
    CameraInfo info =
        FactsReading.info(
            name,
            rs.getLong("password_set_at_ms"),
            rs.getString("strength_word"),
            rs.getLong("failed_attempts"),
            rs.getLong("lockouts"),
            rs.getLong("locked_until_ms"),
            rs.getInt("paired_stations"),
            rs.getLong("blocklisted_attempts"),
            rs.getLong("last_blocklisted_at_ms"),
            rs.getLong("failed_password_changes"));
    PasswordFacts facts = null;
    if (rs.getInt("has_facts") == 1) {
      PasswordFacts.Password p =
          rs.getInt("has_password") == 1
              ? new PasswordFacts.Password(
                  rs.getLong("password_set_at_ms"),
                  rs.getString("origin"),
                  integer(rs, "score"),
                  integer(rs, "length"),
                  rs.getString("scan"))
              : null;
      facts =
          new PasswordFacts(
              p,
              listing(rs, "listed"),
              listing(rs, "refused"),
              rs.getString("reuse_state") == null
                  ? null
                  : new PasswordFacts.Reuse(
                      rs.getString("reuse_state"),
                      rs.getString("site_key_id"),
                      rs.getString("reuse_tag"),
                      rs.getLong("key_exports"),
                      rs.getString("last_export_to")));
    }
    return new FactsReading(id, name, rs.getLong("read_at_ms"), info, facts);
  }

  private static PasswordFacts.Listing listing(ResultSet rs, String prefix) throws SQLException {
    String list = rs.getString(prefix + "_list");
    return list == null
        ? null
        : new PasswordFacts.Listing(
            list, rs.getString(prefix + "_vendor"), rs.getLong(prefix + "_at_ms"));
  }

  private static Integer integer(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static void setInt(PreparedStatement s, int k, Integer v) throws SQLException {
    if (v == null) {
      s.setNull(k, Types.INTEGER);
    } else {
      s.setInt(k, v);
    }
  }

  private static void setLong(PreparedStatement s, int k, Long v) throws SQLException {
    if (v == null) {
      s.setNull(k, Types.INTEGER);
    } else {
      s.setLong(k, v);
    }
  }
}
