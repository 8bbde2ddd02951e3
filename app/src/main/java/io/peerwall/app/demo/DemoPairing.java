package io.peerwall.app.demo;

import io.peerwall.camera.CameraAgent;
import io.peerwall.p2p.discovery.DiscoveredCamera;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.util.NamedThreadFactory;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.pairing.PairingResult;
import io.peerwall.station.pairing.PairingResult.Outcome;
import io.peerwall.station.pairing.PairingService;
import io.peerwall.station.pairing.PairingStep;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pairing for the demo's "add camera" dialog, over the real protocol: a few spare demo cameras run
 * with the demo password set and unpaired; typing one's ID and that password pairs this station
 * with it (SRP-6a over Argon2id, the camera's key pinned) and adds it to the wall over a real
 * session. A wrong password is refused by the camera itself, and repeated ones lock the station out
 * there. The spare cameras stand in for LAN discovery (mDNS), which lists them.
 *
 * <p>Thread: {@code demo-pairing} (one, daemon) runs each pairing; closed by {@link #close()},
 * which also closes the feeds it created.
 */
public final class DemoPairing implements PairingService, AutoCloseable {
  /** Spare cameras the demo starts for the "add camera" dialog. */
  public static final int SPARES = 2;

  /** The demo cameras' password (printed by the demo); the shared checks rate it strong. */
  public static final String DEMO_PASSWORD = "harbor lantern quietly 42 tides";

  private static final Logger log = LoggerFactory.getLogger(DemoPairing.class);
  private static final long LIVE_TIMEOUT_MILLIS = 15_000;

  private final Map<String, CameraAgent> unpaired = new ConcurrentHashMap<>();
  private final List<CameraFeed> created = new ArrayList<>();
  private final SignalingClient client;
  private final Clock clock;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(NamedThreadFactory.single("demo-pairing"));

  /**
   * @param spares unpaired cameras with {@link #DEMO_PASSWORD} set
   * @param client the station's client (its credentials get the pinned keys)
   */
  public DemoPairing(List<CameraAgent> spares, SignalingClient client, Clock clock) {
    spares.forEach(a -> unpaired.put(a.cameraId(), a));
    this.client = client;
    this.clock = clock;
  }

  @Override
  public List<DiscoveredCamera> discovered() {
    return unpaired.values().stream()
        .map(
            a ->
                new DiscoveredCamera(
                    a.cameraId(),
                    a.name(),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), a.port())))
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .toList();
  }

  @Override
  public CompletableFuture<PairingResult> pair(
      String cameraId, char[] password, Consumer<PairingStep> progress) {
    return PairingService.onWorker(worker, this::pairNow, cameraId, password, progress);
  }

  private PairingResult pairNow(String cameraId, char[] password, Consumer<PairingStep> progress) {
    progress.accept(PairingStep.LOOKING_UP);
    CameraAgent agent = unpaired.get(cameraId);
    if (agent == null) {
      boolean known;
      synchronized (created) {
        known = created.stream().anyMatch(f -> f.cameraId().equals(cameraId));
      }
      return PairingResult.failed(known ? Outcome.ALREADY_PAIRED : Outcome.NOT_FOUND, cameraId);
    }
    InetSocketAddress address =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
    progress.accept(PairingStep.CHECKING_PASSWORD);
    try {
      client.pair(address, cameraId, password);
    } catch (SignalingException e) {
      log.info("pairing with {} refused: {}", cameraId, e.reason());
      return PairingResult.failed(PairingResult.outcomeOf(e.reason()), cameraId);
    } catch (IOException e) {
      log.info("pairing with {} failed: {}", cameraId, e.getMessage());
      return PairingResult.failed(Outcome.NOT_FOUND, cameraId);
    }
    progress.accept(PairingStep.PINNING_KEY);
    CameraFeed feed =
        new CameraFeed(agent.cameraId(), agent.name(), address, client, clock, 320, 180);
    synchronized (created) {
      created.add(feed);
    }
    unpaired.remove(cameraId);
    feed.start();
    progress.accept(PairingStep.DONE);
    long deadline = System.currentTimeMillis() + LIVE_TIMEOUT_MILLIS;
    while (feed.state() != FeedState.LIVE && System.currentTimeMillis() < deadline) {
      sleep(50);
    }
    // Added even if not live yet: its tile then says why, like any other camera's.
    return new PairingResult(Outcome.PAIRED, agent.cameraId(), agent.name(), feed);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the pairing thread and closes the feeds added through it. */
  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (created) {
      created.forEach(CameraFeed::close);
    }
  }
}
