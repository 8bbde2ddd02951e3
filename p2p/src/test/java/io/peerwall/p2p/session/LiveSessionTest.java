package io.peerwall.p2p.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.lab.Commands;
import io.peerwall.p2p.signaling.CameraSession;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.p2p.testutil.SyntheticFrames;
import io.peerwall.p2p.testutil.TestPeers;
import io.peerwall.testsupport.Environment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loss on a live, secured session. (A camera restarted under a live station is the station's
 * supervisor's to handle: {@code io.peerwall.station.feed.SessionSupervisorTest}.)
 */
@Timeout(90)
class LiveSessionTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void injectedLossIsRepairedByNackAndAnOutageByAKeyframe() throws Exception {
    Environment.require(
        Commands.isRoot() && Commands.works("iptables", "-L", "-n"),
        "root and iptables are needed to drop packets on loopback (CI runs as root with iptables)");
    BlockingQueue<CameraSession> started = new LinkedBlockingQueue<>();
    try (SignalingServer server =
        new SignalingServer(
            SignalingServer.Config.loopback("Loss", TestPeers.camera()), started::add)) {
      server.start();
      BlockingQueue<EncodedFrame> got = new LinkedBlockingQueue<>();
      StationSession st =
          TestPeers.pairedClient(server)
              .connect(new InetSocketAddress(LOOPBACK, server.port()), got::add);
      CameraSession c = started.poll(5, TimeUnit.SECONDS);
      BlockingQueue<Long> keyRequests = new LinkedBlockingQueue<>();
      c.sender().onKeyframeRequest(() -> keyRequests.add(System.nanoTime()));
      Random r = new Random(3);
      c.sender().send(SyntheticFrames.frame(r, 0, -1));
      assertThat(got.poll(5, TimeUnit.SECONDS)).isNotNull();
      keyRequests.clear();
      String dport = String.valueOf(st.selectedPath().local().getPort());
      // 1. Every third packet to the station dropped: NACK + retransmission repair it all.
      String[] every3rd = {
        "INPUT",
        "-i",
        "lo",
        "-p",
        "udp",
        "--dport",
        dport,
        "-m",
        "statistic",
        "--mode",
        "nth",
        "--every",
        "3",
        "--packet",
        "0",
        "-j",
        "DROP"
      };
      Commands.run(concat("iptables", "-I", every3rd));
      try {
        for (int i = 1; i <= 10; i++) {
          c.sender().send(SyntheticFrames.frame(r, i, -1));
          Thread.sleep(30);
        }
        Thread.sleep(300);
      } finally {
        Commands.run(concat("iptables", "-D", every3rd));
      }
      assertThat(c.sender().stats().packetsRetransmitted()).as("retransmitted").isPositive();
      assertThat(st.stats().nacksSent()).isPositive();
      assertThat(got).as("frames repaired by retransmission").hasSizeGreaterThanOrEqualTo(8);
      assertThat(keyRequests).as("no keyframe needed when NACK repairs").isEmpty();

      // 2. An outage longer than the retransmission buffer's 1 s: NACKs cannot help, the frames
      //    are dropped and a keyframe is requested.
      String[] all = {"INPUT", "-i", "lo", "-p", "udp", "--dport", dport, "-j", "DROP"};
      Commands.run(concat("iptables", "-I", all));
      try {
        for (int i = 11; i <= 13; i++) {
          c.sender().send(SyntheticFrames.frame(r, i, -1));
          Thread.sleep(30);
        }
        Thread.sleep(1200);
      } finally {
        Commands.run(concat("iptables", "-D", all));
      }
      for (int i = 14; i <= 16; i++) {
        c.sender().send(SyntheticFrames.frame(r, i, -1));
        Thread.sleep(30);
      }
      assertThat(keyRequests.poll(5, TimeUnit.SECONDS)).as("PLI after loss").isNotNull();
      assertThat(st.stats().framesDroppedGap() + st.stats().framesDroppedWaitingForKeyframe())
          .isPositive();
      got.clear();
      c.sender().send(SyntheticFrames.frame(r, 0, -1)); // the keyframe the camera answers with
      EncodedFrame k = got.poll(5, TimeUnit.SECONDS);
      assertThat(k).isNotNull();
      assertThat(k.keyframe()).isTrue();
      st.close();
    }
  }

  private static String[] concat(String a, String b, String[] rest) {
    String[] out = new String[rest.length + 2];
    out[0] = a;
    out[1] = b;
    System.arraycopy(rest, 0, out, 2, rest.length);
    return out;
  }
}
