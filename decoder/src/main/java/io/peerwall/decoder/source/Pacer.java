package io.peerwall.decoder.source;

import io.peerwall.decoder.MediaClock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Releases frames in real time on an absolute schedule: frame time t is due at anchor + (t -
 * anchorTime) on the monotonic clock, so wake-up jitter never accumulates into drift. A source that
 * falls more than {@link #MAX_LAG_NANOS} behind (suspend, GC pause, slow disk) re-anchors instead
 * of bursting out the backlog. One per source thread; not thread-safe.
 */
final class Pacer {

  static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final MediaClock clock;
  private boolean anchored;
  private long anchorNanos;
  private long anchorMicros;
  private long resets;

  Pacer(MediaClock clock) {
    this.clock = clock;
  }

  /** Makes the next frame due now, whatever its time (after a loop, a skip or a reconnect). */
  void reanchor() {
    anchored = false;
  }

  /**
   * Waits until the frame with media time {@code mediaMicros} is due, or until {@code keepWaiting}
   * turns false (checked after every wake-up; {@link LockSupport#unpark} the thread to wake it).
   *
   * @return false if the wait was given up because {@code keepWaiting} turned false
   */
  boolean awaitDue(long mediaMicros, BooleanSupplier keepWaiting) {
    long now = clock.monotonicNanos();
    if (!anchored) {
      anchor(now, mediaMicros);
      return keepWaiting.getAsBoolean();
    }
    long due = anchorNanos + (mediaMicros - anchorMicros) * 1000;
    if (now - due > MAX_LAG_NANOS) {
      resets++;
      anchor(now, mediaMicros);
      return keepWaiting.getAsBoolean();
    }
    while (keepWaiting.getAsBoolean()) {
      long wait = due - clock.monotonicNanos();
      if (wait <= 0) {
        return true;
      }
      LockSupport.parkNanos(wait);
    }
    return false;
  }

  /** Times the schedule was re-anchored after falling too far behind. */
  long resets() {
    return resets;
  }

  private void anchor(long now, long mediaMicros) {
    anchored = true;
    anchorNanos = now;
    anchorMicros = mediaMicros;
  }
}
