package io.peerwall.station.run;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.peerwall.camera.CameraAgent;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.ErrorPolicy;
import io.peerwall.cli.ExitCode;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.identity.PublicIdentity;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.pairing.StationTrustStore;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.station.StationSetup;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.feed.SessionSupervisor;
import io.peerwall.station.reach.StationFeeds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * A paired camera is reset (a new identity, so a new ID) and serves again at the address it was
 * paired at: the station says "key changed" and stops there, it never takes the new identity for
 * the paired one. Real camera agents, real sessions on loopback, the station's real trust store on
 * disk; the feed is made the way the station makes it ({@link StationFeeds}).
 */
@Timeout(120)
class ResetCameraTest {
  private static final String PASSWORD = "orchid lantern seventy drifts";
  private static EncodedClip clip;

  @TempDir Path dir;

  @BeforeAll
  static void encode() {
    clip = SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Porch").withSize(160, 90));
  }

  @Test
  void aResetCameraAtThePairedAddressIsKeyChangedAndNeverRepinned() throws Exception {
    int port = freePort();
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    AppDirs dirs = AppDirs.resolve(dir, Map.of(), dir).ensureUsable();
    StationCredentials station = StationSetup.open(dirs);
    ListAppender<ILoggingEvent> log = capture(SessionSupervisor.class);
    String pairedId;
    PublicIdentity pairedKey;
    CameraFeed feed;
    StationFeeds feeds = new StationFeeds(station, Clock.systemUTC(), null);
    try (CameraAgent before = camera(port)) {
      pairedId = before.cameraId();
      pairedKey = before.credentials().identity().publicIdentity();
      before.pairLocally(
          new SignalingClient(SignalingClient.Config.loopback().withCredentials(station)),
          PASSWORD.toCharArray());
      feed = feeds.create(pairedId, "Porch", address);
      feed.start();
      await(() -> feed.stats().snapshot().framesDecoded() > 5, "decoded frames");
    }
    try (feeds;
        feed;
        CameraAgent reset = camera(port)) {
      assertThat(reset.cameraId()).isNotEqualTo(pairedId);
      await(() -> feed.state() == FeedState.KEY_CHANGED, "key changed, was " + feed.state());
      assertThat(feed.lastFailure()).contains(pairedId).contains(reset.cameraId());

      // Stopped: nothing retries while the person decides.
      long admitted = admitted(reset);
      Thread.sleep(3 * SessionSupervisor.MAX_BACKOFF.toMillis());
      assertThat(admitted(reset)).as("no attempt after the refusal").isEqualTo(admitted);
      assertThat(feed.state()).isEqualTo(FeedState.KEY_CHANGED);
      assertThat(reset.activeSessions()).isZero();

      // Not re-pinned, in memory or on disk.
      assertThat(station.trust().camera(reset.cameraId())).isNull();
      assertThat(station.trust().camera(pairedId).key()).isEqualTo(pairedKey);
      StationTrustStore onDisk = StationTrustStore.open(StationSetup.dir(dirs));
      assertThat(onDisk.cameras()).extracting(p -> p.id()).containsExactly(pairedId);

      // Said at WARN, with what to do.
      assertThat(log.list)
          .filteredOn(e -> e.getLevel() == Level.WARN)
          .extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(
              m ->
                  assertThat(m)
                      .contains("KEY CHANGED")
                      .contains(reset.cameraId())
                      .contains("reset on purpose")
                      .contains("pair it again"));
    } finally {
      release(log, SessionSupervisor.class);
    }
  }

  @Test
  void theHeadlessStationExitsThirteenAtOnceWhenEveryCameraIsRefused() throws Exception {
    int port = freePort();
    Path data = dir.resolve("station");
    try (CameraAgent before = camera(port)) {
      // Paired as `peerwall pair` does: the key and the address pinned in the data directory.
      StationCredentials station =
          StationSetup.open(AppDirs.resolve(data, Map.of(), dir).ensureUsable());
      before.pairLocally(
          new SignalingClient(SignalingClient.Config.loopback().withCredentials(station)),
          PASSWORD.toCharArray());
      assertThat(station.trust().camera(before.cameraId()).address())
          .isEqualTo("127.0.0.1:" + port);
    }
    try (CameraAgent reset = camera(port)) {
      StationCommand station = new StationCommand();
      long t0 = System.nanoTime();
      Run watched =
          run(
              station,
              out -> station.out = out,
              "--headless",
              "--no-record",
              "--duration",
              "60s",
              "--status-interval",
              "1s",
              "--data-dir",
              data.toString());
      long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
      System.out.println("headless station, reset camera:\n" + watched.out());
      assertThat(watched.exit()).as(watched.out()).isEqualTo(ExitCode.KEY_MISMATCH);
      assertThat(seconds)
          .as("stops once every camera refused, not after --duration")
          .isLessThan(30);
      assertThat(watched.out())
          .contains("camera Porch: KEY CHANGED")
          .contains(reset.cameraId())
          .contains("pair it again")
          .doesNotContain("could not be reached");
    }
  }

  private record Run(int exit, String out) {}

  private static Run run(
      Object command, java.util.function.Consumer<PrintStream> setOut, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    setOut.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    ErrorPolicy errors = new ErrorPolicy();
    int exit =
        new CommandLine(command)
            .setExecutionExceptionHandler(errors)
            .setParameterExceptionHandler(errors)
            .execute(args);
    return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
  }

  /** A camera agent called Porch on {@code port}, with a fresh identity each time (a reset). */
  private static CameraAgent camera(int port) throws Exception {
    CameraCredentials credentials = CameraCredentials.ephemeral();
    credentials.setPassword(PASSWORD.toCharArray(), List.of("Porch"));
    CameraAgent agent =
        new CameraAgent(
            SignalingServer.Config.loopback("Porch", credentials).withPort(port),
            new ClipReplaySource("Porch", clip));
    agent.start();
    return agent;
  }

  private static long admitted(CameraAgent agent) {
    return agent.signalingServer().connectionStats().admitted();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  static ListAppender<ILoggingEvent> capture(Class<?> type) {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(type)).addAppender(appender);
    return appender;
  }

  static void release(ListAppender<ILoggingEvent> appender, Class<?> type) {
    ((Logger) LoggerFactory.getLogger(type)).detachAppender(appender);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
