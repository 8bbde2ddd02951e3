package io.peerwall.recorder;

import io.peerwall.decoder.VideoCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up recovery (docs/storage.md section 4), on the index connection before recording starts:
 * finishes deletions, closes segments a crash left open, indexes files that have no row (the
 * unindexed tail), and checks the newest hours of each stream for files deleted or cut by hand.
 */
final class Recovery {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);
  private static final long RECENT_MICROS = 2L * 3600 * 1_000_000;

  /** What recovery did; {@code messages} are for the user (one line each). */
  record Report(
      int closedAfterCrash,
      int indexedUnindexed,
      int deletedUnreadable,
      int missing,
      int damaged,
      int eventsEndedAtCrash,
      long maxSegmentId,
      List<String> messages) {
    boolean changedAnything() {
      return closedAfterCrash
              + indexedUnindexed
              + deletedUnreadable
              + missing
              + damaged
              + eventsEndedAtCrash
          > 0;
    }
  }

  private final RecordingIndex index;
  private final SegmentRows rows;
  private final Path recordings;
  private final List<String> messages = new ArrayList<>();
  private int closed;
  private int indexed;
  private int deleted;
  private int missing;
  private int damaged;
  private int eventsEnded;
  private long maxId;

  /** Per stream, where the segment a crash left open now ends: the crash, as far as it is known. */
  private final Map<Long, Long> crashEnds = new HashMap<>();

  Recovery(RecordingIndex index, Path recordings) {
    this.index = index;
    this.rows = new SegmentRows(index.connection());
    this.recordings = recordings;
  }

  Report run() throws SQLException, IOException {
    finishDeletions();
    for (SegmentRef open : select("WHERE s.state = 0")) {
      recover(open, true);
    }
    for (RecordingIndex.StreamRow stream : index.streams()) {
      indexUnindexedFiles(stream);
      checkRecent(stream);
    }
    endEventsCutByCrash();
    maxId = Math.max(maxId, scalar("SELECT coalesce(max(id), 0) FROM segment"));
    maxId = Math.max(maxId, scalar("SELECT coalesce(max(segment_id), 0) FROM garbage"));
    Report report =
        new Report(
            closed, indexed, deleted, missing, damaged, eventsEnded, maxId, List.copyOf(messages));
    if (report.changedAnything()) {
      log.warn(
          "recovery: {} segment(s) closed after a crash, {} unindexed file(s) indexed,"
              + " {} unreadable deleted, {} missing, {} damaged, {} motion event(s) ended at the"
              + " crash",
          closed,
          indexed,
          deleted,
          missing,
          damaged,
          eventsEnded);
    }
    return report;
  }

  private void finishDeletions() throws SQLException, IOException {
    List<long[]> ids = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    try (PreparedStatement statement =
            index.connection().prepareStatement("SELECT segment_id, path FROM garbage");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        ids.add(new long[] {rs.getLong(1)});
        paths.add(rs.getString(2));
      }
    }
    for (int i = 0; i < ids.size(); i++) {
      Files.deleteIfExists(recordings.resolve(paths.get(i)));
      try (PreparedStatement delete =
          index.connection().prepareStatement("DELETE FROM garbage WHERE segment_id = ?")) {
        delete.setLong(1, ids.get(i)[0]);
        delete.executeUpdate();
      }
      maxId = Math.max(maxId, ids.get(i)[0]);
    }
  }

  /**
   * Motion events a crash left without an end (the motion thread never saw the quiet that ends
   * them) end at the crash: where the camera's recording now ends, that is the end of the segment
   * the crash cut (or the newest segment when none was open), never before the event's start. They
   * are flagged, since their real end is unknown.
   */
  private void endEventsCutByCrash() throws SQLException {
    List<long[]> ongoing = new ArrayList<>();
    try (PreparedStatement s =
            index
                .connection()
                .prepareStatement(
                    "SELECT e.id, e.start_us, st.id FROM motion_event e LEFT JOIN stream st"
                        + " ON st.camera_id = e.camera_id AND st.kind = 'main'"
                        + " WHERE e.end_us IS NULL");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        long stream = rs.getLong(3);
        ongoing.add(new long[] {rs.getLong(1), rs.getLong(2), rs.wasNull() ? -1 : stream});
      }
    }
    for (long[] event : ongoing) {
      Long crash = crashEnds.get(event[2]);
      if (crash == null && event[2] >= 0) {
        crash =
            scalar(
                "SELECT coalesce((SELECT end_us FROM segment WHERE stream_id = "
                    + event[2]
                    + " ORDER BY start_us DESC LIMIT 1), -1)");
      }
      long end = Math.max(event[1], crash == null ? event[1] : crash);
      try (PreparedStatement update =
          index
              .connection()
              .prepareStatement(
                  "UPDATE motion_event SET end_us = ?, flags = flags | "
                      + SegmentRows.EVENT_ENDED_BY_RECOVERY
                      + " WHERE id = ?")) {
        update.setLong(1, end);
        update.setLong(2, event[0]);
        update.executeUpdate();
      }
      eventsEnded++;
    }
    if (eventsEnded > 0) {
      messages.add(
          eventsEnded
              + " motion event(s) cut by a crash were ended at the crash (their real end is"
              + " unknown)");
    }
  }

  /** Re-reads a segment's file and makes its row match what is readable. */
  private void recover(SegmentRef ref, boolean wasOpen) throws SQLException, IOException {
    Path file = ref.path(recordings);
    if (!Files.exists(file)) {
      rows.deleteSegment(ref.id());
      if (!wasOpen) {
        rows.insertGap(ref.streamId(), ref.startMicros(), ref.endMicros(), "missing");
        missing++;
        messages.add("segment file missing (deleted by hand?): " + file);
      }
      return;
    }
    SegmentFiles.FileScan scan = SegmentFiles.scan(file, false);
    if (scan.frames() == 0 || !scan.startsWithKeyframe()) {
      rows.deleteSegment(ref.id());
      Files.deleteIfExists(file);
      deleted++;
      return;
    }
    if (scan.fileSize() > scan.end()) {
      SegmentFiles.truncate(file, scan.end());
    }
    long end = scan.endMicros(ref.startMicros());
    if (wasOpen) {
      byte[] sha = SegmentFiles.sha256(file, scan.end());
      rows.update(state(ref, end, scan, sha, SegmentRows.FLAG_RECOVERED));
      rows.startGap(ref.streamId(), end, "crash");
      crashEnds.merge(ref.streamId(), end, Math::max);
      closed++;
    } else {
      rows.update(state(ref, end, scan, ref.sha256(), ref.flags() | SegmentRows.FLAG_DAMAGED));
      damaged++;
      messages.add("segment file shorter than recorded (cut by hand?), re-indexed: " + file);
    }
  }

  private static SegmentState state(
      SegmentRef ref, long end, SegmentFiles.FileScan scan, byte[] sha, int flags) {
    return new SegmentState(
        ref.id(),
        ref.streamId(),
        ref.startMicros(),
        end,
        true,
        scan.end(),
        scan.frames(),
        scan.keyframes(),
        sha,
        flags);
  }

  /** Files in the stream's newest hours that have no row: scan and index them, or delete them. */
  private void indexUnindexedFiles(RecordingIndex.StreamRow stream)
      throws SQLException, IOException {
    Path streamDir = recordings.resolve(stream.dir());
    if (!Files.isDirectory(streamDir)) {
      return;
    }
    long newest =
        scalar("SELECT coalesce(max(start_us), -1) FROM segment WHERE stream_id = " + stream.id());
    String fromHour = newest < 0 ? "" : SegmentPaths.hourDir(newest);
    for (Path file : filesFrom(streamDir, fromHour)) {
      var parsed = SegmentPaths.parse(file);
      if (parsed.isEmpty()) {
        continue;
      }
      long id = parsed.get().segmentId();
      maxId = Math.max(maxId, id);
      if (scalar("SELECT count(*) FROM segment WHERE id = " + id) > 0
          || scalar("SELECT count(*) FROM garbage WHERE segment_id = " + id) > 0) {
        continue;
      }
      indexFile(stream.id(), file, parsed.get().startMicros(), id);
    }
  }

  /** Scans a file that has no row and gives it one (or deletes it if nothing is readable). */
  boolean indexFile(long streamId, Path file, long startMicros, long id)
      throws SQLException, IOException {
    SegmentFiles.FileScan scan = SegmentFiles.scan(file, false);
    if (scan.frames() == 0 || !scan.startsWithKeyframe()) {
      Files.deleteIfExists(file);
      deleted++;
      return false;
    }
    if (scan.fileSize() > scan.end()) {
      SegmentFiles.truncate(file, scan.end());
    }
    byte[] sha = SegmentFiles.sha256(file, scan.end());
    VideoCodec codec = guessCodec(scan.firstUnit());
    ParameterSets params = ParameterSets.of(codec, scan.firstUnit());
    long end = scan.endMicros(startMicros);
    rows.upsert(
        new SegmentState(
            id,
            streamId,
            startMicros,
            end,
            true,
            scan.end(),
            scan.frames(),
            scan.keyframes(),
            sha,
            SegmentRows.FLAG_RECOVERED),
        params);
    maxId = Math.max(maxId, id);
    indexed++;
    return true;
  }

  /** H.264 unless the first NAL unit is an H.265 parameter set (VPS, SPS, PPS: types 32..34). */
  static VideoCodec guessCodec(byte[] unit) {
    for (int i = 0; i + 3 < unit.length; i++) {
      if (unit[i] == 0 && unit[i + 1] == 0 && unit[i + 2] == 1) {
        int h265Type = (unit[i + 3] >> 1) & 0x3F;
        int h264Type = unit[i + 3] & 0x1F;
        if (h265Type >= 32 && h265Type <= 34 && (h264Type < 1 || h264Type > 12)) {
          return VideoCodec.H265;
        }
        return VideoCodec.H264;
      }
    }
    return VideoCodec.H264;
  }

  /** Segment files of a stream in hour directories at or after {@code fromHour}, in order. */
  static List<Path> filesFrom(Path streamDir, String fromHour) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> dates = Files.list(streamDir)) {
      for (Path date : dates.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> hours = Files.list(date)) {
          for (Path hour : hours.filter(Files::isDirectory).sorted().toList()) {
            String key = date.getFileName() + "/" + hour.getFileName();
            if (key.compareTo(fromHour) < 0) {
              continue;
            }
            try (Stream<Path> names = Files.list(hour)) {
              names.filter(p -> p.toString().endsWith(".ts")).sorted().forEach(files::add);
            }
          }
        }
      }
    }
    return files;
  }

  /** Closed segments of the newest two hours: their files must be there and whole. */
  private void checkRecent(RecordingIndex.StreamRow stream) throws SQLException, IOException {
    long newest =
        scalar("SELECT coalesce(max(end_us), -1) FROM segment WHERE stream_id = " + stream.id());
    if (newest < 0) {
      return;
    }
    List<SegmentRef> recent =
        select(
            "WHERE s.stream_id = ? AND s.start_us >= ? AND s.state = 1",
            stream.id(),
            newest - RECENT_MICROS);
    for (SegmentRef ref : recent) {
      Path file = ref.path(recordings);
      if (!Files.exists(file)) {
        recover(ref, false);
      } else if (Files.size(file) < ref.bytes()) {
        recover(ref, false);
      }
    }
  }

  private List<SegmentRef> select(String where, long... args) throws SQLException {
    String sql =
        "SELECT s.id, s.stream_id, s.start_us, s.end_us, s.bytes, s.sha256, s.flags, st.dir"
            + " FROM segment s JOIN stream st ON st.id = s.stream_id "
            + where
            + " ORDER BY s.id";
    try (PreparedStatement statement = index.connection().prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setLong(i + 1, args[i]);
      }
      List<SegmentRef> refs = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          refs.add(
              new SegmentRef(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getBytes(6),
                  rs.getInt(7),
                  rs.getString(8)));
        }
      }
      return refs;
    }
  }

  private long scalar(String sql) throws SQLException {
    try (PreparedStatement statement = index.connection().prepareStatement(sql);
        ResultSet rs = statement.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** A segment row as recovery needs it. */
  record SegmentRef(
      long id,
      long streamId,
      long startMicros,
      long endMicros,
      long bytes,
      byte[] sha256,
      int flags,
      String dir) {
    Path path(Path recordings) {
      return recordings.resolve(dir).resolve(SegmentPaths.relativeFile(startMicros, id));
    }
  }
}
