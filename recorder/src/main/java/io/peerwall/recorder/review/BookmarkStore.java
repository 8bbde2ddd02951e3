package io.peerwall.recorder.review;

import io.peerwall.recorder.IndexTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Bookmarks in the index (table {@code bookmark}, migration 0004): made, edited and deleted by the
 * user (any process, short transactions), listed by time from the index, searched by text. A
 * bookmark covers at most a day, so "overlapping [from, to)" is the index range of starts in [from
 * - 1 day, to). Search reads every bookmark's normalized text (NFKC, lower case: full- and
 * half-width forms and case match, Japanese included): bookmarks are made by hand, thousands at
 * most.
 */
final class BookmarkStore {
  static final long MAX_LENGTH_MICROS = 86_400_000_000L;
  private static final String COLUMNS =
      "b.id, c.camera_id, b.start_us, b.end_us, b.name, b.note, b.created_by, b.created_at_us,"
          + " b.updated_by, b.updated_at_us";

  static final String OVERLAPPING =
      "SELECT "
          + COLUMNS
          + " FROM bookmark b JOIN camera c ON c.id = b.camera_id"
          + " WHERE b.camera_id = ? AND b.start_us >= ? AND b.start_us < ?"
          + " AND (b.end_us > ? OR b.start_us >= ?) ORDER BY b.start_us, b.id";

  private final Connection c;

  BookmarkStore(Connection c) {
    this.c = c;
  }

  Bookmark create(
      CameraRefs.Ref camera, long from, long to, String name, String note, String who, long now) {
    check(from, to, name, note);
    long id =
        IndexTransaction.write(
            c,
            "save the bookmark",
            tx -> {
              try (PreparedStatement s =
                  tx.prepareStatement(
                      "INSERT INTO bookmark (camera_id, start_us, end_us, name, note, search_text,"
                          + " created_by, created_at_us, updated_by, updated_at_us)"
                          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                s.setLong(1, camera.cameraRow());
                s.setLong(2, from);
                s.setLong(3, to);
                s.setString(4, name.strip());
                s.setString(5, note);
                s.setString(6, searchText(name, note));
                s.setString(7, who);
                s.setLong(8, now);
                s.setString(9, who);
                s.setLong(10, now);
                try (ResultSet rs = s.executeQuery()) {
                  rs.next();
                  return rs.getLong(1);
                }
              }
            });
    return get(id).orElseThrow();
  }

  Bookmark edit(long id, long from, long to, String name, String note, String who, long now) {
    check(from, to, name, note);
    int changed =
        IndexTransaction.write(
            c,
            "save bookmark " + id,
            tx -> {
              try (PreparedStatement s =
                  tx.prepareStatement(
                      "UPDATE bookmark SET start_us = ?, end_us = ?, name = ?, note = ?,"
                          + " search_text = ?, updated_by = ?, updated_at_us = ? WHERE id = ?")) {
                s.setLong(1, from);
                s.setLong(2, to);
                s.setString(3, name.strip());
                s.setString(4, note);
                s.setString(5, searchText(name, note));
                s.setString(6, who);
                s.setLong(7, now);
                s.setLong(8, id);
                return s.executeUpdate();
              }
            });
    if (changed == 0) {
      throw new IllegalArgumentException("there is no bookmark " + id);
    }
    return get(id).orElseThrow();
  }

  boolean delete(long id) {
    return IndexTransaction.write(
        c,
        "delete bookmark " + id,
        tx -> {
          try (PreparedStatement s = tx.prepareStatement("DELETE FROM bookmark WHERE id = ?")) {
            s.setLong(1, id);
            return s.executeUpdate() > 0;
          }
        });
  }

  Optional<Bookmark> get(long id) {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM bookmark b JOIN camera c ON c.id = b.camera_id"
                + " WHERE b.id = ?")) {
      s.setLong(1, id);
      List<Bookmark> found = read(s);
      return found.stream().findFirst();
    } catch (SQLException e) {
      throw CameraRefs.failed("bookmark " + id, e);
    }
  }

  /** The camera's bookmarks overlapping [from, to), by start. */
  List<Bookmark> overlapping(CameraRefs.Ref camera, long from, long to) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(OVERLAPPING)) {
      s.setLong(1, camera.cameraRow());
      s.setLong(2, from - MAX_LENGTH_MICROS);
      s.setLong(3, to);
      s.setLong(4, from);
      s.setLong(5, from);
      return read(s);
    }
  }

  /**
   * Bookmarks whose name or note contains every word of {@code text} (case and width ignored), of
   * the given camera rows (empty: all), newest first.
   */
  List<Bookmark> search(String text, List<Long> cameraRows, int limit) throws SQLException {
    List<String> words =
        Arrays.stream(normalize(text).split("\\s+")).filter(w -> !w.isEmpty()).toList();
    StringBuilder sql =
        new StringBuilder(
            "SELECT " + COLUMNS + " FROM bookmark b JOIN camera c ON c.id = b.camera_id WHERE 1");
    for (int i = 0; i < words.size(); i++) {
      sql.append(" AND instr(b.search_text, ?) > 0");
    }
    if (!cameraRows.isEmpty()) {
      sql.append(" AND b.camera_id IN (")
          .append(String.join(", ", cameraRows.stream().map(r -> "?").toList()))
          .append(")");
    }
    sql.append(" ORDER BY b.start_us DESC, b.id DESC LIMIT ?");
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int p = 1;
      for (String word : words) {
        s.setString(p++, word);
      }
      for (long row : cameraRows) {
        s.setLong(p++, row);
      }
      s.setInt(p, limit);
      return read(s);
    }
  }

  private static List<Bookmark> read(PreparedStatement s) throws SQLException {
    List<Bookmark> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Bookmark(
                rs.getLong(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getLong(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getLong(8),
                rs.getString(9),
                rs.getLong(10)));
      }
    }
    return out;
  }

  private static void check(long from, long to, String name, String note) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a bookmark needs a name");
    }
    if (name.strip().length() > 200) {
      throw new IllegalArgumentException("a bookmark's name is at most 200 characters");
    }
    if (note == null || note.length() > 10_000) {
      throw new IllegalArgumentException("a bookmark's note is at most 10000 characters");
    }
    if (to < from) {
      throw new IllegalArgumentException("a bookmark must end at or after its start");
    }
    if (to - from > MAX_LENGTH_MICROS) {
      throw new IllegalArgumentException(
          "a bookmark covers at most 24 hours; use several, or an evidence lock");
    }
  }

  static String searchText(String name, String note) {
    return normalize(name.strip() + "\n" + note);
  }

  static String normalize(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }
}
