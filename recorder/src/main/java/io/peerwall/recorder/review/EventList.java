package io.peerwall.recorder.review;

import io.peerwall.recorder.IndexTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The review's list of motion events (issue 14.5): newest first, by camera, time and review flag, a
 * page at a time; and the "reviewed" flag. Each camera is one range of the index on (camera, start)
 * (or of its partial index of events not reviewed yet), read newest first up to the page size, and
 * the cameras' pages are merged: a page of N events reads at most N per camera, however long the
 * history.
 */
final class EventList {
  private final Connection c;

  EventList(Connection c) {
    this.c = c;
  }

  List<ReviewEvent> list(List<CameraRefs.Ref> cameras, EventFilter filter) throws SQLException {
    String sql = listSql(filter.reviewed());
    long beforeStart = filter.before().map(ReviewEvent::startMicros).orElse(Long.MAX_VALUE);
    long beforeId = filter.before().map(ReviewEvent::id).orElse(Long.MAX_VALUE);
    List<ReviewEvent> all = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (CameraRefs.Ref camera : cameras) {
        s.setLong(1, camera.cameraRow());
        s.setLong(2, filter.fromMicros());
        s.setLong(3, filter.toMicros());
        s.setLong(4, beforeStart);
        s.setLong(5, beforeId);
        s.setInt(6, filter.limit());
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            long end = rs.getLong(3);
            Optional<Long> endMicros = rs.wasNull() ? Optional.empty() : Optional.of(end);
            long reviewedAt = rs.getLong(5);
            Optional<Long> reviewedAtMicros =
                rs.wasNull() ? Optional.empty() : Optional.of(reviewedAt);
            all.add(
                new ReviewEvent(
                    rs.getLong(1),
                    camera.cameraId(),
                    camera.name(),
                    rs.getLong(2),
                    endMicros,
                    rs.getDouble(4),
                    reviewedAtMicros,
                    Optional.ofNullable(rs.getString(6)),
                    (rs.getInt(7) & 1) != 0));
          }
        }
      }
    }
    all.sort(
        Comparator.comparingLong(ReviewEvent::startMicros)
            .thenComparingLong(ReviewEvent::id)
            .reversed());
    return all.size() > filter.limit() ? List.copyOf(all.subList(0, filter.limit())) : all;
  }

  /** The page query of one camera (newest first, before a cursor). */
  static String listSql(EventFilter.Reviewed which) {
    String reviewed =
        switch (which) {
          case ANY -> "";
          case REVIEWED -> " AND reviewed_at_us IS NOT NULL";
          case NOT_REVIEWED -> " AND reviewed_at_us IS NULL";
        };
    return "SELECT id, start_us, end_us, score, reviewed_at_us, reviewed_by, flags FROM motion_event"
        + " WHERE camera_id = ? AND start_us >= ? AND start_us < ?"
        + reviewed
        + " AND (start_us, id) < (?, ?) ORDER BY start_us DESC, id DESC LIMIT ?";
  }

  /** Sets (or clears) the reviewed flag of events; returns how many exist and changed. */
  int mark(Collection<Long> ids, boolean reviewed, String who, long now) {
    if (ids.isEmpty()) {
      return 0;
    }
    return IndexTransaction.write(
        c,
        reviewed ? "mark events reviewed" : "mark events not reviewed",
        tx -> {
          int changed = 0;
          try (PreparedStatement s =
              tx.prepareStatement(
                  reviewed
                      ? "UPDATE motion_event SET reviewed_at_us = ?, reviewed_by = ? WHERE id = ?"
                          + " AND reviewed_at_us IS NULL"
                      : "UPDATE motion_event SET reviewed_at_us = NULL, reviewed_by = NULL"
                          + " WHERE id = ? AND reviewed_at_us IS NOT NULL")) {
            for (long id : ids) {
              if (reviewed) {
                s.setLong(1, now);
                s.setString(2, who);
                s.setLong(3, id);
              } else {
                s.setLong(1, id);
              }
              changed += s.executeUpdate();
            }
          }
          return changed;
        });
  }
}
