package io.peerwall.app.reach;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.bench.reach.CoturnProcess;
import io.peerwall.bench.reach.LabHost;
import io.peerwall.bench.reach.NatLab;
import io.peerwall.bench.reach.NatType;
import io.peerwall.bench.reach.ReachLab;
import io.peerwall.testsupport.Environment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network changes under a live camera, in the NAT lab with the product's own commands ({@code
 * peerwall camera serve --rendezvous}, {@code peerwall station --headless}; see {@link
 * NatMatrixTest}): a station whose laptop leaves its network for a phone's hotspot (new address,
 * new NAT), and a camera whose NAT forgets its mappings, are live again by themselves within 5 s; a
 * stream stays live through 5 % packet loss. Times are taken from the station's own lines, one per
 * change ("live, direct path ...").
 */
@Timeout(300)
class NetworkChangeTest {
  private static final long TARGET_MILLIS = 5000;

  @TempDir static Path dir;
  private static ReachLab lab;
  private static ReachLab.Camera camera;
  private LabHost station;
  private LabHost.Running watching;

  /** One lab for all: a camera on DHCP (listening everywhere), a laptop that can move. */
  @BeforeAll
  static void buildTheLab() throws Exception {
    String why = NatLab.unavailableReason();
    Environment.require(why == null, why);
    Environment.require(
        CoturnProcess.installed(), "coturn is not installed (apt-get install coturn)");
    lab =
        ReachLab.start(
            "nc",
            List.of(
                NatLab.SiteSpec.of("camera", NatType.PORT_RESTRICTED),
                new NatLab.SiteSpec("office", NatType.PORT_RESTRICTED, "hotspot"),
                NatLab.SiteSpec.of("hotspot", NatType.PORT_RESTRICTED)),
            dir);
    camera = lab.startCamera("camera", "Porch", "0.0.0.0");
  }

  @AfterAll
  static void removeTheLab() {
    if (lab != null) {
      lab.close();
    }
  }

  /** A fresh station home in the office, paired by ID, watching live. */
  @BeforeEach
  void liveAcrossTwoNats(TestInfo test) throws Exception {
    station = lab.station("office", test.getTestMethod().orElseThrow().getName());
    LabHost.Result paired = lab.pair(station, camera);
    assertThat(paired.exitCode()).as(paired.all()).isZero();
    watching = lab.watch(station, null);
    String live = watching.await("Porch: live", 60_000);
    assertThat(live).as(watching.output()).isNotNull().contains("direct path");
  }

  @AfterEach
  void stopWatching() throws Exception {
    watching.kill();
    lab.lab().returnHost("office");
    lab.lab().setLoss("camera", 0);
  }

  @Test
  void aStationThatMovesToAnotherNetworkIsLiveAgainWithinFiveSeconds() throws Exception {
    Thread.sleep(1500);
    long moved = System.nanoTime();
    String address = lab.lab().moveHost("office", "hotspot");
    String again = watching.await("Porch: live", 15_000);
    long ms = (System.nanoTime() - moved) / 1_000_000;
    System.out.println(
        "station moved to " + address + ": live again " + ms + " ms later: " + again);
    assertThat(again).as(watching.output()).isNotNull();
    assertThat(ms).as(watching.output()).isLessThanOrEqualTo(TARGET_MILLIS);
    assertThat(again).contains("direct path");
  }

  @Test
  void aCameraWhoseNatForgetsItsMappingsIsLiveAgainWithinFiveSeconds() throws Exception {
    Thread.sleep(1500);
    lab.lab().expireUdpMappings("camera", Duration.ofSeconds(4));
    long back = System.nanoTime();
    String again = watching.await("Porch: live", 15_000);
    long ms = (System.nanoTime() - back) / 1_000_000;
    System.out.println("camera's NAT mappings expired: live again " + ms + " ms after: " + again);
    assertThat(again).as(watching.output()).isNotNull();
    assertThat(ms).as(watching.output()).isLessThanOrEqualTo(TARGET_MILLIS);
  }

  /**
   * The camera gets another address on its LAN: it registers again at once (its address watch), the
   * station notices the dead path and reaches it through the rendezvous.
   */
  @Test
  void aCameraWhoseOwnAddressChangesIsLiveAgainWithinFiveSeconds() throws Exception {
    Thread.sleep(1500);
    long changed = System.nanoTime();
    String address = lab.lab().renumberHost("camera");
    String again = watching.await("Porch: live", 15_000);
    long ms = (System.nanoTime() - changed) / 1_000_000;
    System.out.println("camera renumbered to " + address + ": live again " + ms + " ms later");
    assertThat(again).as(watching.output()).isNotNull();
    assertThat(ms).as(watching.output()).isLessThanOrEqualTo(TARGET_MILLIS);
    assertThat(
            java.nio.file.Files.readString(
                camera.host().home().resolve("share/peerwall/logs/peerwall.log")))
        .as("the camera registered again because its address changed")
        .contains("again: this machine's addresses changed");
  }

  /**
   * 5 % random loss both ways at the camera's router: the stream stays live (NACK repairs), the
   * station reconnects at most rarely.
   */
  @Test
  void aStreamStaysLiveThroughFivePercentLoss() throws Exception {
    lab.lab().setLoss("camera", 0.05);
    Thread.sleep(12_000);
    lab.lab().setLoss("camera", 0);
    String lines = String.join("\n", watching.lines());
    long lost = lines.lines().filter(l -> l.contains("Porch: reconnecting")).count();
    System.out.println("5 % loss for 12 s: " + lost + " reconnection(s)\n" + lines);
    assertThat(lost).as(watching.output()).isLessThanOrEqualTo(1);
    assertThat(watching.terminate(20)).isEqualTo(143);
    String decoded =
        lines
            .lines()
            .filter(l -> l.contains("Porch") && l.contains("decoded"))
            .reduce((a, b) -> b)
            .orElse("");
    assertThat(decoded).as(lines).contains("live");
  }
}
