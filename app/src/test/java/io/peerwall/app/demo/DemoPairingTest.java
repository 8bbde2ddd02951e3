package io.peerwall.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.CameraAgent;
import io.peerwall.decoder.ClipCache;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.pairing.PairingResult;
import io.peerwall.station.pairing.PairingResult.Outcome;
import io.peerwall.station.pairing.PairingStep;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's "add camera" (the wall's dialog on {@code peerwall demo}) over a real spare camera
 * agent: it is listed, a wrong password is refused by the camera, the demo password pairs it over
 * SRP and its feed goes live; once added it is no longer offered.
 */
@Timeout(120)
class DemoPairingTest {
  @TempDir Path dir;

  @Test
  void aSpareCameraIsListedRefusesAWrongPasswordAndIsAddedWithTheDemoOne() throws Exception {
    CameraCredentials credentials = CameraCredentials.ephemeral();
    credentials.setPassword(DemoPairing.DEMO_PASSWORD.toCharArray(), List.of("Spare"));
    ClipCache cache = new ClipCache(dir);
    try (CameraAgent spare =
            new CameraAgent(
                SignalingServer.Config.loopback("Spare", credentials),
                new ClipReplaySource(
                    "Spare", cache.getOrEncode(SyntheticClipSpec.defaults("Spare"))));
        DemoPairing pairing =
            new DemoPairing(
                List.of(spare),
                new SignalingClient(
                    SignalingClient.Config.loopback()
                        .withCredentials(StationCredentials.ephemeral("demo station"))),
                Clock.systemUTC())) {
      spare.start();
      assertThat(pairing.discovered())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.cameraId()).isEqualTo(spare.cameraId());
                assertThat(d.address().getPort()).isEqualTo(spare.port());
              });

      PairingResult wrong =
          pairing
              .pair(spare.cameraId(), "wrong horse battery 9".toCharArray(), step -> {})
              .get(60, TimeUnit.SECONDS);
      assertThat(wrong.outcome()).isEqualTo(Outcome.WRONG_PASSWORD);
      assertThat(wrong.feed()).isNull();

      Thread.sleep(1_200); // the camera's throttle: one try per second after a failure
      List<PairingStep> steps = new CopyOnWriteArrayList<>();
      PairingResult added =
          pairing
              .pair(spare.cameraId(), DemoPairing.DEMO_PASSWORD.toCharArray(), steps::add)
              .get(60, TimeUnit.SECONDS);
      assertThat(added.outcome()).isEqualTo(Outcome.PAIRED);
      assertThat(added.cameraName()).isEqualTo("Spare");
      assertThat(added.feed().state()).isEqualTo(FeedState.LIVE);
      assertThat(steps).contains(PairingStep.CHECKING_PASSWORD, PairingStep.DONE);
      assertThat(pairing.discovered()).as("added: no longer offered").isEmpty();
      assertThat(
              pairing
                  .pair(spare.cameraId(), DemoPairing.DEMO_PASSWORD.toCharArray(), step -> {})
                  .get(10, TimeUnit.SECONDS)
                  .outcome())
          .isEqualTo(Outcome.ALREADY_PAIRED);
    }
  }
}
