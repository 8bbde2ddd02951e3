package io.peerwall.recorder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The compact keyframe index of a segment (docs/storage.md section 2): for each keyframe after the
 * first, three unsigned LEB128 varints relative to the previous keyframe: frames, 90 kHz ticks and
 * bytes since it. The first keyframe is implicit (frame 0, tick 0, byte 0). About 7 bytes per
 * keyframe.
 */
public final class KeyframeIndex {

  /**
   * A keyframe of a segment, relative to the segment's start.
   *
   * @param frame frame number within the segment (0-based)
   * @param ticks 90 kHz ticks since the segment's first frame
   * @param offset byte offset of the keyframe's span in the file (a PAT: a valid reading start)
   */
  public record Keyframe(int frame, long ticks, long offset) {}

  private KeyframeIndex() {}

  /** Every keyframe of a segment, the implicit first one included. */
  public static List<Keyframe> decode(byte[] blob) {
    List<Keyframe> keys = new ArrayList<>();
    Keyframe last = new Keyframe(0, 0, 0);
    keys.add(last);
    int[] position = {0};
    while (position[0] < blob.length) {
      long frames = readVarint(blob, position);
      long ticks = readVarint(blob, position);
      long bytes = readVarint(blob, position);
      last = new Keyframe(last.frame() + (int) frames, last.ticks() + ticks, last.offset() + bytes);
      keys.add(last);
    }
    return keys;
  }

  /** The last keyframe at or before {@code ticks} (the first keyframe when ticks is before it). */
  public static Keyframe atOrBefore(byte[] blob, long ticks) {
    Keyframe best = new Keyframe(0, 0, 0);
    int[] position = {0};
    while (position[0] < blob.length) {
      long frames = readVarint(blob, position);
      long deltaTicks = readVarint(blob, position);
      long bytes = readVarint(blob, position);
      Keyframe next =
          new Keyframe(
              best.frame() + (int) frames, best.ticks() + deltaTicks, best.offset() + bytes);
      if (next.ticks() > ticks) {
        break;
      }
      best = next;
    }
    return best;
  }

  static long readVarint(byte[] blob, int[] position) {
    long value = 0;
    int shift = 0;
    while (position[0] < blob.length) {
      int b = blob[position[0]++] & 0xFF;
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
      shift += 7;
      if (shift > 63) {
        break;
      }
    }
    throw new IllegalArgumentException("truncated keyframe index");
  }

  /** Builds the index while a segment is written. Not thread-safe. */
  static final class Builder {
    private byte[] bytes = new byte[128];
    private int length;
    private int lastFrame;
    private long lastTicks;
    private long lastOffset;
    private int count = 1;

    /** Adds a keyframe (not the segment's first, which is implicit). */
    void add(int frame, long ticks, long offset) {
      if (frame <= lastFrame || ticks < lastTicks || offset <= lastOffset) {
        throw new IllegalArgumentException("keyframes must advance");
      }
      write(frame - lastFrame);
      write(ticks - lastTicks);
      write(offset - lastOffset);
      lastFrame = frame;
      lastTicks = ticks;
      lastOffset = offset;
      count++;
    }

    /** Adds a keyframe if it advances on the last one (a file read back may hold odd times). */
    void tryAdd(int frame, long ticks, long offset) {
      if (frame > lastFrame && ticks >= lastTicks && offset > lastOffset) {
        add(frame, ticks, offset);
      }
    }

    int keyframes() {
      return count;
    }

    byte[] toBytes() {
      return Arrays.copyOf(bytes, length);
    }

    private void write(long value) {
      if (length + 10 > bytes.length) {
        bytes = Arrays.copyOf(bytes, bytes.length * 2);
      }
      long v = value;
      while ((v & ~0x7FL) != 0) {
        bytes[length++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      bytes[length++] = (byte) v;
    }
  }
}
