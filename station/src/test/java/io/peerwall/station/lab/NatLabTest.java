package io.peerwall.station.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.lab.ChildJvm;
import io.peerwall.p2p.lab.Coturn;
import io.peerwall.p2p.lab.NatLab;
import io.peerwall.p2p.testutil.TestPeers;
import io.peerwall.testsupport.Environment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camera and station in separate network namespaces behind NAT routers, with a rendezvous and
 * coturn in a "public" namespace (docs/security-model.md, test lab), all made and removed by the
 * test. Each peer is its own JVM inside its namespace: p2p's lab camera and rendezvous ({@code
 * LabPeer}), and the {@link LabStation}, which keeps its session with the station's own supervisor.
 * Runs as root (CI does); elsewhere it is skipped with the reason.
 */
@Timeout(120)
class NatLabTest {
  private static final String RDV = NatLab.PUBLIC_IP + ":7800";
  private static final String STUN = NatLab.PUBLIC_IP + ":3478";
  private static final String TURN = STUN + "," + Coturn.USER + "," + Coturn.PASSWORD;

  private static void assumeLab() {
    String why = NatLab.unavailableReason();
    Environment.require(why == null, why);
    Environment.require(
        Coturn.installed(), "coturn is not installed (apt-get install coturn; CI installs it)");
  }

  private Map<String, String> run(
      Path dir,
      boolean symmetric,
      double loss,
      boolean useTurn,
      int seconds,
      String... coturnConfig)
      throws Exception {
    try (NatLab lab = NatLab.create()) {
      lab.setNat(symmetric);
      lab.setLoss(loss);
      try (Coturn turn = Coturn.start(lab.pub(), NatLab.PUBLIC_IP, 3478, dir, coturnConfig);
          ChildJvm rdv =
              ChildJvm.start(
                  lab.pub(), "rendezvous", "--bind", NatLab.PUBLIC_IP, "--port", "7800")) {
        assertThat(rdv.await("READY", 20_000)).as("rendezvous up: " + rdv.errTail()).isNotNull();
        String[] cam = {
          "camera",
          "--dir",
          dir.resolve("cam").toString(),
          "--bind",
          NatLab.HOST_A_IP,
          "--password",
          TestPeers.PASSWORD,
          "--rendezvous",
          RDV,
          "--stun",
          STUN
        };
        try (ChildJvm camera =
            ChildJvm.start(lab.hostA(), useTurn ? with(cam, "--turn", TURN) : cam)) {
          String ready = camera.await("READY", 30_000);
          assertThat(ready)
              .as("camera registered: " + camera.all + " " + camera.errTail())
              .isNotNull();
          String[] st = {
            "--dir",
            dir.resolve("st").toString(),
            "--bind",
            NatLab.HOST_B_IP,
            "--camera",
            ready.split(" ")[1],
            "--rendezvous",
            RDV,
            "--pair",
            TestPeers.PASSWORD,
            "--stun",
            STUN,
            "--seconds",
            String.valueOf(seconds)
          };
          try (ChildJvm station =
              ChildJvm.start(
                  lab.hostB(), LabStation.class, useTurn ? with(st, "--turn", TURN) : st)) {
            String result = station.await("RESULT", 60_000);
            System.out.println("station: " + station.all);
            System.out.println("camera: " + camera.all);
            if (useTurn) {
              System.out.println("coturn: " + turn.logTail());
            }
            assertThat(result)
                .as("station finished: " + station.all + " " + station.errTail())
                .isNotNull();
            Map<String, String> m = new HashMap<>();
            for (String kv : result.substring("RESULT ".length()).split(" ")) {
              String[] p = kv.split("=");
              m.put(p[0], p[1]);
            }
            String paired =
                station.all.stream()
                    .filter(l -> l.startsWith("PAIRED"))
                    .findFirst()
                    .orElse("PAIRED -1");
            m.put("pairMs", paired.split(" ")[1]);
            m.put(
                "turn403",
                String.valueOf(
                    turn.log()
                        .lines()
                        .filter(l -> l.contains("CREATE_PERMISSION processed, error 403"))
                        .count()));
            System.out.println("NAT lab (symmetric=" + symmetric + ", loss=" + loss + "): " + m);
            if (!"true".equals(m.get("live"))) {
              System.out.println("station stderr: " + station.errTail());
              System.out.println("camera stderr: " + camera.errTail());
            }
            return m;
          }
        }
      }
    }
  }

  private static String[] with(String[] a, String k, String v) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 2);
    out[a.length] = k;
    out[a.length + 1] = v;
    return out;
  }

  @Test
  void portRestrictedBehindPortRestrictedConnectsDirectly(@TempDir Path dir) throws Exception {
    assumeLab();
    Map<String, String> r = run(dir, false, 0, false, 5);
    assertThat(r.get("live")).isEqualTo("true");
    assertThat(r.get("path")).isIn("srflx", "prflx");
    assertThat(Long.parseLong(r.get("frames"))).isGreaterThan(30);
  }

  /**
   * Both routers symmetric ({@code MASQUERADE --random-fully}): srflx pairs cannot work, only
   * relayed ones. This failed until the lab's public namespace got a default route (see {@link
   * NatLab} and docs/decisions/0013-ice-turn-through-nat.md): coturn closed each allocation the
   * moment a relayed check to the peer's private host address failed with ENETUNREACH.
   */
  @Test
  void symmetricBehindSymmetricConnectsThroughTurn(@TempDir Path dir) throws Exception {
    assumeLab();
    Map<String, String> r = run(dir, true, 0, true, 8);
    assertThat(r.get("live")).isEqualTo("true");
    assertThat(r.get("path")).isEqualTo("relay");
    assertThat(Long.parseLong(r.get("frames"))).isGreaterThan(30);
    assertThat(Long.parseLong(r.get("firstFrameMs"))).isBetween(0L, 3000L);
  }

  /**
   * The same through a TURN server hardened as coturn recommends, refusing peers in private ranges
   * (403 to CreatePermission for the hosts' 10.x candidates). ice4j's relayed socket re-requested a
   * refused permission at once, forever (~3000 requests/s per allocation); {@code
   * GuardedTurnHarvester} asks once per peer IP. The relay path must still work.
   */
  @Test
  void turnServerRefusingPrivatePeersIsAskedOnce(@TempDir Path dir) throws Exception {
    assumeLab();
    Map<String, String> r =
        run(dir, true, 0, true, 5, "verbose", "denied-peer-ip=10.0.0.0-10.255.255.255");
    assertThat(r.get("live")).isEqualTo("true");
    assertThat(r.get("path")).isEqualTo("relay");
    // Per session attempt: one refused private peer per allocation (camera and station).
    assertThat(Long.parseLong(r.get("turn403"))).isBetween(1L, 20L);
  }

  /**
   * With 5 % loss a DTLS flight (several datagrams, retransmitted whole) is lost now and then
   * several times in a row, and Bouncy Castle doubles its resend timer each time (250 ms, 500 ms, 1
   * s, 2 s, 4 s): the handshake then takes up to ~8 s before the stream starts (the lab station
   * waits for the first frame). Once up, the stream must stay live for 15 s (NACK repairs the
   * losses); that is what this test is about.
   */
  @Test
  void streamStaysLiveWithFivePercentLoss(@TempDir Path dir) throws Exception {
    assumeLab();
    Map<String, String> r = run(dir, false, 0.05, false, 15);
    assertThat(r.get("live")).isEqualTo("true");
    assertThat(Long.parseLong(r.get("frames"))).isGreaterThan(40);
  }
}
