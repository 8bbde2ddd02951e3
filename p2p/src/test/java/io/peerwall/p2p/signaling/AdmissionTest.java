package io.peerwall.p2p.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The admission rules on a clock the test moves (the real-socket side is SlotExhaustionTest). */
class AdmissionTest {
  private static final long MS = 1_000_000L;
  private final AtomicLong clock = new AtomicLong(1_000 * MS);
  private final AtomicInteger evictions = new AtomicInteger();
  private final Admission admission =
      new Admission(
          new ConnectionLimits(16, 4, Duration.ofSeconds(10), Duration.ofSeconds(1)),
          2,
          clock::get);

  private Admission.Slot admit(String address) {
    return admission.admit(address, evictions::incrementAndGet).slot();
  }

  @Test
  void oneAddressGetsItsShareAndItsNewcomersReplaceOnlyItsOldPendingOnes() {
    List<Admission.Slot> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(admit("192.0.2.1"));
    }
    assertThat(held).doesNotContainNull();
    Admission.Decision d = admission.admit("192.0.2.1", evictions::incrementAndGet);
    assertThat(d.slot()).as("all four younger than 1 s").isNull();
    assertThat(d.refusal()).isEqualTo(Admission.Refusal.PER_ADDRESS);
    held.get(0).protect(); // pairing: never taken back
    clock.addAndGet(1_000 * MS);
    assertThat(admit("192.0.2.1")).isNotNull();
    assertThat(evictions.get()).isEqualTo(1);
    assertThat(held.get(0).evicted()).isFalse();
    assertThat(held.get(1).evicted()).as("the oldest pending one").isTrue();
    // Another address is not affected by the first one's share.
    assertThat(admit("198.51.100.7")).isNotNull();
    Admission.Stats s = admission.stats();
    assertThat(s.handshakes()).isEqualTo(5);
    assertThat(s.refusedPerAddress()).isEqualTo(1);
    assertThat(s.evicted()).isEqualTo(1);
  }

  @Test
  void whenFullANewcomerTakesFromTheRichestButNeverTheOneSlotOfAnAddress() {
    for (int a = 0; a < 4; a++) {
      for (int i = 0; i < 4; i++) {
        assertThat(admit("10.0.0." + a)).isNotNull();
      }
    }
    // Full: a station at its own address gets in at once (young holders or not).
    Admission.Slot station = admit("203.0.113.5");
    assertThat(station).isNotNull();
    assertThat(evictions.get()).isEqualTo(1);
    // Holders from many new addresses (one each) take from the richest, never the station's.
    for (int i = 0; i < 200; i++) {
      admit("172.16.0." + (i % 50));
    }
    assertThat(station.evicted()).isFalse();
    assertThat(admission.stats().handshakes()).isEqualTo(16);
  }

  @Test
  void holdersReplacingEachOtherSettleAtAFairShare() {
    Random r = new Random(1);
    for (int i = 0; i < 10_000; i++) {
      admit("10.1.0." + r.nextInt(8));
    }
    long settled = admission.stats().evicted();
    for (int i = 0; i < 10_000; i++) {
      admit("10.1.0." + r.nextInt(8));
    }
    assertThat(admission.stats().evicted()).as("no more replacements at 2 each").isEqualTo(settled);
    assertThat(settled).isLessThan(64);
    assertThat(admission.stats().refusedAtCapacity()).isGreaterThan(19_000);
  }

  @Test
  void authenticatedStationsMoveToTheirOwnCapacity() {
    Admission.Slot a = admit("192.0.2.1");
    Admission.Slot b = admit("192.0.2.2");
    Admission.Slot c = admit("192.0.2.3");
    assertThat(a.promote()).isTrue();
    assertThat(b.promote()).isTrue();
    assertThat(c.promote()).as("two session slots").isFalse();
    Admission.Stats s = admission.stats();
    assertThat(s.sessions()).isEqualTo(2);
    assertThat(s.handshakes()).isEqualTo(1);
    assertThat(s.sessionsFull()).isEqualTo(1);
    // Sixteen holders now cannot take a session slot back.
    for (int i = 0; i < 40; i++) {
      admit("10.9.0." + i);
    }
    assertThat(a.evicted()).isFalse();
    a.release();
    a.release();
    assertThat(admission.stats().sessions()).isEqualTo(1);
    assertThat(c.promote()).isTrue();
  }
}
