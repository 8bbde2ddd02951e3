package io.peerwall.bench;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.StreamDecoder;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One simulated camera tile: decodes a looping clip into a tile-sized buffer on its own thread,
 * each frame due at an absolute time (like frames arriving from a camera), and records how late
 * each decoded frame was. It never skips: a stream that cannot keep up falls further behind, which
 * is exactly what the benchmark looks for.
 *
 * <p>The loop allocates nothing per frame, so the heap bytes it measures are the decoder's.
 */
final class PacedStream implements Runnable {

  private final EncodedClip clip;
  private final int firstUnit;
  private final long firstDueNanos;
  private final long periodNanos;
  private final long windowStart;
  private final long windowEnd;
  private final int tileWidth;
  private final int tileHeight;

  // Results, read after the thread has been joined.
  private final long[] lateness;
  private int lateCount;
  private int dueInWindow;
  private int decodedInWindow;
  private long allocatedBytes;
  private volatile Throwable failure;

  /**
   * @param firstUnit a keyframe index to start at, so that streams are not in step
   * @param firstDueNanos when the first frame is due (System.nanoTime clock)
   * @param windowStart start of the measured window; frames before it warm up
   * @param windowEnd end of the measured window
   */
  PacedStream(
      EncodedClip clip,
      int firstUnit,
      long firstDueNanos,
      long periodNanos,
      long windowStart,
      long windowEnd,
      int tileWidth,
      int tileHeight) {
    this.clip = clip;
    this.firstUnit = firstUnit;
    this.firstDueNanos = firstDueNanos;
    this.periodNanos = periodNanos;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.tileWidth = tileWidth;
    this.tileHeight = tileHeight;
    this.lateness = new long[(int) ((windowEnd - windowStart) / periodNanos) + 2];
  }

  @Override
  public void run() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<AccessUnit> units = clip.units();
    FrameBuffer tile = new FrameBuffer(tileWidth, tileHeight);
    long allocatedAtStart = -1;
    try (StreamDecoder decoder = new StreamDecoder(clip.codec())) {
      for (long frame = 0; ; frame++) {
        long due = firstDueNanos + frame * periodNanos;
        if (due > windowEnd) {
          break;
        }
        long now;
        while ((now = System.nanoTime()) < due) {
          LockSupport.parkNanos(due - now);
        }
        if (now > windowEnd + periodNanos) {
          break; // hopelessly behind: the window is over
        }
        boolean measured = due >= windowStart;
        if (measured && allocatedAtStart < 0) {
          allocatedAtStart = threads.getCurrentThreadAllocatedBytes();
        }
        decoder.decode(units.get((int) ((firstUnit + frame) % units.size())), tile);
        long done = System.nanoTime();
        if (measured) {
          dueInWindow++;
          if (done <= windowEnd) {
            decodedInWindow++;
          }
          if (lateCount < lateness.length) {
            lateness[lateCount++] = done - due;
          }
        }
      }
      if (allocatedAtStart >= 0) {
        allocatedBytes = threads.getCurrentThreadAllocatedBytes() - allocatedAtStart;
      }
      // Frames due in the window that the thread never reached count as missed.
      long dueTotal = Math.max(0, (windowEnd - Math.max(windowStart, firstDueNanos)) / periodNanos);
      dueInWindow = (int) Math.max(dueInWindow, dueTotal);
    } catch (RuntimeException | Error e) {
      failure = e;
    }
  }

  /** Whether every frame due in the window was decoded within it, none later than {@code limit}. */
  boolean keptRealTime(long limitNanos) {
    return failure == null
        && dueInWindow > 0
        && decodedInWindow >= dueInWindow * 0.99
        && Stats.percentile(lateness, lateCount, 99) <= limitNanos;
  }

  long[] lateness() {
    return lateness;
  }

  int lateCount() {
    return lateCount;
  }

  int decodedInWindow() {
    return decodedInWindow;
  }

  long allocatedBytes() {
    return allocatedBytes;
  }

  Throwable failure() {
    return failure;
  }
}
