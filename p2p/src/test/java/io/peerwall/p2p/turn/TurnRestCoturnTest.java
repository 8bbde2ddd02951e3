package io.peerwall.p2p.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.ice.IceCandidate;
import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.ice.IceDescription;
import io.peerwall.p2p.ice.IceFailedException;
import io.peerwall.p2p.ice.IceServerList;
import io.peerwall.p2p.ice.IceServerSource;
import io.peerwall.p2p.ice.IceServerStatus;
import io.peerwall.p2p.ice.IceServerStatus.Outcome;
import io.peerwall.p2p.ice.IceSession;
import io.peerwall.p2p.ice.IceWarmUp;
import io.peerwall.p2p.ice.PathKind;
import io.peerwall.p2p.ice.TurnServer;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.rendezvous.RendezvousAddress;
import io.peerwall.p2p.rendezvous.RendezvousConfig;
import io.peerwall.p2p.rendezvous.RendezvousIceServers;
import io.peerwall.p2p.rendezvous.RendezvousServer;
import io.peerwall.p2p.rendezvous.RendezvousTrust;
import io.peerwall.p2p.signaling.CameraSession;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.p2p.testutil.SyntheticFrames;
import io.peerwall.p2p.testutil.TestPeers;
import io.peerwall.p2p.testutil.TurnServerProcess;
import io.peerwall.testsupport.Environment;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TURN credentials without a long-lived secret on peers, against a real coturn in {@code
 * use-auth-secret} mode on loopback: the rendezvous holds the secret (from a 0600 file) and grants
 * time-limited credentials to peers that proved their ID; coturn allocates with them, and refuses
 * expired, forged or foreign ones, which gathering reports as exactly that.
 */
@Timeout(90)
class TurnRestCoturnTest {
  private static final String SECRET = "coturn-shared-secret-0123456789";
  private static final int TURN_PORT = 34880;

  @TempDir Path dir;
  private TurnServerProcess coturn;
  private TurnSecret secret;
  private RendezvousServer rendezvous;

  @BeforeEach
  void start() throws Exception {
    Environment.require(
        TurnServerProcess.installed(),
        "coturn is not installed (apt-get install coturn; CI installs it)");
    IceWarmUp.once();
    coturn =
        TurnServerProcess.start(
            null, "127.0.0.1", TURN_PORT, SECRET, dir.resolve("turn"), "verbose");
    Path file = dir.resolve("turn-secret");
    Files.writeString(file, SECRET + "\n");
    Identity.restrict(file, false);
    secret = TurnSecret.load(file);
    rendezvous =
        new RendezvousServer(
            RendezvousConfig.of(InetAddress.getLoopbackAddress(), 0, 16, Identity.generate())
                .withStun(List.of(coturn.address()))
                .withTurn(List.of(coturn.address()), secret, Duration.ofMinutes(10)));
    rendezvous.start();
  }

  @AfterEach
  void stop() {
    if (rendezvous != null) {
      rendezvous.close();
    }
    if (coturn != null) {
      coturn.close();
    }
  }

  private RendezvousIceServers granted(Identity peer) {
    return new RendezvousIceServers(
        new RendezvousAddress("127.0.0.1", rendezvous.port(), rendezvous.rendezvousId()),
        RendezvousTrust.exactly(rendezvous.rendezvousId()),
        peer,
        Duration.ofSeconds(3),
        Clock.systemUTC());
  }

  private static IceConfig.Builder on(String host) throws Exception {
    return IceConfig.builder().localAddresses(List.of(InetAddress.getByName(host)));
  }

  @Test
  void grantedCredentialsAllocateARelayedCandidate() throws Exception {
    Identity station = Identity.generate();
    RendezvousIceServers servers = granted(station);
    IceServerList list = servers.current();
    assertThat(list.turn()).hasSize(1);
    assertThat(list.turn().get(0).username()).endsWith(":" + station.id());
    try (IceSession s =
        new IceSession("t-rest", true, on("127.0.0.2").iceServers(servers).build())) {
      IceDescription d = s.gather();
      // No srflx: on loopback the mapped address is the host address, and ice4j keeps one.
      assertThat(d.candidates()).extracting(IceCandidate::type).containsOnly("host", "relay");
      assertThat(s.serverStatuses())
          .extracting(IceServerStatus::kind, IceServerStatus::outcome)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(IceServerStatus.Kind.STUN, Outcome.OK),
              org.assertj.core.groups.Tuple.tuple(IceServerStatus.Kind.TURN, Outcome.OK));
    }
    long deadline = System.nanoTime() + 3_000_000_000L; // coturn writes its log a moment later
    while (!coturn.log().contains("username=<" + list.turn().get(0).username() + ">")
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    // The allocation is in the peer's name.
    assertThat(coturn.log()).contains("username=<" + list.turn().get(0).username() + ">");
    assertThat(servers.problem()).isNull();
  }

  @Test
  void expiredForgedAndForeignCredentialsAreRefusedAsSuch() throws Exception {
    Identity peer = Identity.generate();
    InetSocketAddress turn = coturn.address();
    TurnServer valid =
        TurnRestCredentials.issue(secret, turn, peer.id(), Instant.now(), Duration.ofMinutes(10));
    TurnServer expired =
        TurnRestCredentials.issue(
            secret, turn, peer.id(), Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));
    TurnServer forged =
        new TurnServer(turn, valid.username(), "Zm9yZ2VkLXBhc3N3b3JkLTAxMjM=", valid.expires());
    TurnServer foreign =
        TurnRestCredentials.issue(
            TurnSecret.of("someone-elses-secret-0123".getBytes()),
            turn,
            peer.id(),
            Instant.now(),
            Duration.ofMinutes(10));
    for (TurnServer bad : List.of(expired, forged, foreign)) {
      long t0 = System.nanoTime();
      try (IceSession s =
          new IceSession(
              "t-bad",
              true,
              on("127.0.0.2")
                  .iceServers(IceServerSource.fixed(new IceServerList(List.of(), List.of(bad))))
                  .build())) {
        IceDescription d = s.gather();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(d.candidates()).extracting(IceCandidate::type).doesNotContain("relay");
        IceServerStatus st = s.serverStatuses().get(0);
        assertThat(st.outcome()).as(bad.toString()).isEqualTo(Outcome.REFUSED_CREDENTIALS);
        assertThat(st.detail()).startsWith("401");
        assertThat(st.describe())
            .isEqualTo(
                "TURN server 127.0.0.1:"
                    + TURN_PORT
                    + " refused the credentials ("
                    + st.detail()
                    + ")");
        assertThat(ms).as("refusal is an answer, not a timeout").isLessThan(1500);
      }
    }
  }

  @Test
  void sessionsRunThroughTheRelayWithGrantedCredentialsAndARefusalIsNamed() throws Exception {
    BlockingQueue<CameraSession> started = new LinkedBlockingQueue<>();
    var camera = TestPeers.camera();
    try (SignalingServer server =
        new SignalingServer(
            SignalingServer.Config.loopback("Relayed", camera)
                .withIce(relayOnly("127.0.0.3", granted(camera.identity()))),
            started::add)) {
      server.start();
      InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
      SignalingClient paired = TestPeers.pairedClient(server);
      Identity stationKey = paired.config().credentials().identity();
      SignalingClient client =
          new SignalingClient(paired.config().withIce(relayOnly("127.0.0.2", granted(stationKey))));
      BlockingQueue<EncodedFrame> got = new LinkedBlockingQueue<>();
      try (StationSession st = client.connect(at, got::add)) {
        CameraSession c = started.poll(5, TimeUnit.SECONDS);
        c.sender().send(SyntheticFrames.frame(new Random(1), 0, -1));
        assertThat(got.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(st.selectedPath().kind()).isEqualTo(PathKind.RELAY);
      }

      // The same with credentials the TURN server refuses: no path, and the error says why.
      TurnServer forged =
          new TurnServer(
              coturn.address(),
              "4000000000:" + stationKey.id(),
              "Zm9yZ2VkLXBhc3N3b3JkLTAxMjM=",
              null);
      SignalingClient refused =
          new SignalingClient(
              paired
                  .config()
                  .withIce(
                      relayOnly(
                              "127.0.0.2",
                              IceServerSource.fixed(new IceServerList(List.of(), List.of(forged))))
                          .toBuilder()
                          .connectTimeout(Duration.ofSeconds(3))
                          .build()));
      assertThatThrownBy(() -> refused.connect(at, got::add))
          .isInstanceOfSatisfying(
              SignalingException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.UNREACHABLE);
                assertThat(e.getMessage()).contains("refused the credentials");
                assertThat(e.getCause()).isInstanceOf(IceFailedException.class);
                assertThat(((IceFailedException) e.getCause()).turnRefusedCredentials()).isTrue();
              });
    }
  }

  @Test
  void serversThatDoNotAnswerAreReportedWithinBoundedTime() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      InetSocketAddress nowhere = new InetSocketAddress("127.0.0.1", silent.getLocalPort());
      IceServerList list =
          new IceServerList(List.of(nowhere), List.of(TurnServer.of(nowhere, "u", "p")));
      long t0 = System.nanoTime();
      try (IceSession s =
          new IceSession(
              "t-silent", true, on("127.0.0.2").iceServers(IceServerSource.fixed(list)).build())) {
        IceDescription d = s.gather();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("gathering with two silent servers took " + ms + " ms");
        assertThat(d.candidates()).extracting(IceCandidate::type).containsOnly("host");
        assertThat(s.serverStatuses())
            .extracting(IceServerStatus::outcome)
            .containsExactly(Outcome.NO_ANSWER, Outcome.NO_ANSWER);
        // STUN: 4 sends in 0.7 s, given up at 1.1 s; TURN: the same for the Allocate, then once
        // more for the Binding ice4j falls back to; in parallel.
        assertThat(ms).isLessThan(3000);
      }
    }
  }

  /** Host candidates on {@code host}, remote candidates only on coturn's relay address. */
  private static IceConfig relayOnly(String host, IceServerSource servers) throws Exception {
    InetAddress relay = InetAddress.getByName("127.0.0.1");
    return on(host).remoteAddressPolicy(a -> a.equals(relay)).iceServers(servers).build();
  }
}
