package io.peerwall.p2p.reach;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.ice.IceServerList;
import io.peerwall.p2p.ice.IceServerSource;
import io.peerwall.p2p.ice.TurnServer;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.signaling.CameraSession;
import io.peerwall.p2p.signaling.CameraSessionListener;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.testutil.SyntheticFrames;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A camera in its own JVM inside a network namespace, built only from the library's parts
 * (SignalingServer, IceConfig on every interface with the given TURN server), for the station
 * module's {@code NetworkChangeTest}, whose station ({@code ReachStation}) keeps its session with
 * the station's own supervisor. One stdout line per event:
 *
 * <pre>
 * camera  --dir D --bind A --port P --password PW [--turn ip:port,user,pass]
 *   READY cameraId port
 * </pre>
 */
public final class ReachPeer {
  private ReachPeer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      o.put(args[i], args[i + 1]);
    }
    if (!args[0].equals("camera")) {
      throw new IllegalArgumentException(
          "unknown role " + args[0] + " (the station is the station module's ReachStation)");
    }
    camera(o);
  }

  /** ICE from every interface, with the TURN server and relay nomination delay of the options. */
  public static IceConfig ice(Map<String, String> o) {
    IceConfig.Builder b = IceConfig.builder().allInterfaces();
    if (o.containsKey("--turn")) {
      String[] t = o.get("--turn").split(",");
      b.iceServers(
          IceServerSource.fixed(
              new IceServerList(
                  List.of(),
                  List.of(TurnServer.of(IceServerList.parseAddress(t[0]), t[1], t[2])))));
    }
    if (o.containsKey("--relay-delay")) {
      b.relayNominationDelay(Duration.ofMillis(Long.parseLong(o.get("--relay-delay"))));
    }
    return b.build();
  }

  private static void camera(Map<String, String> o) throws Exception {
    CameraCredentials creds = CameraCredentials.open(Path.of(o.get("--dir")));
    if (!creds.pairable()) {
      creds.setPassword(o.get("--password").toCharArray(), List.of());
    }
    List<CameraSession> sessions = new CopyOnWriteArrayList<>();
    AtomicBoolean wantKey = new AtomicBoolean(true);
    SignalingServer server =
        new SignalingServer(
            SignalingServer.Config.loopback("Reach camera", creds)
                .withBindAddress(InetAddress.getByName(o.get("--bind")))
                .withPort(Integer.parseInt(o.get("--port")))
                .withIce(ice(o)),
            new CameraSessionListener() {
              @Override
              public void onSessionStarted(CameraSession s) {
                s.sender().onKeyframeRequest(() -> wantKey.set(true));
                wantKey.set(true);
                sessions.add(s);
              }

              @Override
              public void onSessionEnded(CameraSession s, String reason) {
                sessions.remove(s);
                System.out.println("ENDED " + reason);
                System.out.flush();
              }
            });
    server.start();
    System.out.println("READY " + creds.cameraId() + " " + server.port());
    System.out.flush();
    Random r = new Random(1);
    for (int i = 1; ; i++) {
      int idx = wantKey.getAndSet(false) ? 0 : 1 + (i % 29);
      EncodedFrame f = SyntheticFrames.frame(r, idx, System.currentTimeMillis() * 1000);
      for (CameraSession s : sessions) {
        try {
          s.sender()
              .send(new EncodedFrame(f.annexB(), 6000L * i, f.captureEpochMicros(), f.keyframe()));
        } catch (IOException e) {
          sessions.remove(s);
        }
      }
      Thread.sleep(66);
    }
  }
}
