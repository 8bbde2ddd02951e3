package io.peerwall.station.pairing;

import io.peerwall.p2p.discovery.DiscoveredCamera;
import io.peerwall.p2p.identity.PeerId;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.MessageChannel;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.util.NamedThreadFactory;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.network.RendezvousRoute;
import io.peerwall.station.pairing.PairingResult.Outcome;
import io.peerwall.station.reach.LanDirectory;
import io.peerwall.station.reach.StationFeeds;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's "add camera": finds the camera by its ID on the LAN (what the station's {@link
 * LanDirectory} saw, browsing once more if needed) or, when it is not there, through the
 * rendezvous, pairs with it by password (SRP-6a over Argon2id; its key is pinned in the station's
 * trust store, {@code cameras.json}, with the address it answered on when it was on the LAN), and
 * makes its feed the way station start-up does ({@link StationFeeds}: reached by ID from then on).
 * The pin is what brings the camera back after a restart; the wall remembers its tile. A camera
 * reachable only through the rendezvous is added the same way (decision 0036, amended by 0077).
 *
 * <p>Thread: {@code station-pairing} (one) runs each pairing, one at a time. {@link #close()} stops
 * it and closes the feeds added through it.
 */
public final class StationPairingService implements PairingService, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StationPairingService.class);

  private final StationCredentials station;
  private final SignalingClient client;
  private final StationFeeds feeds;
  private final List<CameraFeed> created = new ArrayList<>();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(NamedThreadFactory.single("station-pairing"));

  private StationPairingService(StationCredentials station, StationFeeds feeds) {
    this.station = station;
    this.client = new SignalingClient(SignalingClient.Config.loopback().withCredentials(station));
    this.feeds = feeds;
  }

  /** "Add camera" for the station whose feeds (and so LAN directory and rendezvous) are given. */
  public static StationPairingService start(StationCredentials station, StationFeeds feeds) {
    return new StationPairingService(station, feeds);
  }

  @Override
  public List<DiscoveredCamera> discovered() {
    return feeds.reach().lan().seen().stream()
        .filter(d -> station.trust().camera(d.cameraId()) == null)
        .sorted(Comparator.comparing(DiscoveredCamera::name))
        .toList();
  }

  @Override
  public CompletableFuture<PairingResult> pair(
      String cameraId, char[] password, Consumer<PairingStep> progress) {
    return PairingService.onWorker(worker, this::pairNow, cameraId, password, progress);
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
    LanDirectory lan = feeds.reach().lan();
    InetSocketAddress address = lan.addressOf(id);
    if (address == null && lan.enabled()) {
      lan.browseNow(); // it may have been switched on since the last browse
      address = lan.addressOf(id);
    }
    RendezvousRoute rendezvous = feeds.reach().rendezvous();
    if (address == null && rendezvous == null) {
      log.info("add camera: {} is not on the LAN and no rendezvous is set", id);
      return PairingResult.failed(Outcome.NOT_FOUND, id);
    }
    progress.accept(PairingStep.CHECKING_PASSWORD);
    PairedPeer peer;
    String where = address != null ? "the LAN at " + address : "rendezvous " + rendezvous.address();
    try {
      if (address != null) {
        peer = client.pair(address, id, password);
      } else {
        try (MessageChannel channel = rendezvous.open(id)) {
          peer = client.pair(channel, id, password, null);
        }
      }
    } catch (SignalingException e) {
      log.info(
          "add camera: {} through {}: {}",
          id,
          where,
          PairingExitCodes.message(e.reason(), id, 0) + " (" + e.getMessage() + ")");
      Outcome outcome = PairingResult.outcomeOf(e.reason());
      return PairingResult.failed(outcome, id);
    } catch (IOException e) {
      log.info("add camera: {} could not be reached through {}: {}", id, where, e.getMessage());
      return PairingResult.failed(Outcome.NOT_FOUND, id);
    }
    progress.accept(PairingStep.PINNING_KEY);
    CameraFeed feed = feeds.create(peer.id(), peer.name(), address);
    synchronized (created) {
      created.add(feed);
    }
    feed.start();
    log.info("add camera: paired with {} ('{}') through {}", peer.id(), peer.name(), where);
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
