package io.peerwall.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A station that selects the sub stream gets the sub source's frames, from a keyframe on. */
@Timeout(60)
class SubStreamTest {
  private static final String PASSWORD = "orchid lantern seventy drifts";

  @Test
  void selectingTheSubStreamSwitchesAtAKeyframe() throws Exception {
    EncodedClip mainClip =
        SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Main").withSize(320, 180));
    EncodedClip subClip =
        SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Sub").withSize(160, 90));
    CameraCredentials c = CameraCredentials.ephemeral();
    c.setPassword(PASSWORD.toCharArray(), List.of("Two"));
    try (CameraAgent agent =
        new CameraAgent(
            SignalingServer.Config.loopback("Two", c),
            new ClipReplaySource("Main", mainClip),
            new ClipReplaySource("Sub", subClip))) {
      agent.start();
      assertThat(agent.hasSubStream()).isTrue();
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
      SignalingClient client = new SignalingClient(SignalingClient.Config.loopback());
      client.pair(address, agent.cameraId(), PASSWORD.toCharArray());
      List<EncodedFrame> frames = new CopyOnWriteArrayList<>();
      try (StationSession s = client.connect(address, frames::add)) {
        CameraSourcesTest.waitFor(() -> frames.size() >= 10, 10_000);
        assertThat(frames).allSatisfy(f -> assertThat(in(mainClip, f)).isTrue());
        assertThat(s.cameraInfo().streams()).containsExactly("main", "sub");
        s.selectStream("sub");
        int switchedAt = frames.size();
        CameraSourcesTest.waitFor(() -> frames.size() >= switchedAt + 20, 10_000);
        List<EncodedFrame> after = frames.subList(switchedAt, frames.size());
        int firstSub = -1;
        for (int i = 0; i < after.size(); i++) {
          if (in(subClip, after.get(i))) {
            firstSub = i;
            break;
          }
        }
        assertThat(firstSub).as("sub frames arrive").isNotNegative();
        assertThat(after.get(firstSub).keyframe()).isTrue();
        assertThat(after.subList(firstSub, after.size()))
            .allSatisfy(f -> assertThat(in(subClip, f)).isTrue());
        // Every frame says which stream it is by its payload type (decision 0035).
        assertThat(frames)
            .allSatisfy(f -> assertThat(f.payloadType()).isEqualTo(in(subClip, f) ? 97 : 96));
      }
    }
  }

  @Test
  void aCameraWithoutASubStreamSaysSoAndRefusesToSelectIt() throws Exception {
    EncodedClip mainClip =
        SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Only").withSize(160, 90));
    CameraCredentials c = CameraCredentials.ephemeral();
    c.setPassword(PASSWORD.toCharArray(), List.of("One"));
    try (CameraAgent agent =
        new CameraAgent(
            SignalingServer.Config.loopback("One", c), new ClipReplaySource("Only", mainClip))) {
      agent.start();
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
      SignalingClient client = new SignalingClient(SignalingClient.Config.loopback());
      client.pair(address, agent.cameraId(), PASSWORD.toCharArray());
      List<EncodedFrame> frames = new CopyOnWriteArrayList<>();
      try (StationSession s = client.connect(address, frames::add)) {
        assertThat(s.cameraInfo().streams()).containsExactly("main");
        assertThatThrownBy(() -> s.selectStream("sub"))
            .isInstanceOf(SignalingException.class)
            .hasMessageContaining("no sub stream");
        CameraSourcesTest.waitFor(() -> frames.size() >= 5, 10_000);
        assertThat(frames).allSatisfy(f -> assertThat(f.payloadType()).isEqualTo(96));
      }
    }
  }

  private static boolean in(EncodedClip clip, EncodedFrame f) {
    return clip.units().stream().anyMatch(u -> Arrays.equals(u.data(), f.annexB()));
  }
}
