package io.peerwall.p2p.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.ice.IceServerSource;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.rendezvous.RendezvousException.Kind;
import io.peerwall.p2p.signaling.MessageChannel;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.SignalingMessage;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.testutil.LineMitm;
import io.peerwall.p2p.testutil.TcpProxy;
import io.peerwall.p2p.testutil.TestPeers;
import io.peerwall.p2p.turn.TurnSecret;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reaching cameras through the rendezvous when things go wrong: a registration whose connection
 * silently died (NAT mapping gone) is noticed by the keep-alive and made again; silent clients are
 * dropped by the server; a camera that is not registered, and a rendezvous that answers for a
 * paired camera's ID with another camera, are each reported as such.
 */
@Timeout(40)
class RendezvousReachTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Duration T = Duration.ofSeconds(3);
  private static final RendezvousKeepalive FAST =
      new RendezvousKeepalive(Duration.ofMillis(200), Duration.ofMillis(600));

  @Test
  void aRegistrationWhoseConnectionSilentlyDiedIsMadeAgain() throws Exception {
    InetSocketAddress turn = new InetSocketAddress("192.0.2.7", 3478);
    CameraCredentials camera = TestPeers.camera();
    try (RendezvousServer rdv =
            new RendezvousServer(
                RendezvousConfig.of(LOOPBACK, 0, 8, Identity.generate())
                    .withTurn(
                        List.of(turn),
                        TurnSecret.of("reach-test-secret-0123".getBytes(StandardCharsets.UTF_8)),
                        Duration.ofMinutes(10)));
        SignalingServer cam =
            new SignalingServer(SignalingServer.Config.loopback("Cam", camera), s -> {})) {
      rdv.start();
      cam.start();
      IceServerSource.Holder servers = new IceServerSource.Holder();
      try (TcpProxy nat = new TcpProxy(new InetSocketAddress(LOOPBACK, rdv.port()));
          CameraRegistration reg =
              new CameraRegistration(
                  new RendezvousAddress("127.0.0.1", nat.address().getPort(), rdv.rendezvousId()),
                  RendezvousTrust.exactly(rdv.rendezvousId()),
                  camera.identity(),
                  cam,
                  servers,
                  FAST)) {
        reg.start();
        waitUntil(() -> reg.registered() && !servers.current().turn().isEmpty(), 5000);
        assertThat(servers.current().turn().get(0).username()).endsWith(":" + camera.cameraId());
        assertThat(reg.iceServers()).isSameAs(servers);

        nat.blackHoleExisting(); // the NAT forgot the mapping: nothing passes, nothing closes
        long t0 = System.nanoTime();
        waitUntil(() -> reg.registrations() == 2 && reg.registered(), 5000);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("registered again " + ms + " ms after the connection went silent");
        // Dead after 600 ms without a line, then 0.5 s before the next attempt.
        assertThat(ms).isLessThan(2500);
        assertThat(nat.connections()).isEqualTo(2);

        // Reachable again: a station's channel gets the camera's hello.
        try (RendezvousLink station =
                RendezvousLink.connect(new InetSocketAddress(LOOPBACK, rdv.port()), T);
            MessageChannel ch = station.open(camera.cameraId())) {
          assertThat(ch.read(3000)).isInstanceOf(SignalingMessage.Hello.class);
        }
      }
    }
  }

  /**
   * A camera whose addresses changed registers again at once ({@code relink}), with the default
   * keep-alive that would take 12 s to notice the silent link; also out of a retry backoff.
   */
  @Test
  void aRelinkRegistersAgainAtOnceEvenDuringABackoff() throws Exception {
    CameraCredentials camera = TestPeers.camera();
    try (RendezvousServer rdv = new RendezvousServer(LOOPBACK, 0, 8);
        SignalingServer cam =
            new SignalingServer(SignalingServer.Config.loopback("Cam", camera), s -> {})) {
      rdv.start();
      cam.start();
      try (TcpProxy nat = new TcpProxy(new InetSocketAddress(LOOPBACK, rdv.port()));
          CameraRegistration reg =
              new CameraRegistration(
                  new RendezvousAddress("127.0.0.1", nat.address().getPort(), null),
                  RendezvousTrust.none(),
                  camera.identity(),
                  cam,
                  new IceServerSource.Holder(),
                  RendezvousKeepalive.DEFAULT)) {
        reg.start();
        waitUntil(reg::registered, 5000);
        nat.blackHoleExisting();
        Thread.sleep(300);
        assertThat(reg.registered()).as("the default keep-alive has not noticed yet").isTrue();
        long t0 = System.nanoTime();
        reg.relink("test: the network changed");
        waitUntil(() -> reg.registrations() == 2 && reg.registered(), 3000);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("registered again " + ms + " ms after the relink");
        assertThat(ms).isLessThan(1000);
      }
      // Unreachable (connection refused): the registration backs off, doubling up to 15 s; a
      // relink cuts the wait short.
      int port;
      try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, LOOPBACK)) {
        port = probe.getLocalPort();
      }
      try (CameraRegistration reg =
          new CameraRegistration(
              new RendezvousAddress("127.0.0.1", port, null),
              RendezvousTrust.none(),
              camera.identity(),
              cam,
              new IceServerSource.Holder(),
              RendezvousKeepalive.DEFAULT)) {
        reg.start();
        waitUntil(() -> reg.problem() != null, 3000);
        Thread.sleep(3200); // attempts at 0, 0.5, 1.5, 3.5 s: the next one is 4 s away
        try (RendezvousServer again = new RendezvousServer(LOOPBACK, port, 8)) {
          again.start();
          long t1 = System.nanoTime();
          reg.relink("test: the network changed again");
          waitUntil(() -> again.registeredCameras() == 1, 3000);
          long ms = (System.nanoTime() - t1) / 1_000_000;
          System.out.println("registered " + ms + " ms after a relink during the backoff");
          assertThat(ms).isLessThan(1000);
        }
      }
    }
  }

  @Test
  void aCameraWithoutAPinRegistersWithARestartedRendezvousThatHasANewKey() throws Exception {
    CameraCredentials camera = TestPeers.camera();
    try (SignalingServer cam =
        new SignalingServer(SignalingServer.Config.loopback("Cam", camera), s -> {})) {
      cam.start();
      RendezvousServer first = new RendezvousServer(LOOPBACK, 0, 8);
      first.start();
      int port = first.port();
      try (CameraRegistration reg =
          new CameraRegistration(new InetSocketAddress(LOOPBACK, port), camera.identity(), cam)) {
        reg.start();
        waitUntil(reg::registered, 5000);
        first.close();
        try (RendezvousServer second = new RendezvousServer(LOOPBACK, port, 8)) {
          second.start();
          waitUntil(() -> second.registeredCameras() == 1, 10_000);
          assertThat(reg.problem()).isNull();
        }
      }
    }
  }

  @Test
  void theRendezvousDropsClientsThatFallSilent() throws Exception {
    try (RendezvousServer rdv =
            new RendezvousServer(
                RendezvousConfig.of(LOOPBACK, 0, 8, Identity.generate())
                    .withIdleLimit(Duration.ofSeconds(1)));
        Socket silent = new Socket()) {
      rdv.start();
      silent.connect(new InetSocketAddress(LOOPBACK, rdv.port()));
      silent.setSoTimeout(5000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(silent.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).contains("challenge");
      long t0 = System.nanoTime();
      assertThat(in.readLine()).isNull();
      assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(900L, 3000L);

      // A client that pings is kept.
      try (RendezvousLink pinging =
          RendezvousLink.connect(
                  new RendezvousAddress("127.0.0.1", rdv.port(), null),
                  RendezvousTrust.inMemory(),
                  new RendezvousKeepalive(Duration.ofMillis(300), Duration.ofMillis(900)),
                  T)
              .start()) {
        Thread.sleep(2500);
        assertThat(pinging.isClosed()).isFalse();
      }
    }
  }

  @Test
  void aCameraThatIsNotRegisteredIsReportedAsSuch() throws Exception {
    try (RendezvousServer rdv = new RendezvousServer(LOOPBACK, 0, 8)) {
      rdv.start();
      String absent = Identity.generate().id();
      try (RendezvousLink link =
              RendezvousLink.connect(new InetSocketAddress(LOOPBACK, rdv.port()), T);
          MessageChannel ch = link.open(absent)) {
        assertThatThrownBy(() -> ch.read(3000))
            .isInstanceOfSatisfying(
                RendezvousException.class,
                e -> {
                  assertThat(e.kind()).isEqualTo(Kind.CAMERA_NOT_REGISTERED);
                  // Code that handles signaling failures by reason retries it later.
                  assertThat(e.reason()).isEqualTo(FailureReason.UNREACHABLE);
                  assertThat(e.getMessage()).contains(absent).contains("not registered");
                });
      }
    }
  }

  @Test
  void aRendezvousAnsweringForAPairedIdWithAnotherKeyIsRefused() throws Exception {
    CameraCredentials paired = TestPeers.camera();
    CameraCredentials other = TestPeers.camera();
    try (RendezvousServer rdv = new RendezvousServer(LOOPBACK, 0, 8);
        SignalingServer a =
            new SignalingServer(SignalingServer.Config.loopback("Paired", paired), s -> {});
        SignalingServer b =
            new SignalingServer(SignalingServer.Config.loopback("Other", other), s -> {})) {
      rdv.start();
      a.start();
      b.start();
      InetSocketAddress rdvAt = new InetSocketAddress(LOOPBACK, rdv.port());
      try (CameraRegistration ra = new CameraRegistration(rdvAt, paired.identity(), a);
          CameraRegistration rb = new CameraRegistration(rdvAt, other.identity(), b);
          // A hostile rendezvous (here: a man in the middle of the station's connection to it)
          // routes the station's channel for the paired camera to another one.
          LineMitm hostile =
              new LineMitm(rdvAt, l -> l.replace(paired.cameraId(), other.cameraId()), l -> l)) {
        ra.start();
        rb.start();
        waitUntil(() -> ra.registered() && rb.registered(), 5000);
        SignalingClient station = TestPeers.pairedClient(a);
        try (RendezvousLink link = RendezvousLink.connect(hostile.address(), T)) {
          assertThatThrownBy(
                  () -> station.connect(link.open(paired.cameraId()), paired.cameraId(), f -> {}))
              .isInstanceOfSatisfying(
                  SignalingException.class,
                  e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.KEY_MISMATCH);
                    assertThat(e.getMessage()).contains(paired.cameraId());
                  });
        }
      }
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier c, long millis)
      throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + millis + " ms");
      }
      Thread.sleep(20);
    }
  }
}
