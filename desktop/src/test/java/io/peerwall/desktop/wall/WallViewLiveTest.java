package io.peerwall.desktop.wall;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.CameraAgent;
import io.peerwall.decoder.ClipCache;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.station.feed.CameraFeed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The wall on a headless JavaFX (Monocle): tiles fed by real camera agents over real sessions show
 * pictures that change over time, and say that they are live.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(90)
class WallViewLiveTest {
  private static final String PASSWORD = "violet anchor ninety quietly sings";
  private static final List<CameraAgent> cameras = new ArrayList<>();
  private static final List<CameraFeed> feeds = new ArrayList<>();
  private static Path dataDir;
  private WallView wall;

  @BeforeAll
  static void startCameras() throws Exception {
    dataDir = Files.createTempDirectory("peerwall-wall-test");
    ClipCache cache = new ClipCache(dataDir);
    SignalingClient client = new SignalingClient(SignalingClient.Config.loopback());
    for (int i = 1; i <= 2; i++) {
      String name = "Wall " + i;
      CameraCredentials credentials = CameraCredentials.ephemeral();
      credentials.setPassword(PASSWORD.toCharArray(), List.of(name));
      CameraAgent agent =
          new CameraAgent(
              SignalingServer.Config.loopback(name, credentials),
              new ClipReplaySource(name, cache.getOrEncode(SyntheticClipSpec.defaults(name))));
      agent.start();
      cameras.add(agent);
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
      client.pair(address, agent.cameraId(), PASSWORD.toCharArray());
      feeds.add(
          new CameraFeed(agent.cameraId(), name, address, client, Clock.systemUTC(), 320, 180));
    }
    feeds.forEach(CameraFeed::start);
  }

  @AfterAll
  static void stopCameras() {
    feeds.forEach(CameraFeed::close);
    cameras.forEach(CameraAgent::close);
  }

  @Start
  void start(Stage stage) {
    wall =
        new WallView(
            new WallViewModel(feeds, Texts.of(Locale.ENGLISH), Clock.systemUTC()),
            Clock.systemUTC());
    Scene scene = new Scene(wall, 800, 480);
    Theme.apply(scene);
    stage.setScene(scene);
    stage.show();
    wall.start();
  }

  @Test
  void tilesShowLivePicturesThatChange() throws Exception {
    waitUntil(() -> allTilesHaveAnImage(), 20);
    List<int[]> first = WaitForAsyncUtils.asyncFx(this::sampleTiles).get(5, TimeUnit.SECONDS);
    Thread.sleep(500);
    List<int[]> later = WaitForAsyncUtils.asyncFx(this::sampleTiles).get(5, TimeUnit.SECONDS);

    assertThat(first).hasSize(2);
    for (int i = 0; i < first.size(); i++) {
      assertThat(changedPixels(first.get(i), later.get(i)))
          .as("pixels of tile %d changed over half a second", i + 1)
          .isGreaterThan(50);
    }
    waitUntil(() -> statusTexts().stream().allMatch(s -> s.startsWith("live")), 10);
    assertThat(feeds)
        .allSatisfy(f -> assertThat(f.stats().snapshot().framesDisplayed()).isPositive());
  }

  private boolean allTilesHaveAnImage() {
    try {
      return WaitForAsyncUtils.asyncFx(() -> videos().stream().allMatch(v -> v.getImage() != null))
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Set<ImageView> videos() {
    return wall.lookupAll(".tile-video").stream()
        .map(ImageView.class::cast)
        .collect(java.util.stream.Collectors.toSet());
  }

  private List<String> statusTexts() {
    try {
      return WaitForAsyncUtils.asyncFx(
              () ->
                  wall.lookupAll(".tile-status").stream().map(n -> ((Label) n).getText()).toList())
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Every 4th pixel of each tile's current image, in tile order. */
  private List<int[]> sampleTiles() {
    List<int[]> samples = new ArrayList<>();
    for (Object node : wall.lookupAll(".tile-video")) {
      Image image = ((ImageView) node).getImage();
      PixelReader reader = image.getPixelReader();
      int w = (int) image.getWidth();
      int h = (int) image.getHeight();
      int[] values = new int[(w / 4) * (h / 4)];
      int k = 0;
      for (int y = 0; y < h / 4; y++) {
        for (int x = 0; x < w / 4; x++) {
          values[k++] = reader.getArgb(x * 4, y * 4);
        }
      }
      samples.add(values);
    }
    return samples;
  }

  private static int changedPixels(int[] a, int[] b) {
    int n = Math.min(a.length, b.length);
    int changed = 0;
    for (int i = 0; i < n; i++) {
      if (a[i] != b[i]) {
        changed++;
      }
    }
    return changed;
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, int seconds)
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
