package io.peerwall.decoder.mux;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.AnnexB;
import io.peerwall.decoder.VideoCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one camera's stream into consecutive MPEG-TS segments ({@link SegmentWriter}) without
 * re-encoding.
 *
 * <p>A new segment starts at the first keyframe after {@code targetDuration}, when the stream's
 * parameter sets change (new resolution or codec settings: each segment has one set, so exports
 * stay valid), and after a gap in capture times longer than {@code maxGap} (a camera outage ends
 * the segment; the next begins at the next keyframe). Units before the first keyframe are dropped,
 * since nothing could decode them. Files are named {@code <stream>-<UTC start>.ts}, e.g. {@code
 * front-door-20250102T030405.678Z.ts}. Not thread-safe: one recording thread per stream.
 */
public final class SegmentRecorder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SegmentRecorder.class);

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * @param directory where segment files go (created if missing)
   * @param streamName file name prefix; characters other than letters, digits, '-' and '_' become
   *     '_'
   * @param targetDuration segment length to aim for; segments end at a keyframe, so they run up to
   *     one GOP longer
   * @param maxGap a longer gap between capture times ends the segment
   * @param syncInterval fsync while writing at most this often; zero: only when a segment ends
   */
  public record Config(
      Path directory,
      String streamName,
      Duration targetDuration,
      Duration maxGap,
      Duration syncInterval) {
    public Config {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(streamName, "streamName");
      if (targetDuration.isNegative() || targetDuration.isZero()) {
        throw new IllegalArgumentException("targetDuration must be positive");
      }
      if (maxGap.isNegative() || maxGap.isZero()) {
        throw new IllegalArgumentException("maxGap must be positive");
      }
      if (syncInterval.isNegative()) {
        throw new IllegalArgumentException("syncInterval cannot be negative");
      }
    }

    /** One-minute segments (as Moonfire NVR), a 5 s gap ends one, fsync every second. */
    public static Config defaults(Path directory, String streamName) {
      return new Config(
          directory,
          streamName,
          Duration.ofMinutes(1),
          Duration.ofSeconds(5),
          Duration.ofSeconds(1));
    }
  }

  private final Config config;
  private final SegmentListener listener;
  private final String prefix;
  private SegmentWriter current;
  private byte[] currentParameterSets;
  private long lastCaptureMicros = Long.MIN_VALUE;
  private long unitsDropped;
  private boolean closed;

  public SegmentRecorder(Config config, SegmentListener listener) {
    this.config = Objects.requireNonNull(config, "config");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.prefix = config.streamName().replaceAll("[^A-Za-z0-9_-]", "_");
  }

  /**
   * Records one unit.
   *
   * @throws IOException if the segment cannot be created or written (disk full, directory gone);
   *     the recorder then starts a new segment at the next keyframe
   */
  public void write(AccessUnit unit) throws IOException {
    if (closed) {
      throw new IllegalStateException("recorder " + config.streamName() + " is closed");
    }
    if (!unit.codec().usesNalUnits()) {
      throw new IllegalArgumentException(
          "only H.264 and H.265 can be recorded, not " + unit.codec());
    }
    long gap =
        lastCaptureMicros == Long.MIN_VALUE ? 0 : unit.captureEpochMicros() - lastCaptureMicros;
    lastCaptureMicros = unit.captureEpochMicros();
    if (current != null && gap > config.maxGap().toNanos() / 1000) {
      log.info("Recording {}: {} ms gap, ending the segment", config.streamName(), gap / 1000);
      finishCurrent();
    }
    if (current != null && unit.keyframe() && needsNewSegment(unit)) {
      finishCurrent();
    }
    if (current == null) {
      if (!unit.keyframe()) {
        unitsDropped++;
        return;
      }
      startSegment(unit);
    }
    try {
      current.write(unit);
    } catch (IOException | RuntimeException e) {
      abandonCurrent();
      throw e;
    }
  }

  private boolean needsNewSegment(AccessUnit keyframe) {
    if (keyframe.codec() != currentCodec()) {
      return true;
    }
    byte[] sets = parameterSets(keyframe);
    if (sets.length > 0 && !Arrays.equals(sets, currentParameterSets)) {
      return true;
    }
    // Cut here if the segment, ending just before this keyframe, is long enough.
    long length = keyframe.ptsMicros() - current.firstPtsMicros();
    return length >= config.targetDuration().toNanos() / 1000;
  }

  private VideoCodec currentCodec() {
    return current.info().codec();
  }

  private void startSegment(AccessUnit keyframe) throws IOException {
    Files.createDirectories(config.directory());
    Path file = uniqueFile(keyframe.captureEpochMicros());
    current = SegmentWriter.create(file, keyframe.codec(), 0, 0, config.syncInterval());
    currentParameterSets = parameterSets(keyframe);
    listener.segmentStarted(file, keyframe.captureEpochMicros());
  }

  private Path uniqueFile(long epochMicros) {
    String stamp = STAMP.format(Instant.ofEpochMilli(Math.floorDiv(epochMicros, 1000)));
    Path file = config.directory().resolve(prefix + "-" + stamp + ".ts");
    for (int i = 1; Files.exists(file); i++) {
      file = config.directory().resolve(prefix + "-" + stamp + "-" + i + ".ts");
    }
    return file;
  }

  /** The parameter set NAL units of a keyframe, concatenated, to notice a change of stream. */
  private static byte[] parameterSets(AccessUnit unit) {
    byte[] data = unit.data();
    java.io.ByteArrayOutputStream sets = new java.io.ByteArrayOutputStream();
    for (AnnexB.NalUnit nal : AnnexB.split(data)) {
      if (AnnexB.isParameterSet(unit.codec(), AnnexB.nalType(unit.codec(), data[nal.offset()]))) {
        sets.write(data, nal.offset(), nal.length());
      }
    }
    return sets.toByteArray();
  }

  private void finishCurrent() throws IOException {
    SegmentWriter writer = current;
    current = null;
    SegmentSummary info = writer.finish();
    listener.segmentFinished(info);
  }

  private void abandonCurrent() {
    SegmentWriter writer = current;
    current = null;
    try {
      SegmentSummary info = writer.finish();
      listener.segmentFinished(info);
    } catch (IOException e) {
      log.warn(
          "Recording {}: closing {} after a failure failed too: {}",
          config.streamName(),
          writer.file(),
          e.toString());
    }
  }

  /** The segment being written, or null between segments. */
  public SegmentSummary current() {
    return current == null ? null : current.info();
  }

  /** Units dropped because no segment was open and they were not keyframes. */
  public long unitsDropped() {
    return unitsDropped;
  }

  /** Forces the current segment to disk now. */
  public void sync() throws IOException {
    if (current != null) {
      current.sync();
    }
  }

  /** Finishes the current segment. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (current != null) {
      finishCurrent();
    }
  }
}
