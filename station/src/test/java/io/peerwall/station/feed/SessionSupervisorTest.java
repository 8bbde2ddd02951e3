package io.peerwall.station.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.lab.ChildJvm;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.testutil.TestPeers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The station's session supervisor against real cameras (real signaling, ICE, DTLS and SRTP on
 * loopback): network failures are retried with the backoff until the camera answers, a restarted
 * camera process is live again within 3 s, and refusals that retrying cannot fix stop the retries
 * and say which they are.
 */
@Timeout(90)
class SessionSupervisorTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** Every state event and the thread it came on; and how many connection attempts were made. */
  private static final class Recorder implements SessionSupervisor.Listener {
    final BlockingQueue<SessionSupervisor.Event> events = new LinkedBlockingQueue<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void stateChanged(SessionSupervisor.Event event) {
      events.add(event);
      threads.add(Thread.currentThread().getName());
    }

    SessionSupervisor.Event next(FeedState state, long millis) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (System.nanoTime() < deadline) {
        SessionSupervisor.Event e = events.poll(100, TimeUnit.MILLISECONDS);
        if (e != null && e.state() == state) {
          return e;
        }
      }
      return null;
    }
  }

  @Test
  void cameraProcessKilledAndRestartedIsLiveAgainWithinThreeSeconds(@TempDir Path dir)
      throws Exception {
    int port = freePort();
    String[] camArgs = {
      "camera",
      "--dir",
      dir.resolve("cam").toString(),
      "--bind",
      "127.0.0.1",
      "--port",
      String.valueOf(port),
      "--password",
      TestPeers.PASSWORD
    };
    ChildJvm cam = ChildJvm.start(null, camArgs);
    try {
      String ready = cam.await("READY", 20_000);
      assertThat(ready).as(cam.errTail()).isNotNull();
      String cameraId = ready.split(" ")[1];
      InetSocketAddress at = new InetSocketAddress(LOOPBACK, port);
      SignalingClient client =
          new SignalingClient(
              SignalingClient.Config.loopback()
                  .withCredentials(StationCredentials.ephemeral("st"))
                  .withDeadAfter(Duration.ofSeconds(3)));
      client.pair(at, cameraId, TestPeers.PASSWORD.toCharArray());
      Recorder states = new Recorder();
      BlockingQueue<EncodedFrame> frames = new LinkedBlockingQueue<>();
      try (SessionSupervisor supervisor =
          new SessionSupervisor(
              "restarted", f -> client.connect(at, cameraId, f), frames::add, Clock.systemUTC())) {
        supervisor.addListener(states).start();
        assertThat(states.next(FeedState.LIVE, 15_000)).isNotNull();
        assertThat(frames.poll(5, TimeUnit.SECONDS)).isNotNull();

        cam.kill();
        SessionSupervisor.Event lost = states.next(FeedState.RECONNECTING, 10_000);
        assertThat(lost).isNotNull();
        assertThat(lost.attempt()).isPositive();

        cam = ChildJvm.start(null, camArgs);
        assertThat(cam.await("READY", 20_000)).isNotNull();
        long back = System.nanoTime();
        SessionSupervisor.Event live = states.next(FeedState.LIVE, 10_000);
        long ms = (System.nanoTime() - back) / 1_000_000;
        System.out.println("camera back -> live again: " + ms + " ms");
        assertThat(live).isNotNull();
        assertThat(ms).isLessThan(3000);
        frames.clear();
        assertThat(frames.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(supervisor.everLive()).isTrue();
        assertThat(states.threads).allMatch(n -> n.equals("station-session-restarted"));
      }
    } finally {
      cam.close();
    }
  }

  @Test
  void anUnreachableCameraIsRetriedWithBackoffUntilItAnswers() throws Exception {
    int port = freePort();
    CameraCredentials camera = TestPeers.camera();
    SignalingClient client;
    // Paired beforehand, through the same camera serving on another port.
    try (SignalingServer before =
        new SignalingServer(SignalingServer.Config.loopback("Later", camera), s -> {})) {
      before.start();
      client = TestPeers.pairedClient(before);
    }
    try (SignalingServer later =
        new SignalingServer(
            SignalingServer.Config.loopback("Later", camera).withPort(port), s -> {})) {
      List<Long> attempts = new ArrayList<>();
      AtomicInteger connects = new AtomicInteger();
      Recorder states = new Recorder();
      InetSocketAddress at = new InetSocketAddress(LOOPBACK, port);
      try (SessionSupervisor supervisor =
          new SessionSupervisor(
              "later",
              f -> {
                connects.incrementAndGet();
                synchronized (attempts) {
                  attempts.add(System.nanoTime());
                }
                return client.connect(at, later.config().cameraId(), f);
              },
              f -> {},
              Clock.systemUTC())) {
        supervisor.addListener(states).start();
        SessionSupervisor.Event first = states.next(FeedState.UNREACHABLE, 5_000);
        assertThat(first).as("never live yet: unreachable").isNotNull();
        assertThat(first.reason()).isNotEmpty();
        Thread.sleep(4_000); // attempts at about 0, 0.25, 0.75, 1.75 and 3.75 s
        assertThat(connects.get()).as("still trying").isBetween(4, 6);
        synchronized (attempts) {
          for (int i = 1; i < attempts.size(); i++) {
            long gapMillis = (attempts.get(i) - attempts.get(i - 1)) / 1_000_000;
            long backoff = Math.min(2000, 250L << (i - 1));
            assertThat(gapMillis)
                .as("gap before attempt %d", i + 1)
                .isGreaterThanOrEqualTo(backoff);
          }
        }
        assertThat(supervisor.state()).isEqualTo(FeedState.UNREACHABLE);
        assertThat(supervisor.downSinceEpochMillis()).isPositive();

        later.start();
        assertThat(states.next(FeedState.LIVE, 10_000)).as("live once it answers").isNotNull();
        assertThat(supervisor.downSinceEpochMillis()).isZero();
        assertThat(supervisor.path()).isEqualTo("LAN");
      }
      assertThat(states.next(FeedState.CLOSED, 1_000)).as("closed last").isNotNull();
    }
  }

  @Test
  void aCameraThatDoesNotKnowTheStationStopsTheRetriesAndSaysNotPaired() throws Exception {
    try (SignalingServer camera =
        new SignalingServer(
            SignalingServer.Config.loopback("Unpaired", TestPeers.camera()), s -> {})) {
      camera.start();
      SignalingClient stranger =
          new SignalingClient(
              SignalingClient.Config.loopback()
                  .withCredentials(StationCredentials.ephemeral("stranger")));
      assertRefusalStops(
          camera, stranger, camera.config().cameraId(), FeedState.NOT_PAIRED, "not paired");
    }
  }

  @Test
  void anotherCameraAnsweringAtTheAddressStopsTheRetriesAndSaysKeyChanged() throws Exception {
    try (SignalingServer paired =
            new SignalingServer(
                SignalingServer.Config.loopback("Paired", TestPeers.camera()), s -> {});
        SignalingServer other =
            new SignalingServer(
                SignalingServer.Config.loopback("Other", TestPeers.camera()), s -> {})) {
      paired.start();
      other.start();
      SignalingClient client = TestPeers.pairedClient(paired);
      // The pinned camera's ID, at the address where another camera answers.
      assertRefusalStops(
          other, client, paired.config().cameraId(), FeedState.KEY_CHANGED, "key changed");
    }
  }

  private static void assertRefusalStops(
      SignalingServer camera,
      SignalingClient client,
      String cameraId,
      FeedState refusal,
      String label)
      throws Exception {
    InetSocketAddress at = new InetSocketAddress(LOOPBACK, camera.port());
    AtomicInteger connects = new AtomicInteger();
    Recorder states = new Recorder();
    try (SessionSupervisor supervisor =
        new SessionSupervisor(
            "refused",
            f -> {
              connects.incrementAndGet();
              return client.connect(at, cameraId, f);
            },
            f -> {},
            Clock.systemUTC())) {
      supervisor.addListener(states).start();
      SessionSupervisor.Event refused = states.next(refusal, 15_000);
      assertThat(refused).as("refused: " + states.events).isNotNull();
      assertThat(refused.reason()).isNotEmpty();
      assertThat(refusal.label()).isEqualTo(label);
      Thread.sleep(3 * SessionSupervisor.MAX_BACKOFF.toMillis());
      assertThat(connects.get()).as("no retry after the refusal").isEqualTo(1);
      assertThat(supervisor.state()).isEqualTo(refusal);
      assertThat(supervisor.everLive()).isFalse();
    }
    assertThat(states.next(FeedState.CLOSED, 1_000)).isNotNull();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      return s.getLocalPort();
    }
  }
}
