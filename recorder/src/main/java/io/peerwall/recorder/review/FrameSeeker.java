package io.peerwall.recorder.review;

import io.peerwall.recorder.KeyframeIndex;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.SegmentInfo;
import io.peerwall.recorder.ts.TsScanner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Seeking by the keyframe index (docs/storage.md sections 2 and 7): the segment and keyframe at or
 * before t come from the index alone; the exact frame is found by reading forward from that
 * keyframe's byte offset, never past the next keyframe (one GOP), so a seek never reads a file from
 * its start. The segment being recorded is read the same way, up to its last whole frame.
 */
final class FrameSeeker {
  private final Recordings recordings;

  FrameSeeker(Recordings recordings) {
    this.recordings = recordings;
  }

  Optional<Recordings.SeekPoint> keyframe(String cameraId, long t) {
    return recordings.seek(cameraId, t);
  }

  /** The last frame at or before t (the segment's last frame when t is after it). */
  Optional<FramePosition> exactFrame(String cameraId, long t) throws IOException {
    Optional<Recordings.SeekPoint> seek = recordings.seek(cameraId, t);
    if (seek.isEmpty()) {
      return Optional.empty();
    }
    SegmentInfo segment = seek.get().segment();
    KeyframeIndex.Keyframe key = seek.get().keyframe();
    long stopAt = nextKeyframeOffset(segment, key);
    long target = segment.ticksOfMicros(t);
    FramePosition[] found = {null};
    int[] number = {key.frame()};
    long[] base = {Long.MIN_VALUE};
    scan(
        segment,
        key.offset(),
        frame -> {
          if (frame.offset() >= stopAt && found[0] != null) {
            return false; // the next GOP: the frame before it was the last one at or before t
          }
          if (base[0] == Long.MIN_VALUE) {
            base[0] = frame.pts() - key.ticks();
          }
          long ticks = frame.pts() - base[0];
          if (ticks > target && found[0] != null) {
            return false;
          }
          found[0] =
              new FramePosition(
                  segment,
                  key,
                  seek.get().keyframeMicros(),
                  number[0]++,
                  segment.microsOfTicks(ticks),
                  frame.offset(),
                  frame.length(),
                  seek.get().inside());
          return true;
        });
    return Optional.ofNullable(found[0]);
  }

  /** The segment being recorded and how far it can be read now, if one is being recorded. */
  Optional<LiveEdge> liveEdge(String cameraId) throws IOException {
    Optional<Recordings.SeekPoint> newest = recordings.seek(cameraId, Long.MAX_VALUE);
    if (newest.isEmpty() || newest.get().segment().closed()) {
      return Optional.empty();
    }
    SegmentInfo segment = newest.get().segment();
    List<KeyframeIndex.Keyframe> keys = KeyframeIndex.decode(segment.keyframes());
    KeyframeIndex.Keyframe last = keys.get(keys.size() - 1);
    long[] lastTicks = {last.ticks()};
    long[] end = {last.offset()};
    long[] frames = {last.frame()};
    long[] base = {Long.MIN_VALUE};
    scan(
        segment,
        last.offset(),
        frame -> {
          if (base[0] == Long.MIN_VALUE) {
            base[0] = frame.pts() - last.ticks();
          }
          lastTicks[0] = frame.pts() - base[0];
          end[0] = frame.offset() + frame.length();
          frames[0]++;
          return true;
        });
    return Optional.of(
        new LiveEdge(
            segment, segment.endMicros(), segment.microsOfTicks(lastTicks[0]), frames[0], end[0]));
  }

  /** Where the keyframe after {@code key} starts, or the end of the file. */
  private static long nextKeyframeOffset(SegmentInfo segment, KeyframeIndex.Keyframe key) {
    for (KeyframeIndex.Keyframe k : KeyframeIndex.decode(segment.keyframes())) {
      if (k.offset() > key.offset()) {
        return k.offset();
      }
    }
    return Long.MAX_VALUE;
  }

  private static void scan(SegmentInfo segment, long from, TsScanner.Visitor visitor)
      throws IOException {
    try (FileChannel channel = FileChannel.open(segment.file(), StandardOpenOption.READ)) {
      new TsScanner().scan(channel, from, false, segment.closed(), visitor);
    }
  }
}
