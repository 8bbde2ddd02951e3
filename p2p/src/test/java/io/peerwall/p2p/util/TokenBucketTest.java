package io.peerwall.p2p.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  @Test
  void startsFullRefillsAtTheRateAndNeverHoldsMoreThanItsCapacity() {
    TokenBucket b = new TokenBucket(1000, 500, 0);
    assertThat(b.tryTake(500, 0)).isTrue();
    assertThat(b.tryTake(1, 0)).isFalse();
    assertThat(b.available(100_000_000L)).isEqualTo(100); // 0.1 s at 1000/s
    assertThat(b.tryTake(101, 100_000_000L)).isFalse(); // refused: nothing taken
    assertThat(b.tryTake(100, 100_000_000L)).isTrue();
    assertThat(b.available(60_000_000_000L)).isEqualTo(500); // a minute later: full, not more
  }

  @Test
  void overAnySpanItGrantsAtMostCapacityPlusRateTimesSpan() {
    long rate = 250_000;
    long capacity = 250_000;
    TokenBucket b = new TokenBucket(rate, capacity, 0);
    Random r = new Random(3);
    long now = 0;
    long taken = 0;
    for (int i = 0; i < 200_000; i++) {
      now += r.nextInt(200_000); // up to 0.2 ms between asks, odd steps
      int want = 1 + r.nextInt(1500);
      if (b.tryTake(want, now)) {
        taken += want;
      }
    }
    long bound = capacity + rate * now / 1_000_000_000L;
    assertThat(taken).isLessThanOrEqualTo(bound).isGreaterThan(bound - 2 * 1500);
  }
}
