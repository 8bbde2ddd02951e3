package io.peerwall.p2p.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.lab.Coturn;
import io.peerwall.p2p.signaling.CameraSession;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.p2p.testutil.SyntheticFrames;
import io.peerwall.p2p.testutil.TestPeers;
import io.peerwall.testsupport.Environment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secured session through a real coturn on loopback. Camera and station have host candidates on
 * 127.0.0.3 and 127.0.0.2 but each accepts only the other's relayed candidates (on 127.0.0.1, where
 * coturn relays), so the only possible path is TURN.
 */
@Timeout(60)
class TurnRelayTest {
  @Test
  void sessionRunsThroughTurnWhenNothingElseIsAllowed(@TempDir Path dir) throws Exception {
    Environment.require(
        Coturn.installed(), "coturn is not installed (apt-get install coturn; CI installs it)");
    try (Coturn turn = Coturn.start(null, "127.0.0.1", 34780, dir)) {
      InetSocketAddress ts = turn.address();
      IceConfig cameraIce = relayOnly("127.0.0.3", ts);
      IceConfig stationIce = relayOnly("127.0.0.2", ts);
      BlockingQueue<CameraSession> started = new LinkedBlockingQueue<>();
      try (SignalingServer server =
          new SignalingServer(
              SignalingServer.Config.loopback("Relayed", TestPeers.camera()).withIce(cameraIce),
              started::add)) {
        server.start();
        SignalingClient client =
            TestPeers.pairedClient(server, SignalingClient.Config.loopback().withIce(stationIce));
        BlockingQueue<EncodedFrame> got = new LinkedBlockingQueue<>();
        long t0 = System.nanoTime();
        StationSession st =
            client.connect(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), got::add);
        CameraSession c = started.poll(5, TimeUnit.SECONDS);
        c.sender().send(SyntheticFrames.frame(new Random(1), 0, -1));
        assertThat(got.poll(5, TimeUnit.SECONDS)).isNotNull();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("paired camera -> first frame through TURN: " + ms + " ms");
        assertThat(st.selectedPath().type()).isEqualTo(PathType.RELAY);
        assertThat(c.selectedPath().type()).isEqualTo(PathType.RELAY);
        assertThat(ms).isLessThan(3000);
        st.close();
      }
    }
  }

  private static IceConfig relayOnly(String host, InetSocketAddress turn) throws Exception {
    InetAddress relay = turn.getAddress();
    return IceConfig.builder()
        .localAddresses(List.of(InetAddress.getByName(host)))
        .remoteAddressPolicy(a -> a.equals(relay))
        .addHarvester(IceServers.turn(turn, Coturn.USER, Coturn.PASSWORD))
        .build();
  }
}
