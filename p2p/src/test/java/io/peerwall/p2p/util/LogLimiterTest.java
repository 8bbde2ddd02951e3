package io.peerwall.p2p.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void oneLinePerKeyPerMinuteCarryingTheCountOfWhatItHeldBack() {
    AtomicLong clock = new AtomicLong();
    LogLimiter limiter = new LogLimiter(Duration.ofMinutes(1), 16, clock::get);
    int lines = 0;
    for (int i = 0; i < 1000; i++) { // 1000 refusals from one address within 59 s
      clock.set(i * 59 * SECOND / 1000);
      if (limiter.event("192.0.2.7") > 0) {
        lines++;
      }
    }
    assertThat(lines).isEqualTo(1);
    assertThat(limiter.event("198.51.100.1")).as("another address has its own line").isEqualTo(1);
    clock.set(60 * SECOND);
    assertThat(limiter.event("192.0.2.7"))
        .as("a minute on: the 1000 since the line")
        .isEqualTo(1000);
    clock.set(61 * SECOND);
    assertThat(limiter.event("192.0.2.7")).isZero();
  }

  @Test
  void keysAreBounded() {
    AtomicLong clock = new AtomicLong();
    LogLimiter limiter = new LogLimiter(Duration.ofMinutes(1), 2, clock::get);
    limiter.event("a");
    limiter.event("b");
    limiter.event("c"); // "a" is forgotten: it logs again at once
    assertThat(limiter.event("a")).isEqualTo(1);
    assertThat(limiter.event("c")).isZero();
  }
}
