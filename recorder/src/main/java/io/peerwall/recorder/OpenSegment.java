package io.peerwall.recorder;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.mux.SegmentWriter;
import io.peerwall.recorder.ts.TsProfile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A segment file being written by the mux thread, through the decoder's crash-tolerant MPEG-TS
 * {@link SegmentWriter} (FFmpeg, {@code flush_packets}: each frame reaches the kernel before {@link
 * #write} returns). Alongside it the recorder keeps what the index needs: the file size after each
 * frame (keyframe byte offsets for exact seeking) and the keyframe index. Not thread-safe; after
 * {@link #finish} the file belongs to the sync thread.
 */
final class OpenSegment {
  final long id;
  final long streamId;
  final long startMicros;
  final Path file;
  final ParameterSets params;

  /** Directories created for this file; their parents need an fsync too. */
  final List<Path> createdDirs;

  private final SegmentWriter writer;
  private final KeyframeIndex.Builder keys = new KeyframeIndex.Builder();
  private long bytes;
  private long frames;
  private long lastRelativeMicros;
  private boolean failed;

  private OpenSegment(
      long id,
      long streamId,
      long startMicros,
      Path file,
      ParameterSets params,
      List<Path> createdDirs,
      SegmentWriter writer) {
    this.id = id;
    this.streamId = streamId;
    this.startMicros = startMicros;
    this.file = file;
    this.params = params;
    this.createdDirs = createdDirs;
    this.writer = writer;
  }

  /** Creates the file (and its directories). */
  static OpenSegment create(
      Path streamDir, long id, long streamId, long startMicros, ParameterSets params)
      throws IOException {
    Path file = streamDir.resolve(SegmentPaths.relativeFile(startMicros, id));
    List<Path> created = new ArrayList<>();
    for (Path dir = file.getParent();
        dir != null && !Files.isDirectory(dir);
        dir = dir.getParent()) {
      created.add(0, dir);
    }
    Files.createDirectories(file.getParent());
    SegmentWriter writer =
        SegmentWriter.create(file, params.codec(), params.width(), params.height(), Duration.ZERO);
    OpenSegment segment = new OpenSegment(id, streamId, startMicros, file, params, created, writer);
    segment.bytes = writer.size(); // the muxer's header, if it wrote one already
    return segment;
  }

  /**
   * Writes one frame at {@code relativeMicros} after the segment's start. On failure the file is
   * cut back to the last whole frame and the exception is passed on; the segment takes no more.
   */
  void write(AccessUnit unit, long relativeMicros) throws IOException {
    if (failed) {
      throw new IOException("segment " + file + " failed earlier");
    }
    long micros = startMicros + Math.max(0, relativeMicros);
    long before = bytes;
    try {
      writer.write(new AccessUnit(unit.codec(), unit.data(), micros, micros, unit.keyframe()));
      bytes = writer.size();
    } catch (IOException | RuntimeException e) {
      failed = true;
      try {
        cutTo(before);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
    if (unit.keyframe() && frames > 0) {
      keys.tryAdd((int) frames, TsProfile.toTicks(relativeMicros), before);
    }
    lastRelativeMicros = Math.max(lastRelativeMicros, relativeMicros);
    frames++;
  }

  long frames() {
    return frames;
  }

  long bytes() {
    return bytes;
  }

  /** Wall-clock time of the last frame written. */
  long lastFrameMicros() {
    return startMicros + lastRelativeMicros;
  }

  /** The average frame interval so far, the duration given to the last frame; 0 for one frame. */
  long frameIntervalMicros() {
    return frames < 2 ? 0 : Math.round(lastRelativeMicros / (double) (frames - 1));
  }

  /** The end a segment closed now would have: the last frame plus one frame interval. */
  long naturalEndMicros() {
    return lastFrameMicros() + frameIntervalMicros();
  }

  /** The row while open: frames so far, no hash. */
  SegmentState progress() {
    return new SegmentState(
        id,
        streamId,
        startMicros,
        naturalEndMicros(),
        false,
        bytes,
        frames,
        keys.toBytes(),
        null,
        0);
  }

  /**
   * The figures of the final row, ending at {@code endMicros} (no hash yet: see {@link #finish}).
   */
  SegmentState closing(long endMicros) {
    long end = Math.max(endMicros, lastFrameMicros());
    return new SegmentState(
        id, streamId, startMicros, end, true, bytes, frames, keys.toBytes(), null, 0);
  }

  /**
   * Finishes the file on the sync thread: the writer flushes, fsyncs and closes it; a file whose
   * last write failed is cut to its last whole frame and synced. Returns the final size.
   */
  long finish() throws IOException {
    try {
      writer.finish();
    } catch (IOException e) {
      if (!failed) {
        throw e;
      }
      // The failure was reported already; the file is cut back below.
    } finally {
      if (failed) {
        cutTo(bytes);
      }
    }
    return Files.size(file);
  }

  /** Cuts the file back to {@code length} bytes (a torn frame after a failed write) and syncs. */
  private void cutTo(long length) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (channel.size() > length) {
        channel.truncate(length);
      }
      channel.force(false);
    }
  }

  /**
   * Fsyncs what was written so far while the mux goes on writing (called on the sync thread; the
   * writer syncs through a descriptor of its own, so this does not race the writes).
   */
  void syncWhileOpen() throws IOException {
    writer.sync();
  }

  /** Closes and deletes the file (a segment that never got a whole frame). */
  void discard() {
    try {
      writer.close();
    } catch (IOException e) {
      // deleted below anyway
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Start-up recovery deletes a file without a whole frame anyway.
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
