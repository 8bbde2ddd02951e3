package io.peerwall.p2p.util;

/**
 * A token bucket on a caller-supplied clock: {@code ratePerSecond} tokens accrue per second, up to
 * {@code capacity}; {@link #tryTake} spends them or refuses. Starts full. Integer arithmetic that
 * never grants more than the rate allows: over any span, tokens taken ≤ capacity + rate × span. Not
 * thread-safe (one owner thread, or the owner's lock).
 */
public final class TokenBucket {
  private static final long NANOS = 1_000_000_000L;
  private final long ratePerSecond;
  private final long capacity;
  private final long fillNanos; // time to fill an empty bucket: bounds the arithmetic below
  private long tokens;
  private long lastNanos;

  /**
   * @param ratePerSecond tokens per second, 0..10^9
   * @param capacity the most tokens held, 0..10^9
   */
  public TokenBucket(long ratePerSecond, long capacity, long nowNanos) {
    if (ratePerSecond < 0 || capacity < 0 || ratePerSecond > NANOS || capacity > NANOS) {
      throw new IllegalArgumentException("rate and capacity must be 0..10^9");
    }
    this.ratePerSecond = ratePerSecond;
    this.capacity = capacity;
    this.fillNanos = ratePerSecond == 0 ? 0 : ceilDiv(capacity * NANOS, ratePerSecond);
    this.tokens = capacity;
    this.lastNanos = nowNanos;
  }

  /** Takes {@code amount} tokens if that many are there; false (nothing taken) otherwise. */
  public boolean tryTake(long amount, long nowNanos) {
    refill(nowNanos);
    if (amount > tokens) {
      return false;
    }
    tokens -= amount;
    return true;
  }

  /** Tokens available now. */
  public long available(long nowNanos) {
    refill(nowNanos);
    return tokens;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed <= 0 || ratePerSecond == 0) {
      return;
    }
    if (elapsed >= fillNanos) {
      tokens = capacity;
      lastNanos = nowNanos;
      return;
    }
    long add = elapsed * ratePerSecond / NANOS; // elapsed < fillNanos keeps this below 2^63
    if (add == 0) {
      return;
    }
    tokens = Math.min(capacity, tokens + add);
    // Advance by the time those tokens took, rounded up: the remainder carries over, and the
    // bucket never runs ahead of the rate.
    lastNanos += ceilDiv(add * NANOS, ratePerSecond);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
