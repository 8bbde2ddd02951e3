package io.peerwall.station.lab;

import io.peerwall.p2p.lab.LabPeer;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.rendezvous.RendezvousLink;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.feed.SessionSupervisor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The NAT lab's station, in its own process (started by p2p's {@code ChildJvm}, inside a network
 * namespace): pairs when asked, then keeps its session with the station's {@link
 * SessionSupervisor}, the one {@code peerwall station} runs. Prints one line per event on stdout
 * ({@code PAIRED}, {@code STATE}, {@code RESULT}) for the test to read.
 *
 * <pre>
 * --dir D --bind A --camera ID (--address H:P | --rendezvous H:P) [--pair PW]
 *     [--stun H:P] [--turn H:P,user,pass] --seconds N
 * </pre>
 *
 * <p>{@code RESULT frames=} counts the frames of the {@code --seconds} after the first one (which
 * is waited for up to 30 s); {@code firstFrameMs=} is the time from the supervisor's start to it.
 */
public final class LabStation {
  /** How long to wait for the first frame (the handshake alone may take 25 s). */
  private static final Duration CONNECT_WAIT = Duration.ofSeconds(30);

  private LabStation() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i], args[i + 1]);
    }
    System.exit(run(o));
  }

  private static int run(Map<String, String> o) throws Exception {
    StationCredentials st = StationCredentials.open(Path.of(o.get("--dir")), "Lab station");
    SignalingClient client =
        new SignalingClient(
            SignalingClient.Config.loopback()
                .withIce(LabPeer.ice(o))
                .withCredentials(st)
                .withDeadAfter(Duration.ofSeconds(3))
                .withHandshakeTimeout(Duration.ofSeconds(25)));
    String cameraId = o.get("--camera");
    InetSocketAddress rdv =
        o.containsKey("--rendezvous") ? LabPeer.hostPort(o.get("--rendezvous")) : null;
    InetSocketAddress direct =
        o.containsKey("--address") ? LabPeer.hostPort(o.get("--address")) : null;
    long t0 = System.nanoTime();
    if (o.containsKey("--pair") && st.trust().camera(cameraId) == null) {
      if (rdv != null) {
        try (RendezvousLink link = RendezvousLink.connect(rdv, Duration.ofSeconds(5))) {
          client.pair(link.open(cameraId), cameraId, o.get("--pair").toCharArray(), null);
        }
      } else {
        client.pair(direct, cameraId, o.get("--pair").toCharArray());
      }
      System.out.println("PAIRED " + (System.nanoTime() - t0) / 1_000_000);
    }
    AtomicLong frames = new AtomicLong();
    AtomicLong firstFrameNanos = new AtomicLong();
    long start = System.nanoTime();
    SessionSupervisor supervisor =
        new SessionSupervisor(
            "lab",
            f -> {
              if (rdv != null) {
                RendezvousLink l = RendezvousLink.connect(rdv, Duration.ofSeconds(5));
                return client.connect(l.open(cameraId), cameraId, f);
              }
              return client.connect(direct, cameraId, f);
            },
            f -> {
              frames.incrementAndGet();
              firstFrameNanos.compareAndSet(0, System.nanoTime());
            },
            Clock.systemUTC());
    supervisor.addListener(
        new SessionSupervisor.Listener() {
          @Override
          public void stateChanged(SessionSupervisor.Event e) {
            System.out.println("STATE " + e.state() + " " + e.attempt() + " " + e.path());
            System.out.flush();
          }
        });
    supervisor.start();
    // Frames are counted over --seconds from the first one: how long the cold JVMs of the lab take
    // to connect (the first-frame time, reported on its own) must not eat the window in which the
    // stream's rate is judged.
    long connectDeadline = start + CONNECT_WAIT.toNanos();
    while (firstFrameNanos.get() == 0 && System.nanoTime() < connectDeadline) {
      Thread.sleep(20);
    }
    long windowStart = firstFrameNanos.get() == 0 ? System.nanoTime() : firstFrameNanos.get();
    long windowEnd =
        windowStart
            + Duration.ofSeconds(Long.parseLong(o.getOrDefault("--seconds", "5"))).toNanos();
    for (long left = windowEnd - System.nanoTime();
        left > 0;
        left = windowEnd - System.nanoTime()) {
      Thread.sleep(Math.max(1, left / 1_000_000));
    }
    var session = supervisor.session();
    long lost = session == null ? -1 : session.stats().framesDroppedGap();
    String path = supervisor.path();
    System.out.println(
        "RESULT frames="
            + frames.get()
            + " path="
            + path
            + " firstFrameMs="
            + (firstFrameNanos.get() == 0 ? -1 : (firstFrameNanos.get() - start) / 1_000_000)
            + " live="
            + (supervisor.state() == FeedState.LIVE)
            + " framesLost="
            + lost);
    System.out.flush();
    supervisor.close();
    return 0;
  }
}
