package io.peerwall.bench.session;

import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.feed.SessionSupervisor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Camera back → live again, measured with the station's own {@link SessionSupervisor} (what {@code
 * peerwall station} runs): after an in-process restart of the camera's server, and after SIGKILL of
 * a camera process and its restart (target &lt; 3 s for both). The wall-clock time is the
 * supervisor's backoff wait still in flight when the camera returns (at most {@link
 * SessionSupervisor#MAX_BACKOFF}, which the station's tests assert) plus the connect of the attempt
 * that goes live; the restart figure reports that connect time too, so a slow machine shows where
 * the time went.
 */
final class ReconnectFigures {
  /** Medians of one restart figure, in milliseconds. */
  record Restart(double backToLiveMs, double connectMs) {}

  private final String password;
  private final int runs;

  /**
   * @param runs repetitions per figure (median)
   */
  ReconnectFigures(String password, int runs) {
    this.password = password;
    this.runs = runs;
  }

  /** The camera's server closed and started again on its port in this process. */
  Restart inProcess(CameraCredentials camera, SignalingClient client) throws Exception {
    double[] live = new double[runs];
    double[] connect = new double[runs];
    for (int i = 0; i < runs; i++) {
      SignalingServer s1 =
          new SignalingServer(
              SignalingServer.Config.loopback("Bench", camera)
                  .withPort(portOutsideEphemeralRange()),
              x -> {});
      s1.start();
      int port = s1.port();
      InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      Watched watched = new Watched();
      try (SessionSupervisor link =
          watched.supervisor(f -> client.connect(at, camera.cameraId(), f))) {
        watched.await(FeedState.LIVE);
        s1.close(); // the camera goes away
        watched.await(FeedState.RECONNECTING);
        SignalingServer s2 = restartOn(port, camera);
        long back = System.nanoTime();
        watched.await(FeedState.LIVE);
        live[i] = (System.nanoTime() - back) / 1e6;
        connect[i] = watched.lastConnectMs();
        s2.close();
      }
    }
    return new Restart(median(live), median(connect));
  }

  /** A camera process killed with SIGKILL and started again (same port, same identity). */
  Restart killedProcess() throws Exception {
    double[] live = new double[runs];
    double[] connect = new double[runs];
    Path dir = Files.createTempDirectory("peerwall-bench-camera-");
    int port = portOutsideEphemeralRange();
    CameraProcess camera = CameraProcess.start(dir, port, password);
    try {
      InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      SignalingClient client =
          new SignalingClient(
              SignalingClient.Config.loopback()
                  .withCredentials(StationCredentials.ephemeral("bench-restart"))
                  .withDeadAfter(Duration.ofSeconds(3)));
      client.pair(at, camera.cameraId(), password.toCharArray());
      String cameraId = camera.cameraId();
      for (int i = 0; i < runs; i++) {
        Watched watched = new Watched();
        try (SessionSupervisor link = watched.supervisor(f -> client.connect(at, cameraId, f))) {
          watched.await(FeedState.LIVE);
          camera.kill();
          watched.await(FeedState.RECONNECTING);
          camera = CameraProcess.start(dir, port, password);
          long back = System.nanoTime();
          watched.await(FeedState.LIVE);
          live[i] = (System.nanoTime() - back) / 1e6;
          connect[i] = watched.lastConnectMs();
        }
      }
    } finally {
      camera.close();
      deleteTree(dir);
    }
    return new Restart(median(live), median(connect));
  }

  /** A supervisor's states, and how long its last connection attempt took. */
  private static final class Watched {
    private final BlockingQueue<FeedState> states = new LinkedBlockingQueue<>();
    private final AtomicLong attemptStart = new AtomicLong();
    private final AtomicLong attemptNanos = new AtomicLong();

    SessionSupervisor supervisor(SessionSupervisor.Connector connector) {
      SessionSupervisor.Connector timed =
          frames -> {
            attemptStart.set(System.nanoTime());
            StationSession s = connector.connect(frames);
            attemptNanos.set(System.nanoTime() - attemptStart.get());
            return s;
          };
      SessionSupervisor link = new SessionSupervisor("bench", timed, f -> {}, Clock.systemUTC());
      link.addListener(
          new SessionSupervisor.Listener() {
            @Override
            public void stateChanged(SessionSupervisor.Event e) {
              states.add(e.state());
            }
          });
      link.start();
      return link;
    }

    double lastConnectMs() {
      return attemptNanos.get() / 1e6;
    }

    void await(FeedState s) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (System.nanoTime() < deadline) {
        if (states.poll(100, TimeUnit.MILLISECONDS) == s) {
          return;
        }
      }
      throw new IllegalStateException("the session did not reach " + s);
    }
  }

  /**
   * A free loopback port below Linux's ephemeral range (32768–60999). While the camera is away the
   * station keeps dialling its port; a client socket given that very port as its ephemeral port
   * connects to itself and holds it, and the restarted camera could not bind. Client sockets never
   * get ports outside the ephemeral range.
   */
  private static int portOutsideEphemeralRange() throws IOException {
    Random random = new Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = 20_000 + random.nextInt(12_000);
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return probe.getLocalPort();
      } catch (BindException taken) {
        // try another
      }
    }
    throw new IOException("no free loopback port between 20000 and 32000");
  }

  /**
   * The camera comes back on its old port. While it was away the station kept dialling that port
   * from ephemeral ports, and on loopback one of those can briefly be the port itself, so the bind
   * is retried for up to two seconds, as a restarted camera service would.
   */
  private static SignalingServer restartOn(int port, CameraCredentials camera) throws Exception {
    BindException last = null;
    for (int attempt = 0; attempt < 40; attempt++) {
      SignalingServer server =
          new SignalingServer(
              SignalingServer.Config.loopback("Bench", camera).withPort(port), x -> {});
      try {
        server.start();
        return server;
      } catch (BindException e) {
        server.close();
        last = e;
        Thread.sleep(50);
      }
    }
    throw last;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
