package io.peerwall.station.review;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.recorder.KeyframeIndex;
import io.peerwall.recorder.SegmentInfo;
import io.peerwall.recorder.ts.TsScanner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Reads a segment's frames with their wall-clock times, from one of its keyframes (found in the
 * index) or on from where the last read stopped, so that playing, stepping and releasing a scrub in
 * the same GOP never read or decode a frame twice. Only whole frames are read: a segment still
 * being written ends at its last whole frame (docs/storage.md, I6), and reading it again later goes
 * on from there.
 */
final class SegmentCursor {
  private final TsScanner scanner = new TsScanner();
  private long segmentId = -1;
  private long ptsBase = Long.MIN_VALUE;

  /** Receives frames in order; returns false to stop. */
  @FunctionalInterface
  interface FrameVisitor {
    boolean frame(AccessUnit unit, long offset, int length) throws IOException;
  }

  /**
   * How a read ended.
   *
   * @param frames frames read
   * @param problem what stopped the scan before the end of the readable file (damage), or null
   */
  record Read(long frames, String problem) {}

  /** Reads from a keyframe of the segment (its offset is a valid start). */
  Read fromKeyframe(SegmentInfo segment, KeyframeIndex.Keyframe key, FrameVisitor visitor)
      throws IOException {
    if (segment.id() != segmentId) {
      segmentId = segment.id();
    }
    ptsBase = Long.MIN_VALUE;
    return scan(segment, key.offset(), key.ticks(), visitor);
  }

  /**
   * Reads on from {@code offset} (where an earlier read of the same segment stopped after a frame).
   *
   * @return null when this cursor has not read that segment (start from a keyframe instead)
   */
  Read onFrom(SegmentInfo segment, long offset, FrameVisitor visitor) throws IOException {
    if (segment.id() != segmentId || ptsBase == Long.MIN_VALUE) {
      return null;
    }
    return scan(segment, offset, Long.MIN_VALUE, visitor);
  }

  private Read scan(SegmentInfo segment, long from, long firstTicks, FrameVisitor visitor)
      throws IOException {
    long[] count = {0};
    TsScanner.Result result;
    try (FileChannel channel = FileChannel.open(segment.file(), StandardOpenOption.READ)) {
      result =
          scanner.scan(
              channel,
              from,
              true,
              segment.closed(),
              frame -> {
                if (ptsBase == Long.MIN_VALUE) {
                  ptsBase = frame.pts() - firstTicks;
                }
                long micros = segment.microsOfTicks(frame.pts() - ptsBase);
                count[0]++;
                return visitor.frame(
                    new AccessUnit(segment.codec(), frame.data(), micros, micros, frame.keyframe()),
                    frame.offset(),
                    frame.length());
              });
    }
    return new Read(count[0], result.problem());
  }
}
