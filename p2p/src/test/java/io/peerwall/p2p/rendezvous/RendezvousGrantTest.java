package io.peerwall.p2p.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.ice.IceServerList;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.rendezvous.RendezvousException.Kind;
import io.peerwall.p2p.testutil.LineMitm;
import io.peerwall.p2p.turn.TurnRestCredentials;
import io.peerwall.p2p.turn.TurnSecret;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendezvous's signed ICE server grants and how peers trust its key: pinned from {@code
 * host:port#ID} or on first use, a changed key refused loudly, a tampered grant refused, a request
 * without proof of its ID refused; and the outcomes of a rendezvous that is down or silent.
 */
@Timeout(30)
class RendezvousGrantTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final InetSocketAddress TURN = new InetSocketAddress("192.0.2.7", 3478);
  private static final Duration T = Duration.ofSeconds(3);

  private static RendezvousServer server(int port) throws Exception {
    RendezvousServer s =
        new RendezvousServer(
            RendezvousConfig.of(LOOPBACK, port, 8, Identity.generate())
                .withStun(List.of(TURN))
                .withTurn(
                    List.of(TURN),
                    TurnSecret.of("grant-test-secret-0123".getBytes(StandardCharsets.UTF_8)),
                    Duration.ofMinutes(20)));
    s.start();
    return s;
  }

  private static RendezvousAddress at(RendezvousServer s) {
    return new RendezvousAddress("127.0.0.1", s.port(), null);
  }

  @Test
  void aGrantIsSignedForThePeerAndTheKeyIsPinnedOnFirstUse(@TempDir Path dir) throws Exception {
    Path pinFile = dir.resolve("pins.json");
    Identity station = Identity.generate();
    int port;
    String firstId;
    try (RendezvousServer s = server(0)) {
      port = s.port();
      firstId = s.rendezvousId();
      RendezvousPins pins = RendezvousPins.open(pinFile);
      try (RendezvousLink link =
          RendezvousLink.connect(at(s), pins.trustFor(at(s)), RendezvousKeepalive.DEFAULT, T)) {
        assertThat(link.rendezvousId()).isEqualTo(firstId);
        IceServerGrant g = link.requestIceServers(station, T);
        assertThat(g.peerId()).isEqualTo(station.id());
        assertThat(g.servers().stun()).containsExactly(TURN);
        assertThat(g.servers().turn()).hasSize(1);
        assertThat(g.servers().turn().get(0).username()).endsWith(":" + station.id());
        assertThat(g.servers().turn().get(0).expires())
            .isEqualTo(g.issued().plus(Duration.ofMinutes(20)));
        assertThat(g.toString()).doesNotContain(g.servers().turn().get(0).password());
      }
      assertThat(RendezvousPins.open(pinFile).pinned(at(s))).isEqualTo(firstId);
      assertThat(Files.readString(pinFile)).contains(firstId);
    }

    // Someone else's rendezvous on the same address (reinstalled, or an impostor): refused.
    try (RendezvousServer other =
        new RendezvousServer(RendezvousConfig.of(LOOPBACK, port, 8, Identity.generate()))) {
      other.start();
      RendezvousPins pins = RendezvousPins.open(pinFile);
      assertThatThrownBy(
              () ->
                  RendezvousLink.connect(
                      at(other), pins.trustFor(at(other)), RendezvousKeepalive.DEFAULT, T))
          .isInstanceOfSatisfying(
              RendezvousException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.KEY_MISMATCH);
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage())
                    .contains("presented key " + other.rendezvousId())
                    .contains(firstId + " is pinned")
                    .contains("127.0.0.1:" + port + "#" + other.rendezvousId());
              });
      // The person who checked with the operator types the new ID: accepted, and re-pinned.
      RendezvousAddress confirmed = at(other).withId(other.rendezvousId());
      try (RendezvousLink link =
          RendezvousLink.connect(
              confirmed, pins.trustFor(confirmed), RendezvousKeepalive.DEFAULT, T)) {
        assertThat(link.rendezvousId()).isEqualTo(other.rendezvousId());
      }
      assertThat(RendezvousPins.open(pinFile).pinned(at(other))).isEqualTo(other.rendezvousId());
    }
  }

  @Test
  void anAddressWithAnotherIdIsRefusedBeforeAnythingIsSent() throws Exception {
    try (RendezvousServer s = server(0)) {
      String otherId = Identity.generate().id();
      RendezvousAddress a = RendezvousAddress.parse("127.0.0.1:" + s.port() + "#" + otherId);
      assertThatThrownBy(
              () ->
                  RendezvousLink.connect(
                      a, RendezvousTrust.exactly(a.rendezvousId()), RendezvousKeepalive.DEFAULT, T))
          .isInstanceOfSatisfying(
              RendezvousException.class, e -> assertThat(e.kind()).isEqualTo(Kind.KEY_MISMATCH));
      assertThat(s.registeredCameras()).isZero();
    }
  }

  @Test
  void aGrantChangedOnTheWayIsRefused() throws Exception {
    try (RendezvousServer s = server(0);
        LineMitm mitm =
            new LineMitm(
                new InetSocketAddress(LOOPBACK, s.port()),
                line -> line,
                line -> line.replace("192.0.2.7", "198.51.100.66"))) {
      RendezvousAddress viaMitm =
          new RendezvousAddress("127.0.0.1", mitm.address().getPort(), null);
      RendezvousTrust trust = RendezvousTrust.inMemory();
      try (RendezvousLink link =
          RendezvousLink.connect(viaMitm, trust, RendezvousKeepalive.DEFAULT, T)) {
        assertThatThrownBy(() -> link.requestIceServers(Identity.generate(), T))
            .isInstanceOfSatisfying(
                RendezvousException.class,
                e -> {
                  assertThat(e.kind()).isEqualTo(Kind.BAD_ANSWER);
                  assertThat(e.getMessage()).contains("not signed by its key");
                });
      }
      assertThat(trust.pinnedId()).as("nothing pinned from a bad grant").isNull();
    }
  }

  @Test
  void aRequestThatDoesNotProveItsIdEndsTheConnection() throws Exception {
    try (RendezvousServer s = server(0);
        Socket raw = new Socket(LOOPBACK, s.port())) {
      raw.setSoTimeout(3000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(raw.getInputStream(), StandardCharsets.UTF_8));
      RendezvousMessage.Challenge c =
          (RendezvousMessage.Challenge) RendezvousCodec.decode(in.readLine());
      Identity thief = Identity.generate();
      Identity victim = Identity.generate();
      String nonce = "AAAAAAAAAAAAAAAAAAAAAA==";
      // Signed by the thief but naming the victim's key.
      byte[] sig = thief.sign(IceServerRequests.requestBytes(c.nonce(), nonce, victim.id()));
      OutputStream out = raw.getOutputStream();
      out.write(
          (RendezvousCodec.encode(
                      new RendezvousMessage.IceRequest(
                          victim.publicIdentity().base64(),
                          nonce,
                          Base64.getEncoder().encodeToString(sig)))
                  + "\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertThat(in.readLine()).as("no grant, connection closed").isNull();
    }
  }

  @Test
  void aRendezvousThatIsDownOrSilentIsReportedAsSuchQuickly() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
      closedPort = probe.getLocalPort();
    }
    long t0 = System.nanoTime();
    assertThatThrownBy(
            () ->
                RendezvousLink.connect(
                    new RendezvousAddress("127.0.0.1", closedPort, null),
                    RendezvousTrust.inMemory(),
                    RendezvousKeepalive.DEFAULT,
                    T))
        .isInstanceOfSatisfying(
            RendezvousException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);

    try (ServerSocket mute = new ServerSocket(0, 1, LOOPBACK)) {
      long t1 = System.nanoTime();
      assertThatThrownBy(
              () ->
                  RendezvousLink.connect(
                      new RendezvousAddress("127.0.0.1", mute.getLocalPort(), null),
                      RendezvousTrust.inMemory(),
                      RendezvousKeepalive.DEFAULT,
                      Duration.ofMillis(600)))
          .isInstanceOfSatisfying(
              RendezvousException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.NO_ANSWER);
                assertThat(e.getMessage()).contains("did not answer in time");
              });
      assertThat((System.nanoTime() - t1) / 1_000_000).isBetween(500L, 2000L);
    }

    // A station asking a dead rendezvous for ICE servers gets none, quickly, and the reason.
    RendezvousIceServers none =
        new RendezvousIceServers(
            new RendezvousAddress("127.0.0.1", closedPort, null),
            RendezvousTrust.inMemory(),
            Identity.generate(),
            Duration.ofMillis(500),
            java.time.Clock.systemUTC());
    assertThat(none.current()).isEqualTo(IceServerList.NONE);
    assertThat(none.problem().kind()).isEqualTo(Kind.UNREACHABLE);
  }

  @Test
  void credentialsAreOnlyGrantedToPeersThePolicyAllows() throws Exception {
    Identity allowed = Identity.generate();
    try (RendezvousServer s =
        new RendezvousServer(
            RendezvousConfig.of(LOOPBACK, 0, 8, Identity.generate())
                .withTurn(
                    List.of(TURN),
                    TurnSecret.of("grant-test-secret-0123".getBytes(StandardCharsets.UTF_8)),
                    TurnRestCredentials.MIN_TTL)
                .withMayRelay(allowed.id()::equals))) {
      s.start();
      try (RendezvousLink link =
          RendezvousLink.connect(
              at(s), RendezvousTrust.inMemory(), RendezvousKeepalive.DEFAULT, T)) {
        assertThat(link.requestIceServers(allowed, T).servers().turn()).hasSize(1);
        assertThat(link.requestIceServers(Identity.generate(), T).servers().turn()).isEmpty();
      }
    }
  }
}
