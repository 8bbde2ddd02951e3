package io.peerwall.decoder;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MediaClock} that only moves when told to, for deterministic tests and for simulations
 * that run faster or slower than real time. Both times advance together. Thread-safe.
 */
public final class ManualMediaClock implements MediaClock {

  private final long epochMicrosAtZero;
  private final AtomicLong nanos = new AtomicLong();

  /** Starts at monotonic time 0 and at {@code startEpochMicros} on the wall clock. */
  public ManualMediaClock(long startEpochMicros) {
    this.epochMicrosAtZero = startEpochMicros;
  }

  @Override
  public long monotonicNanos() {
    return nanos.get();
  }

  @Override
  public long epochMicros() {
    return epochMicrosAtZero + nanos.get() / 1000;
  }

  /** Moves both clocks forward. */
  public void advance(Duration duration) {
    advanceNanos(duration.toNanos());
  }

  /** Moves both clocks forward by {@code deltaNanos} (not negative: time is monotonic). */
  public void advanceNanos(long deltaNanos) {
    if (deltaNanos < 0) {
      throw new IllegalArgumentException("time cannot go backwards");
    }
    nanos.addAndGet(deltaNanos);
  }
}
