package io.peerwall.station.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.CameraAgent;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.StopSignal;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.station.StationSetup;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.pairing.StationPairingService;
import io.peerwall.station.reach.StationFeeds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every thread the station starts, seen live (a headless station watching a real camera, with "add
 * camera" browsing): each has its own uncaught-exception handler, the one that logs into
 * peerwall.log, none the JVM's default that prints to stderr; and none is left once the station
 * stopped.
 */
@Timeout(90)
class StationThreadsTest {
  private static final String PASSWORD = "orchid lantern seventy drifts";

  @TempDir Path dir;

  @Test
  void everyStationThreadHasAHandlerAndEndsWithTheStation() throws Exception {
    AppDirs dirs = AppDirs.resolve(dir, Map.of(), dir).ensureUsable();
    StationCredentials station = StationSetup.open(dirs);
    CameraCredentials credentials = CameraCredentials.ephemeral();
    credentials.setPassword(PASSWORD.toCharArray(), List.of("Yard"));
    try (CameraAgent camera =
        new CameraAgent(
            SignalingServer.Config.loopback("Yard", credentials),
            new ClipReplaySource(
                "Yard",
                SyntheticClipEncoder.encode(
                    SyntheticClipSpec.defaults("Yard").withSize(160, 90))))) {
      camera.start();
      camera.pairLocally(
          new SignalingClient(SignalingClient.Config.loopback().withCredentials(station)),
          PASSWORD.toCharArray());
      StationFeeds feeds = new StationFeeds(station, Clock.systemUTC(), null);
      CameraFeed feed =
          feeds.create(
              camera.cameraId(),
              "Yard",
              new InetSocketAddress(InetAddress.getLoopbackAddress(), camera.port()));
      StopSignal stop = new StopSignal();
      try (feeds;
          StationPairingService pairing = StationPairingService.start(station, feeds)) {
        StationRunner runner =
            new StationRunner(
                List.of(feed),
                new StationRunner.Options("t", true, null, null, Duration.ofMillis(200)),
                Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true));
        CompletableFuture<List<FeedReport>> run =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return runner.run(stop, null);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((feed.state() != FeedState.LIVE || ours().size() < 4)
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        List<Thread> ours = ours();
        assertThat(ours)
            .extracting(Thread::getName)
            .contains("station-session-Yard", "station-streams-Yard", "station-status")
            .anyMatch(n -> n.startsWith("station-reach-"));
        assertThat(ours)
            .allSatisfy(
                t ->
                    assertThat(t.getUncaughtExceptionHandler())
                        .as("handler of %s", t.getName())
                        .isNotSameAs(t.getThreadGroup()));
        stop.trigger("test over");
        assertThat(run.get(20, TimeUnit.SECONDS)).hasSize(1);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!ours().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(ours()).as("station threads left after it stopped").isEmpty();
    }
  }

  /** Live threads of the station module (ours by name). */
  private static List<Thread> ours() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith("station-"))
        .toList();
  }
}
