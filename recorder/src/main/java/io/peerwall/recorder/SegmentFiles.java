package io.peerwall.recorder;

import io.peerwall.recorder.ts.TsProfile;
import io.peerwall.recorder.ts.TsScanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/** Reading whole segment files back: what recovery, rebuild and verify need. */
final class SegmentFiles {
  private SegmentFiles() {}

  /**
   * What a scan of a whole segment file found.
   *
   * @param end byte offset after the last whole frame
   * @param lastTicks the last frame's PTS minus the first frame's
   * @param intervalTicks average frame interval (0 for one frame)
   * @param firstUnit the first frame's access unit (its parameter sets), or null without frames
   * @param problem what stopped the scan before the end of the file, or null
   */
  record FileScan(
      long frames,
      long end,
      long fileSize,
      byte[] keyframes,
      long lastTicks,
      long intervalTicks,
      byte[] firstUnit,
      boolean startsWithKeyframe,
      String problem) {

    /** The end time of the frames, given the segment's start. */
    long endMicros(long startMicros) {
      return startMicros + TsProfile.toMicros(lastTicks + intervalTicks);
    }
  }

  /**
   * Scans a whole file; the keyframe index is rebuilt from what is there.
   *
   * @param closedCleanly whether the writer finished the file (else its last frame may be torn)
   */
  static FileScan scan(Path file, boolean closedCleanly) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      TsScanner scanner = new TsScanner();
      KeyframeIndex.Builder keys = new KeyframeIndex.Builder();
      long[] count = {0};
      long[] last = {0};
      byte[][] first = {null};
      boolean[] startsWithKey = {false};
      // Data is collected for the first frame only (its parameter sets); then the scan restarts
      // without data from the second frame.
      TsScanner.Result head =
          scanner.scan(
              channel,
              0,
              true,
              closedCleanly,
              frame -> {
                first[0] = frame.data();
                startsWithKey[0] = frame.keyframe();
                last[0] = frame.pts();
                count[0] = 1;
                return false;
              });
      if (count[0] == 0) {
        return new FileScan(0, 0, channel.size(), new byte[0], 0, 0, null, false, head.problem());
      }
      long firstPts = last[0];
      last[0] = 0;
      TsScanner.Result rest =
          scanner.scan(
              channel,
              head.end(),
              false,
              closedCleanly,
              frame -> {
                if (frame.keyframe()) {
                  keys.tryAdd((int) count[0], frame.pts() - firstPts, frame.offset());
                }
                last[0] = frame.pts() - firstPts;
                count[0]++;
                return true;
              });
      long interval = count[0] < 2 ? 0 : Math.round(last[0] / (double) (count[0] - 1));
      return new FileScan(
          count[0],
          rest.end(),
          rest.fileSize(),
          keys.toBytes(),
          last[0],
          interval,
          first[0],
          startsWithKey[0],
          rest.problem());
    }
  }

  /** SHA-256 of the first {@code length} bytes of a file. */
  static byte[] sha256(Path file, long length) throws IOException {
    MessageDigest digest = OpenSegment.sha256();
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long position = 0;
      while (position < length) {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), length - position));
        int n = channel.read(buffer, position);
        if (n < 0) {
          throw new IOException(file + " is shorter than " + length + " bytes");
        }
        digest.update(buffer.array(), 0, n);
        position += n;
      }
    }
    return digest.digest();
  }

  /** Cuts a file to {@code length} bytes and syncs it. */
  static void truncate(Path file, long length) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(length);
      channel.force(false);
    }
  }
}
