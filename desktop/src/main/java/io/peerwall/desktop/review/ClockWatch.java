package io.peerwall.desktop.review;

import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Notices when the computer's clock is set (by hand, by NTP stepping it): the wall clock moved by
 * more than two seconds against the monotonic timer between two looks. The timeline's "now" and
 * live then jump, and the review says so instead of leaving the guard to wonder.
 */
final class ClockWatch {
  private static final long JUMP_MICROS = 2_000_000;

  private final LongSupplier nanoTime;
  private long lastWallMicros = Long.MIN_VALUE;
  private long lastNanos;

  ClockWatch(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** The step since the last look (positive: set forward), or empty when the clock just ran. */
  OptionalLong look(long wallMicros) {
    long nanos = nanoTime.getAsLong();
    OptionalLong step = OptionalLong.empty();
    if (lastWallMicros != Long.MIN_VALUE) {
      long jump = wallMicros - (lastWallMicros + (nanos - lastNanos) / 1000);
      if (Math.abs(jump) > JUMP_MICROS) {
        step = OptionalLong.of(jump);
      }
    }
    lastWallMicros = wallMicros;
    lastNanos = nanos;
    return step;
  }
}
