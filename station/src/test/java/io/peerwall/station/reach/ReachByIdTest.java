package io.peerwall.station.reach;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.CameraAgent;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.ice.LocalAddressWatch;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.rendezvous.CameraRegistration;
import io.peerwall.p2p.rendezvous.RendezvousAddress;
import io.peerwall.p2p.rendezvous.RendezvousServer;
import io.peerwall.p2p.rendezvous.RendezvousTrust;
import io.peerwall.p2p.signaling.CameraSession;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.testutil.LineMitm;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.FeedProblem;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.network.NetworkSettings;
import io.peerwall.station.network.RendezvousRoute;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feeds made the way {@code peerwall station} makes them ({@link StationFeeds}, {@link
 * ReachConnector}, the real supervisor) reaching real camera agents by ID on loopback: through a
 * real rendezvous while the camera's old address only swallows connections, and every way it can
 * fail saying so specifically. The NAT lab (app's {@code NatMatrixTest}) does the same across NATs.
 */
@Timeout(120)
class ReachByIdTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final String PASSWORD = "orchid lantern seventy drifts";
  private static EncodedClip clip;

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void encode() {
    clip = SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Porch").withSize(160, 90));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }

  private CameraAgent camera(String name) throws IOException {
    CameraAgent agent =
        closing(
            new CameraAgent(
                SignalingServer.Config.loopback(
                    name, CameraCredentials.ephemeral(PASSWORD.toCharArray(), List.of())),
                new ClipReplaySource(name, clip)));
    agent.start();
    return agent;
  }

  /**
   * A station paired with {@code camera} (by password, directly), which then remembers {@code
   * lastAddress} (or none: as if paired through the rendezvous).
   */
  private static StationCredentials pairedWith(CameraAgent camera, String lastAddress)
      throws IOException {
    StationCredentials station = StationCredentials.ephemeral("Reach test station");
    camera.pairLocally(
        new SignalingClient(SignalingClient.Config.loopback().withCredentials(station)),
        PASSWORD.toCharArray());
    station
        .trust()
        .pin(
            camera.credentials().identity().publicIdentity(),
            camera.name(),
            lastAddress,
            System.currentTimeMillis());
    return station;
  }

  private StationFeeds feeds(StationCredentials station, String rendezvous, RendezvousTrust trust) {
    NetworkSettings settings = NetworkSettings.empty().withRendezvous(rendezvous);
    StationReach reach =
        closing(
            StationReach.start(
                settings,
                rendezvous == null
                    ? null
                    : new RendezvousRoute(RendezvousAddress.parse(rendezvous), trust),
                station,
                (local, wait) -> List.of(),
                LocalAddressWatch.start(),
                Clock.systemUTC()));
    return new StationFeeds(reach, Clock.systemUTC(), null);
  }

  private CameraFeed watch(StationFeeds feeds, CameraAgent camera, InetSocketAddress last) {
    CameraFeed feed = closing(feeds.create(camera.cameraId(), camera.name(), last));
    feed.start();
    return feed;
  }

  private CameraRegistration register(CameraAgent camera, InetSocketAddress rendezvous)
      throws Exception {
    CameraRegistration r =
        closing(
            new CameraRegistration(
                rendezvous, camera.credentials().identity(), camera.signalingServer()));
    r.start();
    waitUntil(r::registered, 10_000, "registered");
    return r;
  }

  private RendezvousServer rendezvous() throws IOException {
    RendezvousServer r = closing(new RendezvousServer(LOOPBACK, 0, 16));
    r.start();
    return r;
  }

  @Test
  void aCameraWithNoWayToItIsUnreachableWithTheCommandThatFixesIt() throws Exception {
    CameraAgent camera = camera("Attic");
    StationFeeds feeds = feeds(pairedWith(camera, null), null, null);
    CameraFeed feed = watch(feeds, camera, null);
    waitUntil(() -> feed.problem().kind() != FeedProblem.Kind.NONE, 10_000, "a problem");
    assertThat(feed.state()).isEqualTo(FeedState.UNREACHABLE);
    assertThat(feed.problem().kind()).isEqualTo(FeedProblem.Kind.NO_ROUTE);
    assertThat(feed.problem().describe()).startsWith("not on this network, and no rendezvous");
    assertThat(feed.problem().fix()).contains("peerwall network --rendezvous HOST:PORT#ID");
  }

  /**
   * The camera moved away: its old address accepts connections and says nothing (a NAT's stale
   * mapping, another machine). The rendezvous starts {@link ReachConnector#HEAD_START} later and
   * wins, long before the old address's hello timeout; the next attempt starts with it.
   */
  @Test
  void aCameraAwayFromHomeIsReachedThroughTheRendezvousWithoutWaitingForItsOldAddress()
      throws Exception {
    CameraAgent camera = camera("Cabin");
    RendezvousServer rdv = rendezvous();
    register(camera, new InetSocketAddress(LOOPBACK, rdv.port()));
    ServerSocket silent = closing(new ServerSocket(0, 50, LOOPBACK));
    List<Socket> swallowed = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread acceptor =
        new Thread(
            () -> {
              while (!silent.isClosed()) {
                try {
                  swallowed.add(silent.accept());
                } catch (IOException e) {
                  return;
                }
              }
            },
            "test-silent-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    InetSocketAddress old = new InetSocketAddress(LOOPBACK, silent.getLocalPort());
    StationCredentials station = pairedWith(camera, "127.0.0.1:" + silent.getLocalPort());
    StationFeeds feeds = feeds(station, "127.0.0.1:" + rdv.port(), RendezvousTrust.inMemory());
    long t0 = System.nanoTime();
    CameraFeed feed = watch(feeds, camera, old);
    waitUntil(() -> feed.state() == FeedState.LIVE, 15_000, "live");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("live through the rendezvous " + ms + " ms after start");
    assertThat(feed.route()).isEqualTo("rendezvous");
    // Host candidates only (no STUN or TURN here); which host pair wins depends on the machine's
    // interfaces (from its own address to loopback is "direct" when that address is public).
    assertThat(feed.path()).isIn("LAN", "direct");
    assertThat(feed.pathType()).isEqualTo("host");
    assertThat(swallowed).as("the old address was tried first").isNotEmpty();
    assertThat(ms)
        .as("not held up by the old address's hello timeout")
        .isLessThan(ReachConnector.HELLO_TIMEOUT.toMillis());
    waitUntil(() -> feed.millisToFirstFrame() >= 0, 10_000, "frames");
    assertThat(station.trust().camera(camera.cameraId()).address())
        .as("only a direct answer is remembered as an address")
        .isEqualTo("127.0.0.1:" + silent.getLocalPort());

    int before = swallowed.size();
    camera.sessions().forEach(CameraSession::close); // the camera ends it: a blip
    waitUntil(() -> feed.state() != FeedState.LIVE, 10_000, "session lost");
    waitUntil(() -> feed.state() == FeedState.LIVE, 15_000, "live again");
    assertThat(feed.route()).isEqualTo("rendezvous");
    assertThat(swallowed.size() - before)
        .as("the way that worked went first and answered within the head start")
        .isZero();
  }

  @Test
  void everyRendezvousTroubleIsSpecificAndRetried() throws Exception {
    CameraAgent camera = camera("Shed");
    StationCredentials station = pairedWith(camera, null);

    // Down: nothing listens there.
    int dead;
    try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
      dead = probe.getLocalPort();
    }
    CameraFeed down =
        watch(feeds(station, "127.0.0.1:" + dead, RendezvousTrust.inMemory()), camera, null);
    waitUntil(() -> down.problem().kind() == FeedProblem.Kind.RENDEZVOUS_DOWN, 15_000, "down");
    assertThat(down.state()).isEqualTo(FeedState.UNREACHABLE);
    int attempts = down.reconnects();
    waitUntil(() -> down.reconnects() > attempts, 10_000, "retried");

    // Up, but the camera is not registered there.
    RendezvousServer rdv = rendezvous();
    String at = "127.0.0.1:" + rdv.port();
    CameraFeed offline = watch(feeds(station, at, RendezvousTrust.inMemory()), camera, null);
    waitUntil(() -> offline.problem().kind() == FeedProblem.Kind.CAMERA_OFFLINE, 15_000, "offline");
    assertThat(offline.problem().fix()).contains("camera serve --rendezvous");

    // Another key than the one pinned for the rendezvous.
    CameraFeed replaced =
        watch(feeds(station, at, RendezvousTrust.exactly(Identity.generate().id())), camera, null);
    waitUntil(
        () -> replaced.problem().kind() == FeedProblem.Kind.RENDEZVOUS_KEY_CHANGED,
        15_000,
        "key changed");
    assertThat(replaced.problem().describe()).contains(rdv.rendezvousId());
    assertThat(replaced.state())
        .as("retried, not a camera refusal")
        .isEqualTo(FeedState.UNREACHABLE);

    // A hostile rendezvous puts the station through to another camera.
    CameraAgent other = camera("Impostor");
    register(camera, new InetSocketAddress(LOOPBACK, rdv.port()));
    register(other, new InetSocketAddress(LOOPBACK, rdv.port()));
    LineMitm hostile =
        closing(
            new LineMitm(
                new InetSocketAddress(LOOPBACK, rdv.port()),
                l -> l.replace(camera.cameraId(), other.cameraId()),
                l -> l));
    CameraFeed misrouted =
        watch(
            feeds(station, "127.0.0.1:" + hostile.address().getPort(), RendezvousTrust.inMemory()),
            camera,
            null);
    waitUntil(
        () -> misrouted.problem().kind() == FeedProblem.Kind.WRONG_CAMERA_VIA_RENDEZVOUS,
        15_000,
        "another camera");
    assertThat(misrouted.problem().describe()).contains(other.cameraId());
    int tries = misrouted.reconnects();
    waitUntil(() -> misrouted.reconnects() > tries, 10_000, "retried");
    assertThat(misrouted.state()).isEqualTo(FeedState.UNREACHABLE);
    assertThat(station.trust().camera(other.cameraId())).as("never pinned").isNull();

    // And the honest rendezvous reaches the camera.
    CameraFeed honest = watch(feeds(station, at, RendezvousTrust.inMemory()), camera, null);
    waitUntil(() -> honest.state() == FeedState.LIVE, 15_000, "live");
  }

  private static void waitUntil(BooleanSupplier c, long millis, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not " + what + " within " + millis + " ms");
      }
      Thread.sleep(20);
    }
  }
}
