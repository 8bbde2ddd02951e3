package io.peerwall.recorder.motion;

import java.util.function.DoubleUnaryOperator;

/**
 * Turns per-picture scores into events: an event starts when the score reaches the threshold in two
 * analysed pictures in a row (one noisy picture is not motion) and ends {@link #QUIET_MICROS} after
 * the last picture that reached it. Not thread-safe: one per camera.
 */
public final class MotionEvents {
  /** How long the picture must stay still before an event ends. */
  public static final long QUIET_MICROS = 3_000_000;

  /** What the events do; called on the analysing thread. */
  public interface Listener {
    void started(long startMicros, double score);

    /** A picture of a running event (its first included) reached the threshold. */
    void moving(long micros);

    void ended(long startMicros, long endMicros, double peakScore);
  }

  private final Listener listener;
  private boolean active;
  private int above;
  private long firstAboveMicros;
  private long startMicros;
  private long lastAboveMicros;
  private double peak;

  public MotionEvents(Listener listener) {
    this.listener = listener;
  }

  /**
   * One analysed picture at {@code micros} with {@code score} against a {@code threshold} (see
   * {@link MotionDetector#areaThreshold}).
   */
  public void observe(long micros, double score, double threshold) {
    boolean moving = score >= threshold;
    if (!active) {
      if (!moving) {
        above = 0;
        return;
      }
      if (above++ == 0) {
        firstAboveMicros = micros;
        peak = score;
      }
      peak = Math.max(peak, score);
      if (above >= 2) {
        active = true;
        startMicros = firstAboveMicros;
        lastAboveMicros = micros;
        listener.started(startMicros, peak);
        listener.moving(micros);
      }
      return;
    }
    if (moving) {
      lastAboveMicros = micros;
      peak = Math.max(peak, score);
      listener.moving(micros);
    } else if (micros - lastAboveMicros >= QUIET_MICROS) {
      finish();
    }
  }

  /** Ends a running event now (the stream stopped); nothing happens without one. */
  public void finish() {
    if (active) {
      active = false;
      above = 0;
      listener.ended(startMicros, lastAboveMicros, peak);
    }
  }

  public boolean active() {
    return active;
  }

  /** For tests and tuning: the threshold function used by the recorder. */
  public static DoubleUnaryOperator thresholds() {
    return s -> MotionDetector.areaThreshold((int) s);
  }
}
