package io.peerwall.decoder.mux;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.VideoCodec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes access units, as they are (no re-encoding), into one MPEG-TS segment file that survives a
 * crash of the process: every unit is handed to the operating system as soon as it is written
 * ({@code flush_packets}), and MPEG-TS needs no index or trailer, so a file cut off anywhere reads
 * back up to its last complete packet. See docs/decisions/0006-segment-container.md.
 *
 * <p>A kill -9 therefore loses nothing that {@link #write} returned for; a power failure can lose
 * what the OS had not written to disk yet, which {@code syncInterval} bounds (an fsync at most that
 * often; zero syncs only on close).
 *
 * <p>Timestamps: the first unit is at media time 0; later ones keep their spacing in stream time
 * (90 kHz), and {@link SegmentSummary#startEpochMicros()} anchors media time 0 to the wall clock.
 * Decode time equals presentation time (camera streams have no B-frames); a unit whose time does
 * not increase is moved just after its predecessor. H.264 and H.265 only (what cameras send and
 * MPEG-TS carries).
 *
 * <p>What readers may rely on (docs/storage.md): one video stream, one PES packet per access unit
 * with an access unit delimiter first, PAT and PMT in front of every keyframe, the random access
 * indicator on keyframes.
 *
 * <p>Not thread-safe: one thread writes; the writer may then be handed to another thread (through a
 * queue or other happens-before edge) to {@link #finish()} it.
 */
public final class SegmentWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SegmentWriter.class);

  /** MPEG-TS clock. */
  static final int TIME_BASE = 90_000;

  private final Path file;
  private final VideoCodec codec;
  private final long syncIntervalNanos;
  private OutputFile output;
  private AVPacket packet;
  // One native buffer for all units: no allocation per frame once it has grown.
  private BytePointer buffer;
  private long bufferCapacity;
  private FileChannel syncChannel;
  private long lastSyncNanos;

  private long firstPtsMicros;
  private long firstEpochMicros;
  private long lastEpochMicros;
  private long lastTicks = Long.MIN_VALUE;
  private long lastPtsMicros;
  private long frames;
  private long keyframes;
  private long bytes;
  private boolean closed;
  private long bytesAtClose;

  private SegmentWriter(Path file, VideoCodec codec, Duration syncInterval) {
    this.file = file;
    this.codec = codec;
    this.syncIntervalNanos = syncInterval.toNanos();
  }

  /**
   * Creates the segment file (replacing any file of that name) and writes the MPEG-TS header.
   *
   * @param width coded width if known (for players' information; 0 if unknown)
   * @param height coded height if known
   * @param syncInterval fsync at most this often while writing; zero for only on close
   * @throws IllegalArgumentException for codecs other than H.264 and H.265
   * @throws IOException if the file cannot be created
   */
  public static SegmentWriter create(
      Path file, VideoCodec codec, int width, int height, Duration syncInterval)
      throws IOException {
    Objects.requireNonNull(file, "file");
    if (!Objects.requireNonNull(codec, "codec").usesNalUnits()) {
      throw new IllegalArgumentException("segments hold H.264 or H.265, not " + codec);
    }
    SegmentWriter writer = new SegmentWriter(file, codec, syncInterval);
    try {
      writer.open(width, height);
      return writer;
    } catch (IOException | RuntimeException e) {
      writer.abandon();
      throw e;
    }
  }

  private void open(int width, int height) throws IOException {
    output = new OutputFile(file, "mpegts");
    output.describe(codec, width, height, TIME_BASE);
    // Hand every packet to the OS at once: what write() returned for survives a kill -9.
    output.context().flush_packets(1);
    output.open(Map.of(), Map.of());
    packet = av_packet_alloc();
    if (packet == null) {
      throw new IllegalStateException("out of memory allocating a packet");
    }
    // A second descriptor only to fsync: fsync flushes the file, whichever descriptor asks.
    syncChannel = FileChannel.open(file, StandardOpenOption.WRITE);
    lastSyncNanos = System.nanoTime();
  }

  public Path file() {
    return file;
  }

  /**
   * Bytes in the file so far. Read before writing a keyframe, it is the keyframe's byte offset: the
   * muxer puts PAT and PMT in front of every keyframe, so a reader may start there.
   */
  public long size() {
    return closed || output == null ? bytesAtClose : output.position();
  }

  /** Units written so far. */
  public long frames() {
    return frames;
  }

  /** Stream time of the segment's first unit (its media time 0), in microseconds. */
  public long firstPtsMicros() {
    return firstPtsMicros;
  }

  /** Media time from the first unit to the last one written, in microseconds. */
  public long spanMicros() {
    return frames == 0 ? 0 : lastPtsMicros - firstPtsMicros;
  }

  /**
   * Appends one unit. The first unit of a segment must be a keyframe.
   *
   * @throws IllegalArgumentException if the first unit is not a keyframe, or the codec differs
   * @throws IOException if writing fails (disk full, file removed)
   */
  public void write(AccessUnit unit) throws IOException {
    if (closed) {
      throw new IllegalStateException("segment " + file + " is closed");
    }
    if (unit.codec() != codec) {
      throw new IllegalArgumentException("a " + codec + " segment got " + unit.codec());
    }
    if (frames == 0) {
      if (!unit.keyframe()) {
        throw new IllegalArgumentException("a segment must start with a keyframe");
      }
      firstPtsMicros = unit.ptsMicros();
      firstEpochMicros = unit.captureEpochMicros();
    }
    long ticks = (unit.ptsMicros() - firstPtsMicros) * TIME_BASE / 1_000_000;
    if (ticks <= lastTicks) {
      ticks = lastTicks + 1;
    }
    byte[] data = unit.data();
    ensureBuffer(data.length);
    buffer.position(0).put(data, 0, data.length);
    buffer.position(0);
    packet.data(buffer).size(data.length).pts(ticks).dts(ticks).duration(0);
    packet.flags(unit.keyframe() ? AV_PKT_FLAG_KEY : 0);
    output.write(packet);
    lastTicks = ticks;
    lastPtsMicros = Math.max(lastPtsMicros, unit.ptsMicros());
    lastEpochMicros = unit.captureEpochMicros();
    frames++;
    keyframes += unit.keyframe() ? 1 : 0;
    bytes += data.length;
    if (syncIntervalNanos > 0 && System.nanoTime() - lastSyncNanos >= syncIntervalNanos) {
      sync();
    }
  }

  private void ensureBuffer(int length) {
    if (buffer == null || bufferCapacity < length) {
      if (buffer != null) {
        buffer.close();
      }
      bufferCapacity = Math.max(length, 2 * bufferCapacity);
      buffer = new BytePointer(bufferCapacity);
    }
  }

  /** Forces what was written so far to the disk (fsync). */
  public void sync() throws IOException {
    syncChannel.force(false);
    lastSyncNanos = System.nanoTime();
  }

  /** What the segment holds so far. */
  public SegmentSummary info() {
    long frameMicros = frames > 1 ? (lastPtsMicros - firstPtsMicros) / (frames - 1) : 0;
    return new SegmentSummary(
        file,
        codec,
        firstEpochMicros,
        lastEpochMicros,
        firstPtsMicros,
        frames == 0 ? 0 : lastPtsMicros - firstPtsMicros + frameMicros,
        frames,
        keyframes,
        bytes);
  }

  /**
   * Finishes the segment: flushes, fsyncs and closes the file, frees native memory. Idempotent.
   *
   * @throws IOException if the last write or the fsync fails (the file is closed regardless)
   */
  @Override
  public void close() throws IOException {
    finish();
  }

  /** {@link #close()} returning the segment's info. */
  public SegmentSummary finish() throws IOException {
    if (closed) {
      return info();
    }
    closed = true;
    try {
      output.finish();
      bytesAtClose = output.position();
      output.close();
      output = null;
      sync();
    } finally {
      abandon();
    }
    log.debug("Segment {} closed: {} frames, {} bytes", file, frames, bytes);
    return info();
  }

  /** Frees everything without finishing the file. */
  private void abandon() {
    closed = true;
    if (output != null) {
      output.close();
      output = null;
    }
    if (packet != null) {
      // The packet points into our buffer and owns no data of its own.
      packet.data(null).size(0);
      av_packet_free(packet);
      packet = null;
    }
    if (buffer != null) {
      buffer.close();
      buffer = null;
    }
    if (syncChannel != null) {
      try {
        syncChannel.close();
      } catch (IOException e) {
        log.debug("Closing the sync descriptor of {} failed: {}", file, e.toString());
      }
      syncChannel = null;
    }
  }
}
