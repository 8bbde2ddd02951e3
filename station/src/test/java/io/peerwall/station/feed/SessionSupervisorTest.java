package io.peerwall.station.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.CameraAgent;
import io.peerwall.camera.cli.CameraMain;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.lab.ChildJvm;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.p2p.testutil.TestPeers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The station's session supervisor against real cameras (real signaling, ICE, DTLS and SRTP on
 * loopback): network failures are retried with the backoff until the camera answers, a restarted
 * camera process ({@code peerwall camera serve}, killed and started again) gets its next attempt
 * within the backoff's longest delay and goes live, and refusals that retrying cannot fix stop the
 * retries and say which they are. The cameras are the agent {@code camera serve} runs ({@link
 * CameraAgent}), in this JVM or as the command in a child process.
 */
@Timeout(120)
class SessionSupervisorTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final String SOURCE = "testpattern:160x90@15";
  private static EncodedClip clip;
  private static final List<CameraAgent> agents = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void encodeClip() throws Exception {
    clip = SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Clip").withSize(160, 90));
  }

  @AfterAll
  static void stopCameras() {
    agents.forEach(CameraAgent::close);
  }

  /** The camera agent {@code camera serve} runs, with {@link TestPeers#PASSWORD}, not started. */
  private static CameraAgent agent(String name, CameraCredentials credentials, int port) {
    return new CameraAgent(
        SignalingServer.Config.loopback(name, credentials).withPort(port),
        new ClipReplaySource(name, clip));
  }

  /** A started camera agent, closed after all tests. */
  private static CameraAgent started(String name) throws Exception {
    CameraAgent a = agent(name, TestPeers.camera(), 0);
    agents.add(a);
    a.start();
    return a;
  }

  /** A fresh station paired with {@code camera} over the real protocol. */
  private static SignalingClient pairedWith(CameraAgent camera) throws Exception {
    SignalingClient client =
        new SignalingClient(
            SignalingClient.Config.loopback()
                .withCredentials(StationCredentials.ephemeral("test station")));
    client.pair(
        new InetSocketAddress(LOOPBACK, camera.port()),
        camera.cameraId(),
        TestPeers.PASSWORD.toCharArray());
    return client;
  }

  /** {@code peerwall camera ARGS} in a child JVM, as the launcher runs it. */
  private static ChildJvm camera(String... args) throws Exception {
    return ChildJvm.start(null, CameraMain.class, args);
  }

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

  /**
   * What the supervisor did, in order, from its own thread: each connection attempt, its failure,
   * each backoff wait with the delay it chose, a session going live and ending; and marks the test
   * sets from its own thread ("back": the camera answers again).
   */
  private static final class Timeline implements SessionSupervisor.Listener {
    private final List<String> steps = new ArrayList<>();

    synchronized void add(String step) {
      steps.add(step);
    }

    synchronized List<String> steps() {
      return List.copyOf(steps);
    }

    /**
     * The steps after the last {@code mark}, up to and including the first {@code last} after it.
     */
    synchronized List<String> between(String mark, String last) {
      List<String> after = steps.subList(steps.lastIndexOf(mark) + 1, steps.size());
      int end = after.indexOf(last);
      return List.copyOf(end < 0 ? after : after.subList(0, end + 1));
    }

    /** The delays of every wait, in milliseconds. */
    synchronized List<Long> waits() {
      return waitsAfterFirst(null);
    }

    /**
     * The delays of the waits after the first {@code first} step (all if null), in milliseconds.
     */
    synchronized List<Long> waitsAfterFirst(String first) {
      return steps.subList(first == null ? 0 : steps.indexOf(first) + 1, steps.size()).stream()
          .filter(step -> step.startsWith("wait "))
          .map(step -> Long.parseLong(step.substring("wait ".length())))
          .toList();
    }

    SessionSupervisor.Connector recording(SessionSupervisor.Connector connector) {
      return frames -> {
        add("attempt");
        try {
          return connector.connect(frames);
        } catch (IOException | RuntimeException e) {
          add("failed");
          throw e;
        }
      };
    }

    SessionSupervisor.Backoff recordingSleep() {
      return (delay, pause) -> {
        add("wait " + delay.toMillis());
        return SessionSupervisor.Backoff.SLEEP.await(delay, pause);
      };
    }

    @Override
    public void sessionStarted(StationSession session) {
      add("live");
    }

    @Override
    public void sessionEnded() {
      add("ended");
    }
  }

  /** The backoff schedule's first {@code n} delays: 250 ms doubling up to 2 s. */
  private static List<Long> schedule(int n) {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      delays.add(
          Math.min(
              SessionSupervisor.MAX_BACKOFF.toMillis(),
              SessionSupervisor.INITIAL_BACKOFF.toMillis() << Math.min(i, 16)));
    }
    return delays;
  }

  /**
   * The product promise after a camera restart: once the camera answers again, the supervisor makes
   * its next attempt after at most one backoff wait (never longer than {@link
   * SessionSupervisor#MAX_BACKOFF}, the schedule restarting at {@link
   * SessionSupervisor#INITIAL_BACKOFF} after a live session), and that attempt goes live. Asserted
   * on the supervisor's own steps, so a loaded machine cannot fail it by connecting slowly; the
   * wall-clock time from the camera's return to live is a benchmark figure ({@code peerwall bench
   * session}, docs/benchmarks.md), printed here for information.
   */
  @Test
  void cameraProcessKilledAndRestartedGetsItsNextAttemptWithinTheMaxBackoffAndGoesLive(
      @TempDir Path dir) throws Exception {
    int port = freePort();
    Path data = dir.resolve("camera-data");
    Path password = Files.writeString(dir.resolve("password"), TestPeers.PASSWORD + "\n");
    Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
    String cameraId;
    try (ChildJvm init =
        camera(
            "init",
            "--data-dir",
            data.toString(),
            "--name",
            "Porch",
            "--password-file",
            password.toString(),
            "--bind",
            "127.0.0.1",
            "--port",
            String.valueOf(port))) {
      String id = init.await("Camera ID: ", 60_000);
      assertThat(id).as(init.errTail()).isNotNull();
      cameraId = id.substring("Camera ID: ".length()).strip();
      assertThat(init.waitFor(30_000)).as(init.errTail()).isTrue();
    }
    String[] serve = {
      "serve", "--data-dir", data.toString(), "--name", "Porch", "--source", SOURCE
    };
    ChildJvm cam = camera(serve);
    try {
      assertThat(cam.await("Camera ID: " + cameraId, 60_000)).as(cam.errTail()).isNotNull();
      InetSocketAddress at = new InetSocketAddress(LOOPBACK, port);
      SignalingClient client =
          new SignalingClient(
              SignalingClient.Config.loopback()
                  .withCredentials(StationCredentials.ephemeral("st"))
                  .withDeadAfter(Duration.ofSeconds(3)));
      client.pair(at, cameraId, TestPeers.PASSWORD.toCharArray());
      Recorder states = new Recorder();
      Timeline timeline = new Timeline();
      BlockingQueue<EncodedFrame> frames = new LinkedBlockingQueue<>();
      try (SessionSupervisor supervisor =
          new SessionSupervisor(
              "restarted",
              timeline.recording(f -> client.connect(at, cameraId, f)),
              frames::add,
              Clock.systemUTC(),
              timeline.recordingSleep())) {
        supervisor.addListener(states).addListener(timeline).start();
        assertThat(states.next(FeedState.LIVE, 15_000)).isNotNull();
        assertThat(frames.poll(5, TimeUnit.SECONDS)).isNotNull();

        cam.kill();
        SessionSupervisor.Event lost = states.next(FeedState.RECONNECTING, 10_000);
        assertThat(lost).isNotNull();
        assertThat(lost.attempt()).isPositive();

        cam = camera(serve);
        assertThat(cam.await("Camera ID: " + cameraId, 60_000)).as(cam.errTail()).isNotNull();
        timeline.add("back");
        long back = System.nanoTime();
        SessionSupervisor.Event live = states.next(FeedState.LIVE, 15_000);
        long ms = (System.nanoTime() - back) / 1_000_000;
        assertThat(live).as("live again: %s", timeline.steps()).isNotNull();
        System.out.println(
            "camera back -> live again: " + ms + " ms (benchmark figure: bench session)");

        // After the camera's return: at most one wait, then an attempt that goes live. (The attempt
        // in flight when it returned may fail first, or go live itself.)
        List<String> sinceBack = timeline.between("back", "live");
        assertThat(String.join(" ", sinceBack))
            .as("the supervisor's steps after the camera came back: %s", timeline.steps())
            .matches("live|(failed )?(ended )?(wait \\d+ )?attempt live");
        // Every wait since the first session was lost follows the schedule, restarted after live.
        List<Long> waits = timeline.waitsAfterFirst("live");
        assertThat(waits).isNotEmpty().isEqualTo(schedule(waits.size()));
        assertThat(waits).allMatch(d -> d <= SessionSupervisor.MAX_BACKOFF.toMillis());

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
    try (CameraAgent before = agent("Later", camera, 0)) {
      before.start();
      client = pairedWith(before);
    }
    try (CameraAgent later = agent("Later", camera, port)) {
      List<Long> attempts = new ArrayList<>();
      AtomicInteger connects = new AtomicInteger();
      Recorder states = new Recorder();
      Timeline timeline = new Timeline();
      InetSocketAddress at = new InetSocketAddress(LOOPBACK, port);
      try (SessionSupervisor supervisor =
          new SessionSupervisor(
              "later",
              timeline.recording(
                  f -> {
                    connects.incrementAndGet();
                    synchronized (attempts) {
                      attempts.add(System.nanoTime());
                    }
                    return client.connect(at, later.cameraId(), f);
                  }),
              f -> {},
              Clock.systemUTC(),
              timeline.recordingSleep())) {
        supervisor.addListener(states).addListener(timeline).start();
        SessionSupervisor.Event first = states.next(FeedState.UNREACHABLE, 5_000);
        assertThat(first).as("never live yet: unreachable").isNotNull();
        assertThat(first.reason()).isNotEmpty();
        // Attempts at about 0, 0.25, 0.75, 1.75 and 3.75 s: wait for the fifth (or time out).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (connects.get() < 5 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(connects.get()).as("still trying").isGreaterThanOrEqualTo(5);
        // The supervisor's own schedule: the delays it chose double from 250 ms up to 2 s ...
        List<Long> waits = timeline.waits();
        assertThat(waits).hasSizeGreaterThanOrEqualTo(4).isEqualTo(schedule(waits.size()));
        // ... and it really waited them: no attempt came sooner than its delay after the last.
        synchronized (attempts) {
          for (int i = 1; i < attempts.size(); i++) {
            long gapMillis = (attempts.get(i) - attempts.get(i - 1)) / 1_000_000;
            assertThat(gapMillis)
                .as("gap before attempt %d", i + 1)
                .isGreaterThanOrEqualTo(schedule(i).get(i - 1));
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
    CameraAgent camera = started("Unpaired");
    SignalingClient stranger =
        new SignalingClient(
            SignalingClient.Config.loopback()
                .withCredentials(StationCredentials.ephemeral("stranger")));
    assertRefusalStops(camera, stranger, camera.cameraId(), FeedState.NOT_PAIRED, "not paired");
  }

  @Test
  void anotherCameraAnsweringAtTheAddressStopsTheRetriesAndSaysKeyChanged() throws Exception {
    CameraAgent paired = started("Paired");
    CameraAgent other = started("Other");
    SignalingClient client = pairedWith(paired);
    // The pinned camera's ID, at the address where another camera answers.
    assertRefusalStops(other, client, paired.cameraId(), FeedState.KEY_CHANGED, "key changed");
  }

  private static void assertRefusalStops(
      CameraAgent camera, SignalingClient client, String cameraId, FeedState refusal, String label)
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
