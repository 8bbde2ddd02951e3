package io.peerwall.decoder;

import java.time.Clock;
import java.time.Instant;

/**
 * The two times media code needs: a monotonic clock to pace frames (it never jumps when the wall
 * clock is corrected) and the wall clock to stamp capture times. Injected so tests and simulations
 * can drive time by hand ({@link ManualMediaClock}).
 */
public interface MediaClock {

  /** Monotonic time in nanoseconds, arbitrary origin (like {@link System#nanoTime()}). */
  long monotonicNanos();

  /** Wall-clock time in microseconds since the Unix epoch. */
  long epochMicros();

  /** The real clocks: {@link System#nanoTime()} and the system UTC clock. */
  static MediaClock system() {
    return of(Clock.systemUTC());
  }

  /** System monotonic time, with wall-clock time from {@code wallClock}. */
  static MediaClock of(Clock wallClock) {
    return new MediaClock() {
      @Override
      public long monotonicNanos() {
        return System.nanoTime();
      }

      @Override
      public long epochMicros() {
        Instant now = wallClock.instant();
        return Math.addExact(
            Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1000);
      }
    };
  }
}
