package io.peerwall.desktop.cameras;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.CameraAgent;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.ErrorPolicy;
import io.peerwall.decoder.ClipCache;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.wall.TileViewModel;
import io.peerwall.desktop.wall.WallViewModel;
import io.peerwall.p2p.discovery.DiscoveredCamera;
import io.peerwall.p2p.ice.LocalAddressWatch;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.station.StationSetup;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.network.NetworkSettings;
import io.peerwall.station.pairing.PairingResult.Outcome;
import io.peerwall.station.pairing.StationPairingService;
import io.peerwall.station.reach.LanDirectory;
import io.peerwall.station.reach.StationFeeds;
import io.peerwall.station.reach.StationReach;
import io.peerwall.station.recordings.RecordingSession;
import io.peerwall.station.run.StationCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The station's own "add camera", end to end with a real camera agent on loopback: the dialog's
 * view-model over {@link StationPairingService} with the station's real identity and trust store
 * files, the real SRP pairing, a real recorder. Unknown IDs and wrong passwords are refused in
 * plain words; the right password puts the camera on the wall, live and recorded (the dot lights);
 * and after a restart ({@code peerwall station}) the camera is watched again.
 *
 * <p>Only the mDNS browse is replaced: multicast does not run in the test machines (an in-process
 * JmDNS announce and browse on the LAN interface find nothing there), so the browser returns the
 * camera's announcement as LanDiscovery would, for the configured local address only.
 */
@Timeout(180)
class StationAddCameraTest {
  private static final String PASSWORD = "harbor lantern quietly 42 tides";

  @TempDir Path root;

  /** Stands in for the FX thread: results are applied on the test thread, in order. */
  private final BlockingQueue<Runnable> fx = new LinkedBlockingQueue<>();

  @Test
  void addsACameraByIdAndPasswordWhichComesBackAfterARestart() throws Exception {
    AppDirs dirs = AppDirs.resolve(root, Map.of(), root).ensureUsable();
    new NetworkSettings(List.of(), List.of(), null, List.of("127.0.0.1")).save(dirs);
    CameraCredentials credentials = CameraCredentials.ephemeral();
    credentials.setPassword(PASSWORD.toCharArray(), List.of("Porch"));
    ClipCache cache = new ClipCache(root.resolve("clips"));
    try (CameraAgent porch =
        new CameraAgent(
            SignalingServer.Config.loopback("Porch", credentials),
            new ClipReplaySource(
                "Porch", cache.getOrEncode(SyntheticClipSpec.defaults("Porch"))))) {
      porch.start();
      InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), porch.port());
      LanDirectory.Browser lan =
          (local, wait) ->
              local.isLoopbackAddress()
                  ? List.of(new DiscoveredCamera(porch.cameraId(), "Porch Q7", at))
                  : List.of();
      String id = porch.cameraId();

      StationCredentials station = StationSetup.open(dirs);
      try (StationReach reach =
              StationReach.start(
                  NetworkSettings.load(dirs),
                  null,
                  station,
                  lan,
                  LocalAddressWatch.start(),
                  Clock.systemUTC());
          RecordingSession recording =
              RecordingSession.open(dirs.data(), RecorderConfig.defaults(), quiet());
          StationPairingService pairing =
              StationPairingService.start(
                  station, new StationFeeds(reach, Clock.systemUTC(), recording::record))) {
        Texts texts = Texts.of(Locale.ENGLISH);
        WallViewModel wall =
            new WallViewModel(List.of(), texts, Clock.systemUTC(), ZoneOffset.UTC, () -> 0, null);
        AddCameraViewModel dialog =
            new AddCameraViewModel(pairing, texts, fx::add, f -> wall.addCamera(f, ZoneOffset.UTC));

        waitUntil(() -> !pairing.discovered().isEmpty(), 30); // the first browse, off this thread
        dialog.refreshDiscovered();
        assertThat(dialog.discovered()).extracting(d -> d.cameraId()).containsExactly(id);

        String stranger = CameraCredentials.ephemeral().cameraId();
        assertThat(pair(dialog, stranger, PASSWORD)).isEqualTo(Outcome.NOT_FOUND);
        assertThat(dialog.resultProperty().get())
            .isEqualTo("No camera answers for this ID. Check the ID, and that the camera is on.");

        dialog.choose(dialog.discovered().get(0));
        assertThat(pair(dialog, id, "wrong horse battery 9")).isEqualTo(Outcome.WRONG_PASSWORD);
        assertThat(dialog.resultProperty().get())
            .isEqualTo("The camera refused the password. Check it and try again.");
        assertThat(StationSetup.open(dirs).trust().camera(id)).isNull();
        assertThat(wall.cameras()).isEmpty();

        Thread.sleep(1_200); // the camera's throttle: one try per second after a failure
        Outcome outcome = pair(dialog, id, PASSWORD);
        while (outcome == Outcome.TRY_LATER) { // the machine was slower than the throttle
          Thread.sleep(500);
          outcome = pair(dialog, id, PASSWORD);
        }
        assertThat(outcome).isEqualTo(Outcome.PAIRED);
        assertThat(dialog.resultProperty().get()).isEqualTo("Porch was added.");
        assertThat(dialog.pairedProperty().get()).isTrue();
        assertThat(wall.slots()).containsExactly(id);
        assertThat(dialog.discovered()).as("a paired camera is no longer offered").isEmpty();

        TileViewModel tile = wall.tile(id);
        waitUntil(
            () -> {
              wall.refresh(System.nanoTime());
              return tile.liveProperty().get() && tile.recordingProperty().get();
            },
            60);
        assertThat(tile.feed().state()).isEqualTo(FeedState.LIVE);
        assertThat(tile.recordingNoteProperty().get()).isEmpty();

        PairedPeer pinned = StationSetup.open(dirs).trust().camera(id);
        assertThat(pinned).as("pinned in cameras.json").isNotNull();
        assertThat(pinned.address()).isEqualTo("127.0.0.1:" + porch.port());
        assertThat(pair(dialog, id, PASSWORD)).isEqualTo(Outcome.ALREADY_PAIRED);
      }

      // A restart: the station watches every paired camera, the added one included.
      // Exit 0 only if every paired camera went live.
      ErrorPolicy errors = new ErrorPolicy();
      int exit =
          new CommandLine(new StationCommand())
              .setExecutionExceptionHandler(errors)
              .setParameterExceptionHandler(errors)
              .execute(
                  "--headless",
                  "--duration",
                  "5s",
                  "--status-interval",
                  "2s",
                  "--data-dir",
                  root.toString());
      assertThat(exit).isZero();
    }
  }

  /** Enters the ID and password, pairs, and applies every result the pairing sends back. */
  private Outcome pair(AddCameraViewModel dialog, String id, String password) throws Exception {
    dialog.cameraIdProperty().set(id);
    dialog.passwordProperty().set(password);
    dialog.pair();
    assertThat(dialog.busyProperty().get()).isTrue();
    while (dialog.busyProperty().get()) {
      Runnable next = fx.poll(60, TimeUnit.SECONDS);
      assertThat(next).as("the pairing answers").isNotNull();
      next.run();
    }
    return dialog.outcomeProperty().get();
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  private static void waitUntil(BooleanSupplier condition, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + seconds + " s");
      }
      Thread.sleep(50);
    }
  }
}
