package io.peerwall.p2p.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Address changes are told once each, with what went away; a failing listener stops nothing. */
@Timeout(10)
class LocalAddressWatchTest {
  @Test
  void tellsEachChangeOnceWithTheAddressesThatWentAway() throws Exception {
    InetAddress office = InetAddress.getByName("192.0.2.10");
    InetAddress hotspot = InetAddress.getByName("172.20.10.2");
    AtomicReference<List<InetAddress>> now = new AtomicReference<>(List.of(office));
    BlockingQueue<LocalAddressWatch.Change> changes = new LinkedBlockingQueue<>();
    try (LocalAddressWatch w = LocalAddressWatch.start(now::get, Duration.ofMillis(20))) {
      w.onChange(
          c -> {
            throw new IllegalStateException("a broken listener");
          });
      w.onChange(changes::add);
      Thread.sleep(100);
      assertThat(changes).as("no change, nothing told").isEmpty();
      now.set(List.of(hotspot));
      LocalAddressWatch.Change c = changes.poll(2, TimeUnit.SECONDS);
      assertThat(c).isNotNull();
      assertThat(c.gone()).containsExactly(office);
      assertThat(c.after()).containsExactly(hotspot);
      assertThat(w.current()).containsExactly(hotspot);
      Thread.sleep(100);
      assertThat(changes).as("told once").isEmpty();
      now.set(List.of());
      assertThat(changes.poll(2, TimeUnit.SECONDS).gone())
          .as("still watching after the broken listener threw")
          .containsExactly(hotspot);
    }
  }
}
