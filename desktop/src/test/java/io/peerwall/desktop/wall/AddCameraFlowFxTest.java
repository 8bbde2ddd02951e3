package io.peerwall.desktop.wall;

import static io.peerwall.desktop.wall.WallViewFxTest.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.CameraAgent;
import io.peerwall.cli.AppDirs;
import io.peerwall.decoder.ClipCache;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.desktop.cameras.AddCameraView;
import io.peerwall.desktop.cameras.AddCameraViewModel;
import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.p2p.discovery.DiscoveredCamera;
import io.peerwall.p2p.ice.LocalAddressWatch;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.station.StationSetup;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.network.NetworkSettings;
import io.peerwall.station.pairing.StationPairingService;
import io.peerwall.station.reach.StationFeeds;
import io.peerwall.station.reach.StationReach;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The add-camera flow on headless JavaFX with a real camera agent: pick the discovered camera, a
 * wrong password is refused in plain words, the right one adds the camera, whose tile goes live.
 * Pairing is the station's own ({@link StationPairingService}, real SRP exchange, key pinned in a
 * real {@code cameras.json}); only the mDNS browse is handed in, as in {@code StationAddCameraTest}
 * (multicast does not run on the test machines).
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(90)
class AddCameraFlowFxTest {
  private static final String PASSWORD = "harbor lantern quietly 42 tides";
  private static CameraAgent porch;
  private static StationReach reach;
  private static StationPairingService pairing;
  private static StationCredentials station;
  private WallViewModel model;
  private AddCameraViewModel adding;
  private Stage dialog;

  @BeforeAll
  static void startCamera() throws Exception {
    Path dir = Files.createTempDirectory("peerwall-add-camera");
    ClipCache cache = new ClipCache(dir);
    CameraCredentials credentials = CameraCredentials.ephemeral();
    credentials.setPassword(PASSWORD.toCharArray(), List.of("Porch"));
    porch =
        new CameraAgent(
            SignalingServer.Config.loopback("Porch", credentials),
            new ClipReplaySource("Porch", cache.getOrEncode(SyntheticClipSpec.defaults("Porch"))));
    porch.start();
    AppDirs dirs = AppDirs.resolve(dir, Map.of(), dir).ensureUsable();
    new NetworkSettings(List.of(), List.of(), null, List.of("127.0.0.1")).save(dirs);
    station = StationSetup.open(dirs);
    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), porch.port());
    reach =
        StationReach.start(
            NetworkSettings.load(dirs),
            null,
            station,
            (local, wait) ->
                local.isLoopbackAddress()
                    ? List.of(new DiscoveredCamera(porch.cameraId(), "Porch", at))
                    : List.of(),
            LocalAddressWatch.start(),
            Clock.systemUTC());
    pairing =
        StationPairingService.start(station, new StationFeeds(reach, Clock.systemUTC(), null));
    waitUntil(() -> !pairing.discovered().isEmpty(), 30); // the first browse, off this thread
  }

  @AfterAll
  static void stopCamera() {
    pairing.close();
    reach.close();
    porch.close();
  }

  @Start
  void start(Stage stage) {
    Texts texts = Texts.of(Locale.ENGLISH);
    ScriptedFeed hall = new ScriptedFeed("hall", "Hall");
    model =
        new WallViewModel(List.of(hall), texts, Clock.systemUTC(), ZoneOffset.UTC, () -> 0, null);
    model.selectLayout(Layout.byId("2x2").orElseThrow());
    WallView wall = new WallView(model, Clock.systemUTC(), () -> {});
    Scene scene = new Scene(wall, 900, 560);
    Theme.apply(scene);
    stage.setScene(scene);
    stage.show();
    wall.start();
    adding =
        new AddCameraViewModel(
            pairing, texts, Platform::runLater, f -> model.addCamera(f, ZoneOffset.UTC));
    dialog = AddCameraView.open(stage, adding, texts);
  }

  /** Each test opens its own dialog: a dialog left open would take the next test's clicks. */
  @AfterEach
  void closeDialog() throws Exception {
    fx(
        () -> {
          dialog.close();
          return null;
        });
  }

  /**
   * The station's trust store holds its monitor while it writes and syncs {@code cameras.json}; on
   * a slow disk that lasts. Here another thread holds it 300 ms, as such a save would, while the FX
   * thread refreshes the dialog's list and opens another dialog: the FX watchdog (every desktop
   * test) fails the test if the FX thread waited for it.
   */
  @Test
  void theDialogNeverWaitsWhileTheStationSavesItsCameras() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    Thread saver =
        new Thread(
            () -> {
              synchronized (station.trust()) {
                held.countDown();
                try {
                  Thread.sleep(300);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            },
            "slow-cameras-save");
    saver.start();
    assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
    List<String> listed =
        fx(
            () -> {
              adding.refreshDiscovered();
              new AddCameraViewModel(
                  pairing, Texts.of(Locale.ENGLISH), Platform::runLater, f -> {});
              return adding.discovered().stream().map(DiscoveredCamera::cameraId).toList();
            });
    saver.join();
    boolean paired = station.trust().camera(porch.cameraId()) != null;
    assertThat(listed.contains(porch.cameraId())).as("listed while not paired").isEqualTo(!paired);
  }

  @Test
  void addsADiscoveredCameraByIdAndPassword(FxRobot robot) throws Exception {
    String id = porch.cameraId();
    robot.clickOn("Porch  —  " + id);
    assertThat(fx(() -> robot.lookup("#camera-id").queryTextInputControl().getText()))
        .isEqualTo(id);
    robot.clickOn("#camera-password").write("admin");
    assertThat(fx(() -> ((Label) robot.lookup(".strength-text").query()).getText()))
        .startsWith("very weak: a known factory default");
    fx(
        () -> {
          robot.lookup("#camera-password").queryTextInputControl().setText("wrong horse battery 9");
          return null;
        });
    robot.clickOn("#pair-button");
    waitUntil(() -> text(robot, "#pairing-result").startsWith("The camera refused"), 10);
    Thread.sleep(1_200); // the camera's throttle: one try per second after a failure

    fx(
        () -> {
          robot.lookup("#camera-password").queryTextInputControl().setText(PASSWORD);
          return null;
        });
    robot.clickOn("#pair-button");
    waitUntil(() -> text(robot, "#pairing-result").equals("Porch was added."), 30);
    assertThat(fx(() -> new java.util.ArrayList<>(model.slots()))).contains(id);
    TileViewModel tile = fx(() -> model.tile(id));
    waitUntil(() -> tile.feed().state() == FeedState.LIVE, 20);
    waitUntil(() -> tile.feed().stats().snapshot().framesDisplayed() > 5, 20);
    fx(
        () -> {
          dialog.close();
          return null;
        });
  }

  private static String text(FxRobot robot, String query) {
    try {
      return fx(() -> ((Label) robot.lookup(query).query()).getText());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static void waitUntil(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + seconds + " s");
      }
      Thread.sleep(50);
    }
  }
}
