package io.peerwall.decoder.source;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between reconnection attempts: doubling from {@code initial} up to {@code max}, with ±20 %
 * jitter so that many cameras dropped by one network blip do not all retry in the same instant.
 * Reset once a connection has proved healthy, not merely opened, so a camera that accepts and then
 * drops at once is still retried ever more slowly. Not thread-safe (one per reconnecting thread).
 */
final class Backoff {

  private final long initialNanos;
  private final long maxNanos;
  private long nextNanos;

  Backoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max");
    }
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.nextNanos = initialNanos;
  }

  /** The delay before the next attempt; each call doubles the following one, up to the maximum. */
  long nextDelayNanos() {
    long base = nextNanos;
    nextNanos = Math.min(maxNanos, nextNanos * 2);
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Math.min(maxNanos, (long) (base * jitter));
  }

  /** Back to the initial delay. */
  void reset() {
    nextNanos = initialNanos;
  }
}
