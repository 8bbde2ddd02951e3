package io.peerwall.station.feed;

import java.time.Duration;

/**
 * Exponential reconnect delay: doubles from {@code initial} up to {@code max}; resets on success.
 */
final class Backoff {
  private final Duration initial;
  private final Duration max;
  private Duration next;

  Backoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
    this.next = initial;
  }

  Duration nextDelay() {
    Duration current = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return current;
  }

  void reset() {
    next = initial;
  }
}
