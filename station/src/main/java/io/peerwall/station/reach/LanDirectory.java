package io.peerwall.station.reach;

import io.peerwall.p2p.discovery.DiscoveredCamera;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cameras announced on this station's LAN (mDNS on the addresses the user chose: {@code
 * peerwall network --lan}; none chosen, nothing is sent and nothing is found). Browsed every
 * {@value #BROWSE_EVERY_SECONDS} s, and again soon when a camera was not where the last browse saw
 * it ({@link #refreshSoon()}, at most every {@value #MIN_GAP_SECONDS} s): how a camera that got a
 * new address from its DHCP server is found again. "Add camera" lists what it saw.
 *
 * <p>Thread: {@code station-lan-browse} (one), stopped by {@link #close()}; each browse blocks it
 * for {@link #BROWSE_WAIT} per address.
 */
public final class LanDirectory implements AutoCloseable {
  static final int BROWSE_EVERY_SECONDS = 30;
  static final int MIN_GAP_SECONDS = 10;

  /** How long one browse listens on one address. */
  public static final Duration BROWSE_WAIT = Duration.ofSeconds(3);

  private static final Logger log = LoggerFactory.getLogger(LanDirectory.class);

  /** Browses one local address for announced cameras. */
  @FunctionalInterface
  public interface Browser {
    List<DiscoveredCamera> browse(InetAddress local, Duration wait) throws IOException;
  }

  private final List<InetAddress> locals;
  private final Browser browser;
  private final ScheduledExecutorService worker;
  private final AtomicBoolean refreshQueued = new AtomicBoolean();
  private volatile List<DiscoveredCamera> seen = List.of();
  private volatile long lastBrowseNanos;
  private volatile boolean browsedOnce;

  private LanDirectory(List<InetAddress> locals, Browser browser) {
    this.locals = List.copyOf(locals);
    this.browser = browser;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(NamedThreadFactory.single("station-lan-browse"));
  }

  /** Starts browsing at once on {@code locals} (empty: never browses). */
  public static LanDirectory start(List<InetAddress> locals, Browser browser) {
    LanDirectory d = new LanDirectory(locals, browser);
    if (!locals.isEmpty()) {
      d.worker.scheduleWithFixedDelay(d::browseNow, 0, BROWSE_EVERY_SECONDS, TimeUnit.SECONDS);
    }
    return d;
  }

  /** Whether the station looks for cameras on a LAN at all. */
  public boolean enabled() {
    return !locals.isEmpty();
  }

  /** Every camera the last browse saw. */
  public List<DiscoveredCamera> seen() {
    return seen;
  }

  /** Whether a browse has finished since start. */
  public boolean browsedOnce() {
    return browsedOnce;
  }

  /** Where the last browse saw {@code cameraId}, or null. */
  public InetSocketAddress addressOf(String cameraId) {
    for (DiscoveredCamera d : seen) {
      if (d.cameraId().equals(cameraId)) {
        return d.address();
      }
    }
    return null;
  }

  /** Browses again soon (not before {@value #MIN_GAP_SECONDS} s after the last browse). */
  public void refreshSoon() {
    if (locals.isEmpty() || !refreshQueued.compareAndSet(false, true)) {
      return;
    }
    long sinceLast = (System.nanoTime() - lastBrowseNanos) / 1_000_000L;
    long delay = Math.max(0, MIN_GAP_SECONDS * 1000L - sinceLast);
    try {
      worker.schedule(this::browseNow, delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      refreshQueued.set(false); // closed
    }
  }

  /** Browses now on the caller's thread (the pairing worker's, before it gives up on an ID). */
  public synchronized void browseNow() {
    refreshQueued.set(false);
    List<DiscoveredCamera> found = new ArrayList<>();
    for (InetAddress local : locals) {
      try {
        for (DiscoveredCamera d : browser.browse(local, BROWSE_WAIT)) {
          if (found.stream().noneMatch(f -> f.cameraId().equals(d.cameraId()))) {
            found.add(d);
          }
        }
      } catch (IOException | RuntimeException e) {
        // A failed browse must not stop the next ones (the executor would cancel them).
        log.warn("LAN discovery on {} failed: {}", local.getHostAddress(), e.toString());
      }
    }
    seen = List.copyOf(found);
    lastBrowseNanos = System.nanoTime();
    browsedOnce = true;
  }

  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
