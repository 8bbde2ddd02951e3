package io.peerwall.recorder;

import io.peerwall.recorder.Recordings.Gap;
import io.peerwall.recorder.Recordings.MotionEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The motion-event and gap queries of {@link Recordings} (called under its lock). */
final class EventQueries {
  private final Recordings recordings;

  EventQueries(Recordings recordings) {
    this.recordings = recordings;
  }

  List<MotionEvent> overlapping(Collection<String> cameraIds, long from, long to) {
    List<MotionEvent> events = new ArrayList<>();
    for (String camera : cameraIds) {
      Optional<Recordings.StreamRef> stream = recordings.stream(camera);
      if (stream.isEmpty()) {
        continue;
      }
      long cameraRow = stream.get().cameraRow();
      previous(camera, cameraRow, from)
          .filter(e -> e.endMicros().orElse(Long.MAX_VALUE) > from)
          .ifPresent(events::add);
      PreparedStatement s =
          recordings.prepared(
              "SELECT start_us, end_us, score FROM motion_event WHERE camera_id = ?"
                  + " AND start_us >= ? AND start_us < ? ORDER BY start_us");
      events.addAll(query(camera, s, cameraRow, from, to));
    }
    events.sort(Comparator.comparingLong(MotionEvent::startMicros));
    return events;
  }

  Optional<MotionEvent> next(Collection<String> cameraIds, long t) {
    MotionEvent best = null;
    for (String camera : cameraIds) {
      Optional<Recordings.StreamRef> stream = recordings.stream(camera);
      if (stream.isEmpty()) {
        continue;
      }
      PreparedStatement s =
          recordings.prepared(
              "SELECT start_us, end_us, score FROM motion_event WHERE camera_id = ? AND start_us > ?"
                  + " AND ? >= 0 ORDER BY start_us LIMIT 1");
      for (MotionEvent e : query(camera, s, stream.get().cameraRow(), t, 0)) {
        if (best == null || e.startMicros() < best.startMicros()) {
          best = e;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  Optional<MotionEvent> previous(Collection<String> cameraIds, long t) {
    MotionEvent best = null;
    for (String camera : cameraIds) {
      Optional<Recordings.StreamRef> stream = recordings.stream(camera);
      if (stream.isEmpty()) {
        continue;
      }
      Optional<MotionEvent> e = previous(camera, stream.get().cameraRow(), t);
      if (e.isPresent() && (best == null || e.get().startMicros() > best.startMicros())) {
        best = e.get();
      }
    }
    return Optional.ofNullable(best);
  }

  private Optional<MotionEvent> previous(String camera, long cameraRow, long t) {
    PreparedStatement s =
        recordings.prepared(
            "SELECT start_us, end_us, score FROM motion_event WHERE camera_id = ? AND start_us < ?"
                + " AND ? >= 0 ORDER BY start_us DESC LIMIT 1");
    return query(camera, s, cameraRow, t, 0).stream().findFirst();
  }

  private static List<MotionEvent> query(
      String camera, PreparedStatement s, long cameraRow, long a, long b) {
    List<MotionEvent> events = new ArrayList<>();
    try {
      s.setLong(1, cameraRow);
      s.setLong(2, a);
      s.setLong(3, b);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long end = rs.getLong(2);
          Optional<Long> e = rs.wasNull() ? Optional.empty() : Optional.of(end);
          events.add(new MotionEvent(camera, rs.getLong(1), e, rs.getDouble(3)));
        }
      }
      return events;
    } catch (SQLException e) {
      throw Recordings.failed("motion events of " + camera, e);
    }
  }

  /**
   * Gaps overlapping [from, to): the one starting last before the window if it reaches into it (a
   * stream's gaps follow one another), and those starting in it. Two descents and a range of the
   * index, not every gap since the first recording.
   */
  List<Gap> gaps(String cameraId, long from, long to) {
    Optional<Recordings.StreamRef> stream = recordings.stream(cameraId);
    if (stream.isEmpty()) {
      return List.of();
    }
    List<Gap> gaps = new ArrayList<>();
    PreparedStatement before =
        recordings.prepared(
            "SELECT start_us, end_us, reason FROM gap WHERE stream_id = ? AND start_us < ?"
                + " AND ? >= 0 ORDER BY start_us DESC LIMIT 1");
    PreparedStatement inside =
        recordings.prepared(
            "SELECT start_us, end_us, reason FROM gap WHERE stream_id = ? AND start_us >= ?"
                + " AND start_us < ? ORDER BY start_us");
    for (Gap g : gaps(cameraId, before, stream.get().id(), from, 0)) {
      if (g.endMicros().orElse(Long.MAX_VALUE) > from) {
        gaps.add(g);
      }
    }
    gaps.addAll(gaps(cameraId, inside, stream.get().id(), from, to));
    return gaps;
  }

  private static List<Gap> gaps(String cameraId, PreparedStatement s, long stream, long a, long b) {
    List<Gap> gaps = new ArrayList<>();
    try {
      s.setLong(1, stream);
      s.setLong(2, a);
      s.setLong(3, b);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long end = rs.getLong(2);
          Optional<Long> e = rs.wasNull() ? Optional.empty() : Optional.of(end);
          gaps.add(new Gap(cameraId, rs.getLong(1), e, rs.getString(3)));
        }
      }
      return gaps;
    } catch (SQLException e) {
      throw Recordings.failed("gaps of " + cameraId, e);
    }
  }
}
