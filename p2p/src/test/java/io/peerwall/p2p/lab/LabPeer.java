package io.peerwall.p2p.lab;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.ice.IceServers;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.rendezvous.CameraRegistration;
import io.peerwall.p2p.signaling.CameraSession;
import io.peerwall.p2p.signaling.CameraSessionListener;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.testutil.SyntheticFrames;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A camera, a rendezvous or an mDNS peer in its own process, for tests that need real separate
 * peers: a camera killed and restarted under the station's supervisor ({@code
 * SessionSupervisorTest}), mDNS peers in namespaces ({@link LanDiscoveryTest}). Prints one line per
 * event on stdout ({@code READY}, {@code SESSION}, ...) for the test to read. Tests of reach across
 * NATs run the product's own commands instead (app's {@code NatMatrixTest}).
 *
 * <pre>
 * rendezvous --bind A --port P
 * camera  --dir D --bind A --port P [--password PW] [--rendezvous H:P] [--stun H:P] [--turn H:P,user,pass]
 * mdns-announce --bind A
 * mdns-browse --bind A
 * </pre>
 */
public final class LabPeer {
  private LabPeer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      o.put(args[i], args[i + 1]);
    }
    if (args[0].equals("camera")) {
      camera(o);
    } else if (args[0].equals("mdns-announce")) {
      String id = io.peerwall.p2p.identity.Identity.generate().id();
      try (io.peerwall.p2p.discovery.LanDiscovery.Announcement a =
          io.peerwall.p2p.discovery.LanDiscovery.announce(
              addr(o.get("--bind")), id, "Lab camera", 7700)) {
        System.out.println("ANNOUNCED " + id);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
      }
    } else if (args[0].equals("mdns-browse")) {
      for (io.peerwall.p2p.discovery.DiscoveredCamera d :
          io.peerwall.p2p.discovery.LanDiscovery.browse(
              addr(o.get("--bind")), Duration.ofSeconds(4), x -> true)) {
        System.out.println(
            "FOUND "
                + d.cameraId()
                + " "
                + d.address().getAddress().getHostAddress()
                + " "
                + d.address().getPort());
      }
      System.out.println("DONE");
      System.out.flush();
      System.exit(0);
    } else if (args[0].equals("rendezvous")) {
      io.peerwall.p2p.rendezvous.RendezvousServer r =
          new io.peerwall.p2p.rendezvous.RendezvousServer(
              addr(o.get("--bind")), Integer.parseInt(o.get("--port")), 64);
      r.start();
      System.out.println("READY " + r.port());
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    } else {
      throw new IllegalArgumentException(
          "unknown role " + args[0] + " (camera, rendezvous, mdns-announce, mdns-browse)");
    }
  }

  /** ICE on the given bind address, with the STUN and TURN servers of the options. */
  public static IceConfig ice(Map<String, String> o) {
    InetAddress bind = addr(o.get("--bind"));
    IceConfig.Builder b =
        IceConfig.builder()
            .localAddresses(List.of(bind))
            .remoteAddressPolicy(a -> !a.isAnyLocalAddress() && !a.isMulticastAddress())
            .connectTimeout(Duration.ofSeconds(15));
    if (o.containsKey("--stun")) {
      b.addHarvester(IceServers.stun(hostPort(o.get("--stun"))));
    }
    if (o.containsKey("--turn")) {
      String[] t = o.get("--turn").split(",");
      b.addHarvester(IceServers.turn(hostPort(t[0]), t[1], t[2]));
    }
    return b.build();
  }

  private static void camera(Map<String, String> o) throws Exception {
    CameraCredentials creds = CameraCredentials.open(Path.of(o.get("--dir")));
    if (o.containsKey("--password") && !creds.pairable()) {
      creds.setPassword(o.get("--password").toCharArray(), List.of());
    }
    List<CameraSession> sessions = new CopyOnWriteArrayList<>();
    AtomicBoolean wantKey = new AtomicBoolean(true);
    SignalingServer.Config cfg =
        SignalingServer.Config.loopback("Lab camera", creds)
            .withBindAddress(addr(o.get("--bind")))
            .withPort(Integer.parseInt(o.getOrDefault("--port", "0")))
            .withIce(ice(o))
            .withDeadAfter(Duration.ofSeconds(3));
    SignalingServer server =
        new SignalingServer(
            cfg,
            new CameraSessionListener() {
              @Override
              public void onSessionStarted(CameraSession s) {
                s.sender().onKeyframeRequest(() -> wantKey.set(true));
                wantKey.set(true);
                sessions.add(s);
                System.out.println("SESSION " + s.selectedPath().type());
              }

              @Override
              public void onSessionEnded(CameraSession s, String reason) {
                sessions.remove(s);
              }
            });
    server.start();
    CameraRegistration reg = null;
    if (o.containsKey("--rendezvous")) {
      reg = new CameraRegistration(hostPort(o.get("--rendezvous")), creds.identity(), server);
      reg.start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!reg.registered() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
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

  public static InetAddress addr(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (IOException e) {
      throw new IllegalArgumentException(s);
    }
  }

  public static InetSocketAddress hostPort(String s) {
    int c = s.lastIndexOf(':');
    return new InetSocketAddress(addr(s.substring(0, c)), Integer.parseInt(s.substring(c + 1)));
  }
}
