package io.peerwall.p2p.ice;

import io.peerwall.p2p.util.NamedThreadFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when this machine's usable addresses change (a laptop that joined another network, a DHCP
 * lease that gave another address, a cable pulled), by asking {@link HostAddresses} every {@code
 * interval}: Java has no portable address-change event, and listing the interfaces costs well under
 * a millisecond. A camera uses it to register with its rendezvous again at once instead of waiting
 * for the link's keep-alive to fail (12 s); a station to end sessions whose local address went away
 * instead of waiting for the path's silence (2.5 s).
 *
 * <p>Thread: {@code p2p-address-watch} (one per watch), stopped by {@link #close()}. Listeners run
 * on it and must be quick.
 */
public final class LocalAddressWatch implements AutoCloseable {
  /** How often the addresses are listed by default. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);

  private static final Logger LOG = LoggerFactory.getLogger(LocalAddressWatch.class);

  /** A change: the addresses before and after. */
  public record Change(Set<InetAddress> before, Set<InetAddress> after) {
    /** Addresses that went away. */
    public Set<InetAddress> gone() {
      return before.stream()
          .filter(a -> !after.contains(a))
          .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
  }

  private final Supplier<List<InetAddress>> addresses;
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer;
  private volatile Set<InetAddress> current;

  /** Watches {@link HostAddresses#suitable()} every {@link #DEFAULT_INTERVAL}. */
  public static LocalAddressWatch start() {
    return start(HostAddresses::suitable, DEFAULT_INTERVAL);
  }

  /**
   * @param addresses what to watch (tests hand in their own list)
   */
  public static LocalAddressWatch start(Supplier<List<InetAddress>> addresses, Duration interval) {
    LocalAddressWatch w = new LocalAddressWatch(addresses);
    long ms = Math.max(1, interval.toMillis());
    w.timer.scheduleWithFixedDelay(w::check, ms, ms, TimeUnit.MILLISECONDS);
    return w;
  }

  private LocalAddressWatch(Supplier<List<InetAddress>> addresses) {
    this.addresses = Objects.requireNonNull(addresses);
    this.current = Set.copyOf(addresses.get());
    this.timer =
        Executors.newSingleThreadScheduledExecutor(NamedThreadFactory.single("p2p-address-watch"));
  }

  /** Tells {@code listener} of every change from now on, on the watch's thread. */
  public LocalAddressWatch onChange(Consumer<Change> listener) {
    listeners.add(Objects.requireNonNull(listener));
    return this;
  }

  /** The addresses at the last look. */
  public Set<InetAddress> current() {
    return current;
  }

  private void check() {
    Set<InetAddress> now;
    try {
      now = Set.copyOf(addresses.get());
    } catch (RuntimeException e) {
      LOG.warn("listing the local addresses failed: {}", e.toString(), e);
      return;
    }
    Set<InetAddress> before = current;
    if (now.equals(before)) {
      return;
    }
    current = now;
    LOG.info("local addresses changed: {} -> {}", before, now);
    Change change = new Change(before, now);
    for (Consumer<Change> l : listeners) {
      try {
        l.accept(change);
      } catch (RuntimeException e) {
        // One listener's bug must not stop the others, nor the next looks (the timer would).
        LOG.warn("an address-change listener failed: {}", e.toString(), e);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
