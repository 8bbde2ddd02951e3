package io.peerwall.station.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.CameraAgent;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults below the session supervisor, injected through the feed's own seams (its {@link
 * SessionSupervisor.Connector} and its listeners) against a real camera agent and real sessions:
 * every one is a failed attempt that is retried, the tile's state moves on (never frozen in its
 * last state), what the failed attempt built is closed (no thread of it left), and the feed goes
 * live again. And a failure to store the camera's address (the paired cameras' file cannot be
 * written) does not cost the session at all.
 */
@Timeout(120)
class SupervisorFaultTest {
  private static final String PASSWORD = "orchid lantern seventy drifts";
  private static CameraAgent camera;
  private static InetSocketAddress address;

  @BeforeAll
  static void startCamera() throws Exception {
    EncodedClip clip =
        SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Yard").withSize(160, 90));
    CameraCredentials credentials = CameraCredentials.ephemeral();
    credentials.setPassword(PASSWORD.toCharArray(), List.of("Yard"));
    camera =
        new CameraAgent(
            SignalingServer.Config.loopback("Yard", credentials),
            new ClipReplaySource("Yard", clip));
    camera.start();
    address = new InetSocketAddress(InetAddress.getLoopbackAddress(), camera.port());
  }

  @AfterAll
  static void stopCamera() {
    camera.close();
  }

  @Test
  void aRuntimeExceptionFromConnectingIsRetriedAndTheFeedGoesLive() throws Exception {
    SignalingClient client = pairedClient(StationCredentials.ephemeral("st"));
    AtomicInteger attempts = new AtomicInteger();
    List<FeedState> states = new CopyOnWriteArrayList<>();
    try (CameraFeed feed =
        feed(
            frames -> {
              if (attempts.incrementAndGet() <= 2) {
                // As StationTrustStore.save on a full disk threw before it was caught.
                throw new java.io.UncheckedIOException(
                    new java.io.IOException("No space left on device (injected)"));
              }
              return client.connect(address, camera.cameraId(), frames);
            },
            states)) {
      feed.start();
      await(() -> feed.stats().snapshot().framesDecoded() > 5, feed, "frames after two faults");
      assertThat(states)
          .as("said down after each fault, then live: not frozen")
          .containsSubsequence(FeedState.UNREACHABLE, FeedState.UNREACHABLE, FeedState.LIVE);
      assertThat(feed.unexpectedFailures()).isEqualTo(2);
      assertThat(feed.reconnects()).isEqualTo(2);
    }
  }

  @Test
  void anErrorFromConnectingIsRetriedToo() throws Exception {
    SignalingClient client = pairedClient(StationCredentials.ephemeral("st"));
    AtomicInteger attempts = new AtomicInteger();
    try (CameraFeed feed =
        feed(
            frames -> {
              if (attempts.incrementAndGet() == 1) {
                // As a decoder's natives failing to load would.
                throw new NoClassDefFoundError("org/bytedeco/ffmpeg/global/avcodec (injected)");
              }
              return client.connect(address, camera.cameraId(), frames);
            },
            new CopyOnWriteArrayList<>())) {
      feed.start();
      await(() -> feed.stats().snapshot().framesDecoded() > 5, feed, "frames after an Error");
      assertThat(feed.unexpectedFailures()).isEqualTo(1);
      assertThat(feed.lastFailure()).contains("NoClassDefFoundError");
    }
  }

  @Test
  void aSessionWhoseListenerFailsIsClosedWithItsThreadsAndReplaced() throws Exception {
    SignalingClient client = pairedClient(StationCredentials.ephemeral("st"));
    List<StationSession> sessions = new CopyOnWriteArrayList<>();
    AtomicInteger endedFaults = new AtomicInteger();
    List<FeedState> states = new CopyOnWriteArrayList<>();
    try (CameraFeed feed =
        feed(frames -> client.connect(address, camera.cameraId(), frames), states)) {
      feed.addListener(
          new SessionSupervisor.Listener() {
            @Override
            public void sessionStarted(StationSession session) {
              sessions.add(session);
              if (sessions.size() == 1) {
                throw new IllegalStateException("a bug in a listener (injected)");
              }
            }

            @Override
            public void sessionEnded() {
              if (endedFaults.incrementAndGet() == 1) {
                throw new IllegalStateException("a bug while ending (injected)");
              }
            }
          });
      feed.start();
      await(() -> feed.stats().snapshot().framesDecoded() > 5, feed, "frames from the second");
      assertThat(sessions).hasSize(2);
      StationSession failed = sessions.get(0);
      assertThat(failed.isClosed()).isTrue();
      assertThat(sessions.get(1).isClosed()).isFalse();
      await(() -> threadsOf(failed).isEmpty(), feed, "threads of the failed session to end");
      assertThat(threadsOf(sessions.get(1))).as("the live session's threads").isNotEmpty();
      assertThat(feed.unexpectedFailures()).isEqualTo(2);
      assertThat(states).containsSubsequence(FeedState.UNREACHABLE, FeedState.LIVE);
    }
  }

  @Test
  void aPairedCamerasFileThatCannotBeWrittenDoesNotCostTheSession(@TempDir Path dir)
      throws Exception {
    Path stationDir = dir.resolve("station");
    StationCredentials station = StationCredentials.open(stationDir, "st");
    SignalingClient client = pairedClient(station);
    // The camera was last reached elsewhere, so this session wants to store its new address...
    station.trust().updateAddress(camera.cameraId(), "192.0.2.1:7700");
    // ...and the directory is gone, a file in its place: writing there fails, even as root.
    try (var files = Files.list(stationDir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(stationDir);
    Files.writeString(stationDir, "not a directory");
    List<StationSession> sessions = new CopyOnWriteArrayList<>();
    try (CameraFeed feed =
        feed(
            frames -> client.connect(address, camera.cameraId(), frames),
            new CopyOnWriteArrayList<>())) {
      feed.addListener(
          new SessionSupervisor.Listener() {
            @Override
            public void sessionStarted(StationSession session) {
              sessions.add(session);
            }
          });
      feed.start();
      await(() -> feed.stats().snapshot().framesDecoded() > 5, feed, "frames");
      assertThat(sessions).hasSize(1);
      assertThat(feed.reconnects()).isZero();
      assertThat(feed.unexpectedFailures()).isZero();
    }
  }

  private static CameraFeed feed(SessionSupervisor.Connector connector, List<FeedState> states) {
    CameraFeed feed =
        new CameraFeed(
            camera.cameraId(),
            "Yard",
            connector,
            io.peerwall.p2p.media.MediaConfig.defaults(),
            Clock.systemUTC(),
            160,
            90);
    feed.addListener(
        new SessionSupervisor.Listener() {
          @Override
          public void stateChanged(SessionSupervisor.Event event) {
            states.add(event.state());
          }
        });
    return feed;
  }

  private static SignalingClient pairedClient(StationCredentials station) throws Exception {
    SignalingClient client =
        new SignalingClient(SignalingClient.Config.loopback().withCredentials(station));
    camera.pairLocally(client, PASSWORD.toCharArray());
    return client;
  }

  /** Live threads of a station session (p2p names them after the session's ID). */
  private static List<String> threadsOf(StationSession session) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("p2p-") && n.endsWith("-" + session.id()))
        .toList();
  }

  private static void await(BooleanSupplier condition, CameraFeed feed, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime())
          .as("waiting for %s; state %s, last failure %s", what, feed.state(), feed.lastFailure())
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
