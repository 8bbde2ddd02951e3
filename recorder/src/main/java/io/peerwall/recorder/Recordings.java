package io.peerwall.recorder;

import io.peerwall.decoder.VideoCodec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only queries over the recordings for the review screens and the CLI (docs/storage.md section
 * 7), on a connection of its own: WAL lets it read while the recorder writes. Times are
 * microseconds since the epoch. Methods are synchronised: one query at a time per instance.
 */
public final class Recordings implements AutoCloseable {
  /** Segments closer than this are one range (absorbs 90 kHz rounding). */
  static final long CONTIGUOUS_MICROS = 1_000;

  private final RecordingIndex index;
  private final Connection connection;
  private final Path recordings;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Map<String, StreamRef> streams = new HashMap<>();
  private final EventQueries events = new EventQueries(this);

  private Recordings(RecordingIndex index, Path recordings) {
    this.index = index;
    this.connection = index.connection();
    this.recordings = recordings;
  }

  /** Opens the index of a data directory for reading (creating or migrating it if needed). */
  public static Recordings open(Path dataDir) {
    RecordingIndex index = RecordingIndex.open(dataDir);
    try (Statement s = index.connection().createStatement()) {
      s.execute("PRAGMA query_only = 1");
    } catch (SQLException e) {
      index.close();
      throw new IndexException("cannot open the index read-only: " + e.getMessage(), e);
    }
    return new Recordings(index, dataDir.resolve(SegmentPaths.RECORDINGS));
  }

  public Path recordingsDir() {
    return recordings;
  }

  /** A recorded camera: its main stream, bytes kept and the span of its recordings. */
  public record CameraInfo(
      String cameraId,
      String name,
      String dir,
      long bytes,
      long firstMicros,
      long lastMicros,
      long segments) {}

  /** A stretch of continuous recording of one camera, [start, end). */
  public record Range(String cameraId, long startMicros, long endMicros) {}

  /** A motion event; {@code endMicros} is empty while it lasts. */
  public record MotionEvent(
      String cameraId, long startMicros, Optional<Long> endMicros, double score) {}

  /** An interval without recording and why. */
  public record Gap(String cameraId, long startMicros, Optional<Long> endMicros, String reason) {}

  /**
   * Where to start reading for time t: the segment at or before t and its keyframe at or before t.
   *
   * @param keyframeMicros wall-clock time of that keyframe
   * @param inside whether t falls inside the segment (false: t is after its end, in a gap)
   */
  public record SeekPoint(
      SegmentInfo segment, KeyframeIndex.Keyframe keyframe, long keyframeMicros, boolean inside) {}

  /** Everything the day view of one camera shows. */
  public record Timeline(List<Range> ranges, List<MotionEvent> events, List<Gap> gaps) {}

  /** Cameras with a recorded stream, by name. */
  public synchronized List<CameraInfo> cameras() {
    String sql =
        "SELECT c.camera_id, c.name, st.dir, st.total_bytes,"
            + " (SELECT min(start_us) FROM segment WHERE stream_id = st.id),"
            + " (SELECT max(end_us) FROM segment WHERE stream_id = st.id),"
            + " (SELECT count(*) FROM segment WHERE stream_id = st.id)"
            + " FROM camera c JOIN stream st ON st.camera_id = c.id AND st.kind = 'main'"
            + " ORDER BY c.name";
    return query(
        sql,
        rs ->
            new CameraInfo(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getLong(7)));
  }

  /** Recorded ranges of a camera overlapping [from, to), clipped to it. */
  public synchronized List<Range> ranges(String cameraId, long from, long to) {
    Optional<StreamRef> stream = stream(cameraId);
    if (stream.isEmpty()) {
      return List.of();
    }
    long id = stream.get().id();
    long first = firstStartAtOrBefore(id, from).orElse(from);
    PreparedStatement s =
        prepared(
            "SELECT start_us, end_us FROM segment WHERE stream_id = ? AND start_us >= ?"
                + " AND start_us < ? ORDER BY start_us");
    List<Range> ranges = new ArrayList<>();
    try {
      s.setLong(1, id);
      s.setLong(2, first);
      s.setLong(3, to);
      long start = 0;
      long end = Long.MIN_VALUE;
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long segmentStart = rs.getLong(1);
          long segmentEnd = rs.getLong(2);
          if (segmentEnd <= from) {
            continue;
          }
          if (end != Long.MIN_VALUE && segmentStart - end <= CONTIGUOUS_MICROS) {
            end = Math.max(end, segmentEnd);
            continue;
          }
          if (end != Long.MIN_VALUE) {
            ranges.add(new Range(cameraId, Math.max(start, from), Math.min(end, to)));
          }
          start = segmentStart;
          end = segmentEnd;
        }
      }
      if (end != Long.MIN_VALUE) {
        ranges.add(new Range(cameraId, Math.max(start, from), Math.min(end, to)));
      }
      return ranges;
    } catch (SQLException e) {
      throw failed("ranges of " + cameraId, e);
    }
  }

  /** Recorded ranges of several cameras over a window, by camera. */
  public synchronized Map<String, List<Range>> ranges(
      Collection<String> cameraIds, long from, long to) {
    Map<String, List<Range>> all = new LinkedHashMap<>();
    for (String camera : cameraIds) {
      all.put(camera, ranges(camera, from, to));
    }
    return all;
  }

  /** Motion events of several cameras overlapping [from, to), by start time. */
  public synchronized List<MotionEvent> events(Collection<String> cameraIds, long from, long to) {
    return events.overlapping(cameraIds, from, to);
  }

  /** The first motion event of any of the cameras that starts after t. */
  public synchronized Optional<MotionEvent> nextEvent(Collection<String> cameraIds, long t) {
    return events.next(cameraIds, t);
  }

  /** The last motion event of any of the cameras that starts before t. */
  public synchronized Optional<MotionEvent> previousEvent(Collection<String> cameraIds, long t) {
    return events.previous(cameraIds, t);
  }

  /** Gaps of a camera that overlap [from, to). */
  public synchronized List<Gap> gaps(String cameraId, long from, long to) {
    return events.gaps(cameraId, from, to);
  }

  /** Ranges, motion events and gaps of one camera over a window (a day, an hour). */
  public synchronized Timeline timeline(String cameraId, long from, long to) {
    return new Timeline(
        ranges(cameraId, from, to), events(List.of(cameraId), from, to), gaps(cameraId, from, to));
  }

  /** The segment and keyframe at or before t, if anything was recorded at or before t. */
  public synchronized Optional<SeekPoint> seek(String cameraId, long t) {
    Optional<StreamRef> stream = stream(cameraId);
    if (stream.isEmpty()) {
      return Optional.empty();
    }
    List<SegmentInfo> found =
        segmentsWhere(
            cameraId,
            stream.get(),
            "s.stream_id = ? AND s.start_us <= ? ORDER BY s.start_us DESC LIMIT 1",
            t);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SegmentInfo segment = found.get(0);
    KeyframeIndex.Keyframe key =
        KeyframeIndex.atOrBefore(segment.keyframes(), segment.ticksOfMicros(t));
    long keyMicros = segment.microsOfTicks(key.ticks());
    return Optional.of(new SeekPoint(segment, key, keyMicros, t < segment.endMicros()));
  }

  /**
   * The first segment of a camera that starts after t (playback goes on there after a gap), from
   * the index alone.
   */
  public synchronized Optional<SegmentInfo> nextSegment(String cameraId, long t) {
    Optional<StreamRef> stream = stream(cameraId);
    if (stream.isEmpty()) {
      return Optional.empty();
    }
    List<SegmentInfo> found =
        segmentsWhere(
            cameraId,
            stream.get(),
            "s.stream_id = ? AND s.start_us > ? ORDER BY s.start_us LIMIT 1",
            t);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Segments of a camera overlapping [from, to), oldest first. */
  public synchronized List<SegmentInfo> segments(String cameraId, long from, long to) {
    Optional<StreamRef> stream = stream(cameraId);
    if (stream.isEmpty()) {
      return List.of();
    }
    long first = firstStartAtOrBefore(stream.get().id(), from).orElse(from);
    List<SegmentInfo> all =
        segmentsWhere(
            cameraId,
            stream.get(),
            "s.stream_id = ? AND s.start_us >= ? AND s.start_us < ? ORDER BY s.start_us",
            first,
            to);
    all.removeIf(s -> s.endMicros() <= from && s.startMicros() < from);
    return all;
  }

  private Optional<Long> firstStartAtOrBefore(long streamId, long t) {
    PreparedStatement s =
        prepared(
            "SELECT start_us FROM segment WHERE stream_id = ? AND start_us <= ?"
                + " ORDER BY start_us DESC LIMIT 1");
    try {
      s.setLong(1, streamId);
      s.setLong(2, t);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failed("segments", e);
    }
  }

  private List<SegmentInfo> segmentsWhere(
      String cameraId, StreamRef stream, String where, long... args) {
    PreparedStatement s =
        prepared(
            "SELECT s.id, s.start_us, s.end_us, s.state, s.bytes, s.frames, s.keyframes, s.sha256,"
                + " s.flags, p.codec, p.width, p.height, p.parameter_sets FROM segment s"
                + " JOIN video_params p ON p.id = s.params_id WHERE "
                + where);
    List<SegmentInfo> found = new ArrayList<>();
    try {
      s.setLong(1, stream.id());
      for (int i = 0; i < args.length; i++) {
        s.setLong(i + 2, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          long start = rs.getLong(2);
          Path file =
              recordings.resolve(stream.dir()).resolve(SegmentPaths.relativeFile(start, id));
          found.add(
              new SegmentInfo(
                  id,
                  cameraId,
                  stream.id(),
                  file,
                  start,
                  rs.getLong(3),
                  rs.getInt(4) == 1,
                  rs.getLong(5),
                  rs.getLong(6),
                  rs.getBytes(7),
                  rs.getBytes(8),
                  rs.getInt(9),
                  VideoCodec.valueOf(rs.getString(10)),
                  rs.getInt(11),
                  rs.getInt(12),
                  rs.getBytes(13)));
        }
      }
      return found;
    } catch (SQLException e) {
      throw failed("segments of " + cameraId, e);
    }
  }

  /** A camera's main stream row, its camera row and directory. */
  record StreamRef(long id, long cameraRow, String dir) {}

  Optional<StreamRef> stream(String cameraId) {
    StreamRef cached = streams.get(cameraId);
    if (cached != null) {
      return Optional.of(cached);
    }
    PreparedStatement s =
        prepared(
            "SELECT st.id, c.id, st.dir FROM stream st JOIN camera c ON c.id = st.camera_id"
                + " WHERE c.camera_id = ? AND st.kind = 'main'");
    try {
      s.setString(1, cameraId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        StreamRef ref = new StreamRef(rs.getLong(1), rs.getLong(2), rs.getString(3));
        streams.put(cameraId, ref);
        return Optional.of(ref);
      }
    } catch (SQLException e) {
      throw failed("camera " + cameraId, e);
    }
  }

  PreparedStatement prepared(String sql) {
    return statements.computeIfAbsent(
        sql,
        q -> {
          try {
            return connection.prepareStatement(q);
          } catch (SQLException e) {
            throw failed("a query", e);
          }
        });
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, RowMapper<T> mapper) {
    try (ResultSet rs = prepared(sql).executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(mapper.map(rs));
      }
      return rows;
    } catch (SQLException e) {
      throw failed("the cameras", e);
    }
  }

  static IndexException failed(String what, SQLException e) {
    return new IndexException("cannot read " + what + " from the index: " + e.getMessage(), e);
  }

  @Override
  public synchronized void close() {
    for (PreparedStatement s : statements.values()) {
      try {
        s.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
    statements.clear();
    index.close();
  }
}
