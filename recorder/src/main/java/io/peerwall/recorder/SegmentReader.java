package io.peerwall.recorder;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.recorder.ts.TsScanner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;

/**
 * Reads recorded frames back as access units, exactly as the camera sent them (only the muxer's
 * access-unit delimiter removed), with their wall-clock times: for playback and tests. Exact
 * seeking: start at the keyframe at or before t ({@link Recordings#seek}), then read forward.
 */
public final class SegmentReader {
  private SegmentReader() {}

  /** Receives frames in order; returns false to stop. */
  @FunctionalInterface
  public interface FrameVisitor {
    boolean frame(AccessUnit unit, long offset, int length) throws IOException;
  }

  /** Reads every frame of a segment. */
  public static long read(SegmentInfo segment, FrameVisitor visitor) throws IOException {
    return read(segment, new KeyframeIndex.Keyframe(0, 0, 0), visitor);
  }

  /**
   * Reads a segment's frames from one of its keyframes (from {@link KeyframeIndex}). Each unit's
   * {@code ptsMicros} and {@code captureEpochMicros} are its wall-clock time in the recording. A
   * segment still being written is read up to its last whole frame.
   *
   * @return the number of frames read
   * @throws NoSuchFileException naming the file when it is gone (deleted by hand or by retention)
   */
  public static long read(SegmentInfo segment, KeyframeIndex.Keyframe from, FrameVisitor visitor)
      throws IOException {
    long[] count = {0};
    long[] base = {Long.MIN_VALUE};
    try (FileChannel channel = FileChannel.open(segment.file(), StandardOpenOption.READ)) {
      new TsScanner()
          .scan(
              channel,
              from.offset(),
              true,
              segment.closed(),
              frame -> {
                if (base[0] == Long.MIN_VALUE) {
                  base[0] = frame.pts() - from.ticks();
                }
                long micros = segment.microsOfTicks(frame.pts() - base[0]);
                count[0]++;
                return visitor.frame(
                    new AccessUnit(segment.codec(), frame.data(), micros, micros, frame.keyframe()),
                    frame.offset(),
                    frame.length());
              });
    }
    return count[0];
  }
}
