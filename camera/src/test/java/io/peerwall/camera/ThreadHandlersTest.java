package io.peerwall.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.decoder.VideoSource;
import io.peerwall.decoder.source.SourceSettings;
import io.peerwall.decoder.source.SourceSpec;
import io.peerwall.decoder.source.Sources;
import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every thread the camera and p2p modules start, seen live (a camera agent serving a station, its
 * status file, a source being retried): each has its own uncaught-exception handler (the one that
 * logs through SLF4J into peerwall.log), none falls back to the JVM's default, which prints to
 * stderr.
 */
@Timeout(60)
class ThreadHandlersTest {
  private static final String PASSWORD = "orchid lantern seventy drifts";
  @TempDir Path dir;

  @Test
  void everyThreadOfOursHasAnUncaughtExceptionHandler() throws Exception {
    CameraCredentials creds = CameraCredentials.ephemeral();
    creds.setPassword(PASSWORD.toCharArray(), List.of("Yard"));
    ClipReplaySource main =
        new ClipReplaySource(
            "Yard",
            SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Yard").withSize(160, 90)));
    // A sub stream that cannot be opened: the agent retries it on camera-source-retry.
    VideoSource missing =
        Sources.create(
            SourceSpec.parse("file:" + dir.resolve("missing.mp4")),
            "Yard",
            SourceSettings.defaults());
    try (CameraAgent agent =
            new CameraAgent(SignalingServer.Config.loopback("Yard", creds), main, missing);
        StatusFile status = startServing(agent)) {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
      SignalingClient station = new SignalingClient(SignalingClient.Config.loopback());
      agent.pairLocally(station, PASSWORD.toCharArray());
      LinkedBlockingQueue<EncodedFrame> frames = new LinkedBlockingQueue<>();
      try (StationSession s = station.connect(address, frames::add)) {
        assertThat(frames.poll(10, TimeUnit.SECONDS)).isNotNull();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ours().stream().noneMatch(t -> t.getName().equals("camera-source-retry"))
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        List<Thread> ours = ours();
        assertThat(ours)
            .extracting(Thread::getName)
            .contains("camera-status", "camera-source-retry")
            .anyMatch(n -> n.startsWith("p2p-sig-accept-"))
            .anyMatch(n -> n.startsWith("p2p-sig-conn-"))
            .anyMatch(n -> n.startsWith("p2p-ctl-"))
            .anyMatch(n -> n.startsWith("p2p-rtcp-rx-"))
            .anyMatch(n -> n.startsWith("p2p-rtp-rx-"))
            .anyMatch(n -> n.startsWith("p2p-frames-"))
            .anyMatch(n -> n.startsWith("p2p-ice-rx-"))
            .anyMatch(n -> n.startsWith("p2p-ice-events-"));
        // By the way: the status file reports what the signaling port admitted (the pairing's
        // conversation and the session's).
        assertThat(status.snapshot().get("connections").get("admitted").asLong()).isEqualTo(2);
        assertThat(status.snapshot().get("connections").get("sessions").asLong()).isEqualTo(1);
        assertThat(ours)
            .allSatisfy(
                t ->
                    assertThat(t.getUncaughtExceptionHandler())
                        .as("handler of %s", t.getName())
                        .isNotSameAs(t.getThreadGroup()));
      }
    }
  }

  private StatusFile startServing(CameraAgent agent) throws Exception {
    agent.start();
    return StatusFile.start(dir, agent, "clip", "sub: missing file");
  }

  /** Live threads of the camera and p2p modules (ours by name). */
  private static List<Thread> ours() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith("p2p-") || t.getName().startsWith("camera-"))
        .toList();
  }
}
