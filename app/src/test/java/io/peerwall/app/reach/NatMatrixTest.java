package io.peerwall.app.reach;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerwall.bench.reach.CoturnProcess;
import io.peerwall.bench.reach.LabHost;
import io.peerwall.bench.reach.NatLab;
import io.peerwall.bench.reach.NatType;
import io.peerwall.bench.reach.ReachLab;
import io.peerwall.testsupport.Environment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reach by ID across NATs with the product's own commands, every one a child process in the NAT lab
 * (bench's {@link ReachLab}): coturn and {@code peerwall rendezvous} on the public segment; three
 * cameras ({@code camera init}, {@code camera serve --rendezvous HOST:PORT#ID}) behind an open, a
 * port-restricted cone and a symmetric NAT; stations behind the same three, each set up with {@code
 * peerwall network --rendezvous}, paired with {@code peerwall pair CAMERA-ID} (no address) and
 * watching with {@code peerwall station --headless --stats-json}.
 *
 * <p>All nine cells go live. The path is direct wherever hole punching can work and relay only
 * where it cannot ({@link NatType#directPossible}), and the routers' counters (non-STUN UDP bytes
 * by path) show the media went that way: 0 relay bytes in direct cells. The cells run in three
 * rounds of three (each camera and each station site in one cell per round), so each router's
 * counters belong to one cell.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(600)
class NatMatrixTest {
  private static final List<NatType> TYPES =
      List.of(NatType.OPEN, NatType.PORT_RESTRICTED, NatType.SYMMETRIC);
  private static final Duration WATCH = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static ReachLab lab;

  private static String cameraSite(NatType t) {
    return "cam-" + t.label();
  }

  private static String stationSite(NatType t) {
    return "st-" + t.label();
  }

  @BeforeAll
  static void buildTheLab() throws Exception {
    String why = NatLab.unavailableReason();
    Environment.require(why == null, why);
    Environment.require(
        CoturnProcess.installed(), "coturn is not installed (apt-get install coturn)");
    List<NatLab.SiteSpec> sites = new ArrayList<>();
    for (NatType t : TYPES) {
      sites.add(NatLab.SiteSpec.of(cameraSite(t), t));
    }
    for (NatType t : TYPES) {
      sites.add(NatLab.SiteSpec.of(stationSite(t), t));
    }
    lab = ReachLab.start("mx", sites, dir);
    for (NatType t : TYPES) {
      lab.startCamera(cameraSite(t), "Cam " + t.label());
    }
  }

  @AfterAll
  static void removeTheLab() throws Exception {
    if (lab != null) {
      NatLab nat = lab.lab();
      lab.close();
      assertThat(nat.exists()).as("the lab's namespaces are gone").isFalse();
    }
  }

  /** One cell's outcome. */
  private record Cell(
      NatType camera,
      NatType station,
      boolean live,
      String path,
      String pathType,
      String via,
      long framesDecoded,
      long millisToFirstLive,
      NatLab.PathBytes bytes,
      String output) {
    String name() {
      return "camera " + camera.label() + " / station " + station.label();
    }
  }

  @Test
  @Order(1)
  void everyCellGoesLiveDirectWhereHolePunchingWorksAndThroughTurnOnlyWhereItCannot()
      throws Exception {
    List<Cell> cells = new ArrayList<>();
    for (int round = 0; round < TYPES.size(); round++) {
      cells.addAll(round(round));
    }
    System.out.println("NAT matrix (camera / station: path, via, first live, bytes by path):");
    for (Cell c : cells) {
      System.out.printf(
          "  %-42s %-6s %-5s %-10s %5d ms  direct %9d B  relay %9d B  frames %d%n",
          c.name(),
          c.path(),
          c.pathType(),
          c.via(),
          c.millisToFirstLive(),
          c.bytes().direct(),
          c.bytes().relay(),
          c.framesDecoded());
    }
    for (Cell c : cells) {
      boolean direct = NatType.directPossible(c.camera(), c.station());
      assertThat(c.live()).as(c.name() + " live\n" + c.output()).isTrue();
      assertThat(c.framesDecoded()).as(c.name() + " frames").isGreaterThan(30);
      assertThat(c.via()).as(c.name() + " reached through the rendezvous").isEqualTo("rendezvous");
      if (direct) {
        assertThat(c.path()).as(c.name() + " path\n" + c.output()).isEqualTo("direct");
        assertThat(c.bytes().relay()).as(c.name() + ": no media through the relay").isZero();
        assertThat(c.bytes().direct()).as(c.name() + ": media peer to peer").isGreaterThan(50_000);
      } else {
        assertThat(c.path()).as(c.name() + " path\n" + c.output()).isEqualTo("relay");
        assertThat(c.bytes().relay())
            .as(c.name() + ": media through the relay")
            .isGreaterThan(50_000);
      }
    }
  }

  /**
   * Round {@code r}: camera i is watched from station site (i + r) mod 3, all three at once; each
   * cell is a fresh station home, set to the rendezvous and paired by ID.
   */
  private List<Cell> round(int r) throws Exception {
    Map<LabHost, NatType[]> stations = new LinkedHashMap<>();
    for (int i = 0; i < TYPES.size(); i++) {
      NatType cam = TYPES.get(i);
      NatType st = TYPES.get((i + r) % TYPES.size());
      LabHost station = lab.station(stationSite(st), "r" + r + "-" + cam.label());
      LabHost.Result paired = lab.pair(station, lab.camera(cameraSite(cam)));
      assertThat(paired.exitCode())
          .as("pair " + cam + " from " + st + "\n" + paired.all())
          .isZero();
      assertThat(paired.out()).contains("Paired with camera " + lab.camera(cameraSite(cam)).id());
      stations.put(station, new NatType[] {cam, st});
    }
    for (NatType[] cell : stations.values()) {
      lab.lab().zeroCounters(cameraSite(cell[0]));
      lab.lab().zeroCounters(stationSite(cell[1]));
    }
    Map<LabHost, LabHost.Running> running = new LinkedHashMap<>();
    for (LabHost station : stations.keySet()) {
      running.put(station, lab.watch(station, WATCH));
    }
    List<Cell> cells = new ArrayList<>();
    for (Map.Entry<LabHost, LabHost.Running> e : running.entrySet()) {
      LabHost.Running run = e.getValue();
      int exit = run.waitFor(WATCH.toSeconds() + 60);
      NatType[] cell = stations.get(e.getKey());
      NatLab.PathBytes bytes =
          lab.lab().counters(cameraSite(cell[0])).plus(lab.lab().counters(stationSite(cell[1])));
      String output = "exit " + exit + "\n" + run.output();
      JsonNode cam = ReachLab.firstCamera(e.getKey());
      cells.add(
          new Cell(
              cell[0],
              cell[1],
              cam.path("everLive").asBoolean(),
              cam.path("path").asText(),
              cam.path("pathType").asText(),
              cam.path("via").asText(),
              cam.path("framesDecoded").asLong(),
              cam.path("millisToFirstLive").asLong(),
              bytes,
              output));
    }
    return cells;
  }
}
