package io.peerwall.decoder.source;

/**
 * Maps an input's timestamps onto the source's own timeline, which starts at 0 and only increases:
 * across file loops, keyframe skips, reconnects, and inputs whose clocks jump.
 *
 * <p>At each {@link #rebase} the next unit is placed one frame after the last one delivered, or at
 * the time elapsed since the source started if that is later (so a camera outage shows up as a gap
 * rather than being squeezed out). In between, the input's own spacing is kept exactly, so the
 * packets are passed through with their original cadence. Decode timestamps drive the mapping;
 * presentation timestamps get the same offset, which keeps B-frame reordering intact. One per
 * source, used by one run at a time; synchronized because a stopped run's thread may still be
 * finishing while the next run starts.
 */
final class Retimer {

  /** A jump between consecutive units larger than this is a timestamp discontinuity. */
  static final long MAX_STEP_MICROS = 10_000_000;

  private static final long DEFAULT_FRAME_MICROS = 40_000;

  private boolean based;
  private boolean started;
  private long offsetMicros;
  private long lastOutDts;
  private long frameMicros = DEFAULT_FRAME_MICROS;

  /** Makes the next unit start a new segment of the timeline (see the class comment). */
  synchronized void rebase() {
    based = false;
  }

  /** The nominal frame spacing, used when a rebase needs "one frame later". */
  synchronized void frameDuration(long micros) {
    if (micros > 0 && micros < MAX_STEP_MICROS) {
      frameMicros = micros;
    }
  }

  /**
   * Returns the output decode time of a unit with input decode time {@code inDts}; call {@link
   * #outPts} for its presentation time afterwards.
   *
   * @param elapsedMicros time since the source first started, on the monotonic clock
   */
  synchronized long outDts(long inDts, long elapsedMicros) {
    if (based) {
      long candidate = inDts + offsetMicros;
      long step = candidate - lastOutDts;
      if (step <= 0 || step > MAX_STEP_MICROS) {
        based = false; // went backwards or jumped: treat like a new input
      }
    }
    if (!based) {
      long target = started ? Math.max(lastOutDts + frameMicros, elapsedMicros) : 0;
      offsetMicros = target - inDts;
      based = true;
      started = true;
    }
    lastOutDts = inDts + offsetMicros;
    return lastOutDts;
  }

  /** Output presentation time for input presentation time {@code inPts} of the same unit. */
  synchronized long outPts(long inPts) {
    return Math.max(0, inPts + offsetMicros);
  }
}
