package io.peerwall.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.WeakPasswordException;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real camera agent serving two real station sessions at once from one source, after real pairing
 * (SRP-6a over Argon2id) and over DTLS-SRTP.
 */
@Timeout(60)
class CameraAgentTest {
  private static final String PASSWORD = "orchid lantern seventy drifts";

  private static CameraCredentials camera() throws WeakPasswordException {
    CameraCredentials c = CameraCredentials.ephemeral();
    c.setPassword(PASSWORD.toCharArray(), List.of("Shared"));
    return c;
  }

  @Test
  void twoStationsWatchOneSourceAndEachStartsAtAKeyframe() throws Exception {
    EncodedClip clip =
        SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Shared").withSize(320, 180));
    ClipReplaySource source = new ClipReplaySource("Shared", clip);
    List<List<EncodedFrame>> received =
        List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    List<StationSession> stations = new ArrayList<>();
    try (CameraAgent agent =
        new CameraAgent(SignalingServer.Config.loopback("Shared", camera()), source)) {
      agent.start();
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
      SignalingClient client = new SignalingClient(SignalingClient.Config.loopback());
      client.pair(address, agent.cameraId(), PASSWORD.toCharArray());
      for (List<EncodedFrame> frames : received) {
        stations.add(client.connect(address, frames::add));
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (received.stream().anyMatch(f -> f.size() < 30) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      assertThat(agent.activeSessions()).isEqualTo(2);
      for (List<EncodedFrame> frames : received) {
        assertThat(frames).hasSizeGreaterThanOrEqualTo(30);
        assertThat(frames.get(0).keyframe()).as("a new station starts at a keyframe").isTrue();
        // Stamped with the camera's clock when captured: this machine's, at most seconds ago
        // (the cached GOP's first frame was captured up to a GOP before the station joined).
        assertThat(frames.get(0).captureEpochMicros())
            .isBetween(
                System.currentTimeMillis() * 1000 - 60_000_000L, System.currentTimeMillis() * 1000);
        // Every frame is byte-identical to one of the clip's access units (passthrough).
        for (EncodedFrame frame : frames) {
          assertThat(clip.units())
              .anySatisfy(u -> assertThat(Arrays.equals(u.data(), frame.annexB())).isTrue());
        }
      }
      // One source for both: it emitted about as many frames as one station received, not two.
      long emitted = source.framesEmitted();
      assertThat(agent.framesSent()).isGreaterThan(emitted).isLessThanOrEqualTo(2 * emitted);
    } finally {
      stations.forEach(StationSession::close);
    }
  }
}
