package io.peerwall.station.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.ice.TurnServer;
import io.peerwall.p2p.reach.ReachPeer;
import io.peerwall.p2p.testutil.ChildJava;
import io.peerwall.p2p.testutil.NetnsSegment;
import io.peerwall.p2p.testutil.TestPeers;
import io.peerwall.p2p.testutil.TurnServerProcess;
import io.peerwall.p2p.turn.TurnRestCredentials;
import io.peerwall.p2p.turn.TurnSecret;
import io.peerwall.testsupport.Environment;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera and a station, each a JVM in its own network namespace on one segment: p2p's {@link
 * ReachPeer} camera and the {@link ReachStation}, with host candidates from every interface, direct
 * TCP signaling, and the station's own {@code SessionSupervisor} reconnecting. The network does the
 * damage: iptables drops the camera's traffic, the station's address changes, the direct path is
 * held back while the relay answers.
 */
@Timeout(240)
class NetworkChangeTest {
  private static final int PORT = 7700;

  @TempDir Path dir;

  private static void assumeNamespaces() {
    String why = NetnsSegment.unavailableReason();
    Environment.require(why == null, why);
  }

  /** A STATE line: epoch millis, state, attempt, path kind, reason. */
  private record State(long at, String state, String kind, String reason) {
    static State parse(String line) {
      String[] f = line.split(" ", 6);
      return new State(Long.parseLong(f[1]), f[2], f[4], f.length > 5 ? f[5] : "");
    }
  }

  private static State await(ChildJava station, String state, long millis, ChildJava camera)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      String l = station.await("STATE", Math.max(1, deadline - System.currentTimeMillis()));
      assertThat(l)
          .as(
              "station "
                  + state
                  + ": "
                  + station.all
                  + " "
                  + station.errTail()
                  + "\ncamera: "
                  + camera.all
                  + " "
                  + camera.errTail())
          .isNotNull();
      State s = State.parse(l);
      if (s.state().equals(state)) {
        return s;
      }
    }
  }

  private ChildJava camera(NetnsSegment seg, String... extra) throws Exception {
    String[] base = {
      "camera",
      "--dir",
      dir.resolve("cam").toString(),
      "--bind",
      seg.ip(1),
      "--port",
      Integer.toString(PORT),
      "--password",
      TestPeers.PASSWORD
    };
    return ChildJava.start(seg.member(1), ReachPeer.class, concat(base, extra));
  }

  private ChildJava station(NetnsSegment seg, String cameraId, String... extra) throws Exception {
    String[] base = {
      "--dir",
      dir.resolve("st").toString(),
      "--camera",
      cameraId,
      "--address",
      seg.ip(1) + ":" + PORT,
      "--password",
      TestPeers.PASSWORD
    };
    return ChildJava.start(seg.member(2), ReachStation.class, concat(base, extra));
  }

  private static String cameraId(ChildJava camera) throws InterruptedException {
    String ready = camera.await("READY", 30_000);
    assertThat(ready).as("camera up: " + camera.errTail()).isNotNull();
    return ready.split(" ")[1];
  }

  @Test
  void aPathTheNetworkDropsIsLostWithinSecondsAndComesBack() throws Exception {
    assumeNamespaces();
    try (NetnsSegment seg = NetnsSegment.create(2);
        ChildJava cam = camera(seg);
        ChildJava st = station(seg, cameraId(cam))) {
      State live = await(st, "LIVE", 40_000, cam);
      assertThat(live.kind()).isEqualTo("LAN");
      Thread.sleep(1500);
      long dropped = System.currentTimeMillis();
      // Dropped on arrival, both ways (a DROP in OUTPUT would tell the sender: EPERM).
      seg.in(seg.member(1), "iptables", "-I", "INPUT", "-s", seg.ip(2), "-j", "DROP");
      seg.in(seg.member(2), "iptables", "-I", "INPUT", "-s", seg.ip(1), "-j", "DROP");
      State lost = await(st, "RECONNECTING", 10_000, cam);
      long ms = lost.at() - dropped;
      System.out.println("path lost " + ms + " ms after the drop: " + lost.reason());
      assertThat(lost.reason()).startsWith("path lost: no packet from the peer for");
      assertThat(ms).isLessThan(3500);

      seg.in(seg.member(1), "iptables", "-F", "INPUT");
      seg.in(seg.member(2), "iptables", "-F", "INPUT");
      assertThat(await(st, "LIVE", 20_000, cam).kind()).isEqualTo("LAN");
    }
  }

  @Test
  void aStationWhoseAddressChangesIsLiveAgainWithinFiveSeconds() throws Exception {
    assumeNamespaces();
    try (NetnsSegment seg = NetnsSegment.create(2);
        ChildJava cam = camera(seg);
        ChildJava st = station(seg, cameraId(cam))) {
      await(st, "LIVE", 40_000, cam);
      Thread.sleep(1500);
      // The laptop gets another address on its network (DHCP, another access point).
      long changed = System.currentTimeMillis();
      seg.in(seg.member(2), "ip", "addr", "del", seg.ip(2) + "/24", "dev", "eth0");
      seg.in(seg.member(2), "ip", "addr", "add", "10.77.0.12/24", "dev", "eth0");
      State again = await(st, "LIVE", 15_000, cam);
      long ms = again.at() - changed;
      System.out.println("live again " + ms + " ms after the address changed");
      assertThat(ms).isLessThanOrEqualTo(5000);
    }
  }

  @Test
  void aDirectPathIsNominatedEvenWhenTheRelayAnswersFirst() throws Exception {
    assumeNamespaces();
    Environment.require(TurnServerProcess.installed(), "coturn is not installed (CI installs it)");
    String secretText = "netns-turn-secret-0123456789";
    TurnSecret secret = TurnSecret.of(secretText.getBytes(StandardCharsets.UTF_8));
    try (NetnsSegment seg = NetnsSegment.create(3);
        TurnServerProcess turn =
            TurnServerProcess.start(
                seg.member(3), seg.ip(3), 3478, secretText, dir.resolve("turn"))) {
      InetSocketAddress at = new InetSocketAddress(seg.ip(3), 3478);
      TurnServer creds =
          TurnRestCredentials.issue(secret, at, "lab-peer", Instant.now(), Duration.ofHours(1));
      String turnArg = seg.ip(3) + ":3478," + creds.username() + "," + creds.password();
      // Both kinds with the direct checks held back, only the nomination delay differs.
      assertThat(firstPath(seg, turnArg, null)).isEqualTo("LAN");
      assertThat(firstPath(seg, turnArg, "0"))
          .as("without waiting for a direct pair the relay wins: the hold-back works")
          .isEqualTo("relay");
    }
  }

  /**
   * Holds back the first 400 bytes of direct UDP between camera and station (about three
   * connectivity checks each way: the direct pair succeeds ~0.7 s in, the relayed one at once) and
   * returns the kind of the first live path.
   */
  private String firstPath(NetnsSegment seg, String turnArg, String relayDelay) throws Exception {
    for (int i : new int[] {1, 2}) {
      // On arrival: a DROP in OUTPUT would fail the sender's sendto (EPERM), not lose the packet.
      seg.in(seg.member(i), "iptables", "-F", "INPUT");
      seg.in(
          seg.member(i),
          "iptables",
          "-A",
          "INPUT",
          "-p",
          "udp",
          "-s",
          seg.ip(3 - i),
          "-m",
          "quota",
          "--quota",
          "400",
          "-j",
          "DROP");
    }
    String[] stationExtra =
        relayDelay == null
            ? new String[] {"--turn", turnArg}
            : new String[] {"--turn", turnArg, "--relay-delay", relayDelay};
    try (ChildJava cam = camera(seg, "--turn", turnArg);
        ChildJava st = station(seg, cameraId(cam), stationExtra)) {
      String kind = await(st, "LIVE", 40_000, cam).kind();
      System.out.println("relay delay " + relayDelay + ": first path " + kind + "\n" + st.all);
      return kind;
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
