package io.peerwall.station.review;

import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * The one clock every camera of a review plays by (issue 14.4: several cameras in sync): a position
 * in recorded time (epoch microseconds) that moves at a speed, measured on a monotonic timer so a
 * change of the computer's clock does not make playback jump. Playing forward past now joins live:
 * the position then follows the wall clock at 1×. Thread-safe; cheap enough to read every frame.
 */
public final class PlaybackClock {
  /**
   * How far behind now live playback of a recording runs: the segment being written is readable up
   * to its last whole frame within milliseconds, and a second of margin absorbs the camera's
   * delivery and the recorder's queue, so frames are shown evenly rather than in bursts.
   */
  public static final long LIVE_DELAY_MICROS = 1_000_000;

  private final LongSupplier nanoTime;
  private final Clock wall;
  private long anchorMicros;
  private long anchorNanos;
  private double speed; // 0 = paused
  private boolean live;

  /**
   * @param nanoTime a monotonic timer ({@code System::nanoTime}; tests inject their own)
   * @param wall the wall clock, for "now" (where recording ends and live begins)
   */
  public PlaybackClock(LongSupplier nanoTime, Clock wall, long startMicros) {
    this.nanoTime = nanoTime;
    this.wall = wall;
    this.anchorMicros = startMicros;
    this.anchorNanos = nanoTime.getAsLong();
  }

  /** Where playback is now (epoch microseconds). */
  public synchronized long position() {
    long liveEdge = nowMicros() - LIVE_DELAY_MICROS;
    if (live) {
      return liveEdge;
    }
    long elapsed = nanoTime.getAsLong() - anchorNanos;
    long position = anchorMicros + (long) (elapsed * speed / 1000.0);
    if (speed > 0 && position >= liveEdge) {
      // Past the last recorded moment: from here on, playback is live.
      live = true;
      speed = 1;
      return liveEdge;
    }
    return position;
  }

  /** The speed (negative: backwards), 0 while paused. */
  public synchronized double speed() {
    position(); // may join live
    return speed;
  }

  public synchronized boolean live() {
    position();
    return live;
  }

  /** Moves to {@code micros} and plays at {@code newSpeed} (0: paused there); leaves live. */
  public synchronized void set(long micros, double newSpeed) {
    anchorMicros = Math.min(micros, nowMicros() - LIVE_DELAY_MICROS);
    anchorNanos = nanoTime.getAsLong();
    speed = newSpeed;
    live = false;
  }

  /** Keeps the position, changes the speed (0 pauses). */
  public synchronized void setSpeed(double newSpeed) {
    set(position(), newSpeed);
  }

  /** Follows now at 1×. */
  public synchronized void goLive() {
    speed = 1;
    live = true;
  }

  /**
   * Wall nanoseconds until the position reaches {@code micros} at the current speed: 0 when it has,
   * {@link Long#MAX_VALUE} when it never will (paused, or moving away).
   */
  public synchronized long nanosUntil(long micros) {
    long distance = micros - position();
    if (speed == 0) {
      return distance == 0 ? 0 : Long.MAX_VALUE;
    }
    double wallMicros = distance / speed;
    if (wallMicros <= 0) {
      return 0;
    }
    return (long) Math.min(Long.MAX_VALUE / 2.0, wallMicros * 1000);
  }

  /** Where live playback is: now less {@link #LIVE_DELAY_MICROS}. */
  public long liveEdgeMicros() {
    return nowMicros() - LIVE_DELAY_MICROS;
  }

  /** Now on the wall clock (epoch microseconds). */
  public long nowMicros() {
    return wall.millis() * 1000;
  }
}
