package io.peerwall.station.lab;

import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.reach.ReachPeer;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.feed.SessionSupervisor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The station of {@link NetworkChangeTest}, in its own JVM inside a network namespace: pairs with
 * p2p's {@code ReachPeer} camera, then keeps its session with the station's {@link
 * SessionSupervisor} (ICE on every interface, the TURN server of the options). One stdout line per
 * state:
 *
 * <pre>
 * --dir D --camera ID --address H:P --password PW [--turn ip:port,user,pass] [--relay-delay MS]
 *   STATE epochMillis state attempt kind|- reason...
 * </pre>
 */
public final class ReachStation {
  private ReachStation() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i], args[i + 1]);
    }
    StationCredentials st = StationCredentials.open(Path.of(o.get("--dir")), "Reach station");
    SignalingClient client =
        new SignalingClient(
            SignalingClient.Config.loopback().withIce(ReachPeer.ice(o)).withCredentials(st));
    String cameraId = o.get("--camera");
    String[] hp = o.get("--address").split(":");
    InetSocketAddress camera =
        new InetSocketAddress(InetAddress.getByName(hp[0]), Integer.parseInt(hp[1]));
    if (st.trust().camera(cameraId) == null) {
      client.pair(camera, cameraId, o.get("--password").toCharArray());
    }
    SessionSupervisor supervisor =
        new SessionSupervisor(
            "reach", f -> client.connect(camera, cameraId, f), f -> {}, Clock.systemUTC());
    supervisor.addListener(
        new SessionSupervisor.Listener() {
          @Override
          public void stateChanged(SessionSupervisor.Event e) {
            StationSession s = supervisor.session();
            String kind =
                e.state() == FeedState.LIVE && s != null ? s.selectedPath().kind().label() : "-";
            System.out.println(
                "STATE "
                    + System.currentTimeMillis()
                    + " "
                    + e.state()
                    + " "
                    + e.attempt()
                    + " "
                    + kind
                    + " "
                    + e.reason());
            System.out.flush();
          }
        });
    supervisor.start();
    Thread.sleep(Long.MAX_VALUE);
  }
}
