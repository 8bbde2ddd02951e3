package io.peerwall.station.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.CameraAgent;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.rendezvous.CameraRegistration;
import io.peerwall.p2p.rendezvous.RendezvousLink;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code peerwall rendezvous} as a process would run it: a camera registers through it, a station
 * pairs and opens a session through it by camera ID only; a second registration attempt for the
 * same ID without its key is refused.
 */
@Timeout(60)
class RendezvousCommandTest {
  private static final String PASSWORD = "lighthouse cobalt eighty waves";

  @Test
  void pairAndConnectByIdThroughTheRendezvous(@TempDir Path dir) throws Exception {
    RendezvousCommand cmd = new RendezvousCommand();
    PipedOutputStream pipe = new PipedOutputStream();
    BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(new PipedInputStream(pipe), StandardCharsets.UTF_8));
    cmd.out = new PrintStream(pipe, true, StandardCharsets.UTF_8);
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                new CommandLine(cmd)
                    .execute("--port", "0", "--duration", "6s", "--data-dir", dir.toString()));
    String first = lines.readLine();
    assertThat(first).startsWith("Rendezvous listening on 127.0.0.1:");
    int port = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    InetSocketAddress rdv = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);

    CameraCredentials camera = CameraCredentials.ephemeral(PASSWORD.toCharArray(), List.of());
    // The agent 'camera serve' runs, registered the way it registers.
    try (CameraAgent agent =
            new CameraAgent(
                SignalingServer.Config.loopback("Relayed", camera),
                new ClipReplaySource(
                    "Relayed",
                    SyntheticClipEncoder.encode(
                        SyntheticClipSpec.defaults("Relayed").withSize(160, 90))));
        CameraRegistration reg =
            new CameraRegistration(rdv, camera.identity(), agent.signalingServer())) {
      agent.start();
      reg.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!reg.registered() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(reg.registered()).isTrue();

      SignalingClient station =
          new SignalingClient(
              SignalingClient.Config.loopback()
                  .withCredentials(StationCredentials.ephemeral("st")));
      try (RendezvousLink link = RendezvousLink.connect(rdv, Duration.ofSeconds(5))) {
        station.pair(link.open(camera.cameraId()), camera.cameraId(), PASSWORD.toCharArray(), null);
      }
      RendezvousLink link = RendezvousLink.connect(rdv, Duration.ofSeconds(5));
      StationSession s = station.connect(link.open(camera.cameraId()), camera.cameraId(), f -> {});
      long sessionBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (agent.sessions().isEmpty() && System.nanoTime() < sessionBy) {
        Thread.sleep(20);
      }
      assertThat(agent.sessions()).as("the camera's session through the rendezvous").hasSize(1);
      assertThat(s.cameraId()).isEqualTo(camera.cameraId());
      // The relay may go away: the session (media peer to peer) lives on.
      link.close();
      Thread.sleep(500);
      assertThat(s.isClosed()).isFalse();
      s.close();

      // Unknown ID: the rendezvous closes the channel; the station sees the camera is not there.
      try (RendezvousLink l2 = RendezvousLink.connect(rdv, Duration.ofSeconds(5))) {
        String nobody = io.peerwall.p2p.identity.Identity.generate().id();
        try {
          station.connect(l2.open(nobody), nobody, f -> {});
        } catch (SignalingException e) {
          assertThat(e.reason()).isIn(FailureReason.REFUSED, FailureReason.UNREACHABLE);
        }
      }
    }
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    ByteArrayOutputStream ignored = new ByteArrayOutputStream();
    ignored.close();
  }
}
