package io.peerwall.station.pairing;

import io.peerwall.cli.AppDirs;
import io.peerwall.p2p.discovery.DiscoveredCamera;
import io.peerwall.p2p.discovery.LanDiscovery;
import io.peerwall.p2p.identity.PeerId;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.util.NamedThreadFactory;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.StationFeeds;
import io.peerwall.station.network.NetworkSettings;
import io.peerwall.station.pairing.PairingResult.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's "add camera": finds the camera on the LAN (mDNS on the configured local addresses,
 * as {@code peerwall pair} does), pairs with it by password (SRP-6a over Argon2id; its key is
 * pinned in the station's trust store, {@code cameras.json}, with the address it answered on), and
 * makes its feed the way station start-up does ({@link StationFeeds}). The pin is what brings the
 * camera back after a restart; the wall remembers its tile.
 *
 * <p>Only direct routes are used: the wall watches cameras over direct sessions, so a camera that
 * is reachable only through the rendezvous is reported as not found (pair it with {@code peerwall
 * pair}; see docs/decisions/0036-station-add-camera.md).
 *
 * <p>Thread: {@code station-pairing} (one, daemon) browses the LAN every {@link
 * #BROWSE_EVERY_SECONDS} s and runs each pairing, one at a time (two mDNS browses on the same
 * interface would compete for the same responses). {@link #close()} stops it and closes the feeds
 * added through it.
 */
public final class LanPairingService implements PairingService, AutoCloseable {
  static final int BROWSE_EVERY_SECONDS = 30;
  private static final Logger log = LoggerFactory.getLogger(LanPairingService.class);

  private final AppDirs dirs;
  private final StationCredentials station;
  private final SignalingClient client;
  private final CameraLocator locator;
  private final StationFeeds feeds;
  private final List<CameraFeed> created = new ArrayList<>();
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(NamedThreadFactory.single("station-pairing"));
  private volatile List<DiscoveredCamera> seen = List.of();

  /** Pairing with the real mDNS browse; starts browsing at once. */
  public static LanPairingService start(
      AppDirs dirs, StationCredentials station, StationFeeds feeds) {
    return start(dirs, station, feeds, (a, wait) -> LanDiscovery.browse(a, wait, x -> true));
  }

  /**
   * Pairing with the given mDNS browse (tests: multicast does not run on the test machines, so they
   * hand in the announcements); starts browsing at once.
   */
  public static LanPairingService start(
      AppDirs dirs, StationCredentials station, StationFeeds feeds, CameraLocator.LanBrowser lan) {
    LanPairingService pairing = new LanPairingService(dirs, station, feeds, lan);
    pairing.worker.scheduleWithFixedDelay(
        pairing::browse, 0, BROWSE_EVERY_SECONDS, TimeUnit.SECONDS);
    return pairing;
  }

  private LanPairingService(
      AppDirs dirs, StationCredentials station, StationFeeds feeds, CameraLocator.LanBrowser lan) {
    this.dirs = dirs;
    this.station = station;
    this.client = new SignalingClient(SignalingClient.Config.loopback().withCredentials(station));
    this.locator = new CameraLocator(dirs, log::info, lan);
    this.feeds = feeds;
  }

  @Override
  public List<DiscoveredCamera> discovered() {
    return seen.stream()
        .filter(d -> station.trust().camera(d.cameraId()) == null)
        .sorted(Comparator.comparing(DiscoveredCamera::name))
        .toList();
  }

  @Override
  public CompletableFuture<PairingResult> pair(
      String cameraId, char[] password, Consumer<PairingStep> progress) {
    return PairingService.onWorker(worker, this::pairNow, cameraId, password, progress);
  }

  private void browse() {
    try {
      seen = locator.browseLan();
    } catch (RuntimeException e) {
      // A failed browse must not cancel the next ones (the executor would).
      log.warn("LAN discovery failed: {}", e.toString(), e);
    }
  }

  private PairingResult pairNow(String typed, char[] password, Consumer<PairingStep> progress) {
    progress.accept(PairingStep.LOOKING_UP);
    String id;
    try {
      id = PeerId.parse(typed.strip());
    } catch (IllegalArgumentException e) {
      log.info("add camera: '{}' is not a camera ID: {}", typed, e.getMessage());
      return PairingResult.failed(Outcome.NOT_FOUND, typed);
    }
    PairedPeer known = station.trust().camera(id);
    if (known != null) {
      return new PairingResult(Outcome.ALREADY_PAIRED, id, known.name(), null);
    }
    InetSocketAddress address = CameraLocator.onLan(seen, id);
    if (address == null) {
      browse(); // it may have been switched on since the last browse
      address = CameraLocator.onLan(seen, id);
    }
    if (address == null) {
      log.info(
          "add camera: {} is not announced on the LAN addresses {}",
          id,
          NetworkSettings.load(dirs).localAddresses());
      return PairingResult.failed(Outcome.NOT_FOUND, id);
    }
    progress.accept(PairingStep.CHECKING_PASSWORD);
    PairedPeer peer;
    try {
      peer = client.pair(address, id, password);
    } catch (SignalingException e) {
      log.info("add camera: {} refused: {}", id, PairingExitCodes.message(e.reason(), id, 0));
      return PairingResult.failed(PairingResult.outcomeOf(e.reason()), id);
    } catch (IOException e) {
      log.info("add camera: {} could not be reached at {}: {}", id, address, e.getMessage());
      return PairingResult.failed(Outcome.NOT_FOUND, id);
    }
    progress.accept(PairingStep.PINNING_KEY);
    CameraFeed feed = feeds.create(peer.id(), peer.name(), address);
    synchronized (created) {
      created.add(feed);
    }
    feed.start();
    log.info("add camera: paired with {} ('{}') at {}", peer.id(), peer.name(), address);
    progress.accept(PairingStep.DONE);
    return new PairingResult(Outcome.PAIRED, peer.id(), peer.name(), feed);
  }

  /** Stops the pairing thread and closes the feeds added through it. */
  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (created) {
      created.forEach(CameraFeed::close);
    }
  }
}
