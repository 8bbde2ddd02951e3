package io.peerwall.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.StationSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code camera serve --bind 0.0.0.0} (what a systemd unit naturally says) tells stations a real
 * address and offers real ICE candidates, so a station actually gets pictures.
 */
@Timeout(120)
class WildcardBindTest {
  private static final String PASSWORD = "orchid-lantern-seventy-drifts";
  private static final Pattern PAIR =
      Pattern.compile("Pair once with: \\./peerwall pair (\\S+) --address ([0-9.]+):(\\d+)");

  @TempDir Path data;

  @Test
  void aCameraBoundToTheWildcardIsReachableOnTheAddressItPrints() throws Exception {
    CameraCli.Result init =
        CameraCli.run(
            PASSWORD + "\n" + PASSWORD + "\n",
            "init",
            "--data-dir",
            data.toString(),
            "--name",
            "Porch");
    assertThat(init.exitCode()).as(init.err()).isZero();
    ServingCamera serve =
        ServingCamera.start(
            "--data-dir",
            data.toString(),
            "--name",
            "Porch",
            "--source",
            "testpattern:160x90@10",
            "--bind",
            "0.0.0.0",
            "--port",
            "0");
    try {
      String text = serve.awaitBanner("Watch it with");
      Matcher pair = PAIR.matcher(text);
      assertThat(pair.find()).as(text).isTrue();
      InetAddress printed = InetAddress.getByName(pair.group(2));
      assertThat(printed.isAnyLocalAddress()).as("printed address").isFalse();
      assertThat(OfferedAddresses.forBind(InetAddress.getByName("0.0.0.0"))).contains(printed);
      InetSocketAddress address = new InetSocketAddress(printed, Integer.parseInt(pair.group(3)));
      // A station that only has the printed address, as a station on another machine would.
      SignalingClient station =
          new SignalingClient(
              SignalingClient.Config.loopback()
                  .withIce(
                      IceConfig.builder()
                          .localAddresses(java.util.List.of(printed))
                          .remoteAddressPolicy(a -> true)
                          .build()));
      station.pair(address, pair.group(1), PASSWORD.toCharArray());
      CountDownLatch frames = new CountDownLatch(5);
      try (StationSession session = station.connect(address, f -> frames.countDown())) {
        assertThat(frames.await(30, TimeUnit.SECONDS)).as("frames over " + printed).isTrue();
        assertThat(session.selectedPath().toString()).contains(printed.getHostAddress());
      }
    } finally {
      serve.stop();
    }
    assertThat(serve.exitCode()).as(serve.banner()).isZero();
  }
}
