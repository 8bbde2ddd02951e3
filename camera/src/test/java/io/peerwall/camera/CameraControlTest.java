package io.peerwall.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Station-initiated management of a camera agent whose state is on disk: password change (old
 * password required, strength policy applied, verifier replaced on disk) and unpair.
 */
@Timeout(90)
class CameraControlTest {
  private static final String OLD = "orchid lantern seventy drifts";
  private static final String NEW = "walnut-glacier-puffin-tango-meadow";
  @TempDir Path dir;

  @Test
  void aPairedStationChangesThePasswordAndUnpairsAnother() throws Exception {
    CameraCredentials creds = CameraCredentials.open(dir);
    creds.setPassword(OLD.toCharArray(), List.of("Porch"));
    ClipReplaySource source =
        new ClipReplaySource(
            "Porch",
            SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Porch").withSize(160, 90)));
    try (CameraAgent agent =
        new CameraAgent(SignalingServer.Config.loopback("Porch", creds), source)) {
      agent.start();
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
      SignalingClient admin =
          new SignalingClient(
              SignalingClient.Config.loopback()
                  .withCredentials(StationCredentials.ephemeral("Admin desk")));
      SignalingClient other =
          new SignalingClient(
              SignalingClient.Config.loopback()
                  .withCredentials(StationCredentials.ephemeral("Old laptop")));
      admin.pair(address, agent.cameraId(), OLD.toCharArray());
      other.pair(address, agent.cameraId(), OLD.toCharArray());
      assertThat(creds.store().stations()).hasSize(2);
      String otherId =
          creds.store().stations().stream()
              .filter(p -> p.name().equals("Old laptop"))
              .findFirst()
              .orElseThrow()
              .id();
      try (StationSession s = admin.connect(address, f -> {})) {
        assertThatThrownBy(() -> s.changePassword("wrong one!!".toCharArray(), NEW.toCharArray()))
            .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> s.changePassword(OLD.toCharArray(), "888888".toCharArray()))
            .isInstanceOf(IOException.class);
        Thread.sleep(1100); // password checks are spaced after a wrong one, as pairing's are
        s.changePassword(OLD.toCharArray(), NEW.toCharArray());
        s.unpair(otherId);
      }
      // On disk: the new verifier only, the other station gone, the identity unchanged.
      CameraCredentials reread = CameraCredentials.open(dir);
      assertThat(reread.cameraId()).isEqualTo(agent.cameraId());
      assertThat(reread.store().verifier().matches(agent.cameraId(), NEW.toCharArray())).isTrue();
      assertThat(reread.store().verifier().matches(agent.cameraId(), OLD.toCharArray())).isFalse();
      assertThat(reread.store().stations()).extracting(p -> p.name()).containsExactly("Admin desk");
      // The unpaired station can no longer connect.
      assertThatThrownBy(() -> other.connect(address, f -> {}).close())
          .isInstanceOf(IOException.class);
    }
  }
}
