package io.peerwall.desktop.review;

import static io.peerwall.station.review.ReviewRecordings.FRAME;
import static io.peerwall.station.review.ReviewRecordings.S;
import static io.peerwall.station.review.ReviewRecordings.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.peerwall.decoder.FrameBuffer;
import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.desktop.wall.WallReview;
import io.peerwall.desktop.wall.WallView;
import io.peerwall.desktop.wall.WallViewModel;
import io.peerwall.station.feed.Feed;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.feed.FeedStats;
import io.peerwall.station.feed.TripleBuffer;
import io.peerwall.station.review.ExportSigning;
import io.peerwall.station.review.Ffprobe;
import io.peerwall.station.review.ReviewRecordings;
import io.peerwall.station.review.ReviewSession;
import io.peerwall.station.review.SyncSamples;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The review screen on headless JavaFX (Monocle), on a minute of four cameras the real recorder
 * wrote: opened from the wall with its key, scrubbed on the ruler, played at 4×, jumped to the next
 * motion event, four cameras in sync, and a marked range of two cameras exported and checked with
 * ffprobe.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(120)
class ReviewFxTest {
  @TempDir static Path dataDir;
  @TempDir Path exports;
  // "Now" is 65 s after the recordings began when the wall shows, and moves on from there: the
  // wall opens the review a minute ago.
  private static volatile Duration offset = Duration.ZERO;
  private static final Clock CLOCK =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.now().plus(offset);
        }
      };
  private final AtomicReference<ReviewWindow> review = new AtomicReference<>();
  private final AtomicReference<WallReview.Request> asked = new AtomicReference<>();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private WallView wall;

  @BeforeAll
  static void record() throws Exception {
    ReviewRecordings.make(dataDir);
  }

  @Start
  void start(Stage stage) {
    offset = Duration.between(Instant.now(), Instant.ofEpochMilli((T0 + 65 * S) / 1000));
    List<Feed> feeds = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      feeds.add(new StillFeed("cam-" + i, "Camera " + i));
    }
    Texts texts = Texts.of(Locale.ENGLISH);
    WallViewModel model = new WallViewModel(feeds, texts, CLOCK, ZoneOffset.UTC, () -> 0.1, null);
    model
        .review()
        .setLauncher(
            request -> {
              asked.set(request);
              ReviewWindow.open(
                  new ReviewWindow.Spec(
                      dataDir,
                      request.cameras().stream()
                          .map(c -> new ReviewSession.Camera(c.id(), c.name()))
                          .toList(),
                      request.startMicros(),
                      Map.of(),
                      texts,
                      CLOCK,
                      ZoneOffset.UTC,
                      ExportSigning.none(),
                      exports,
                      request.play()),
                  () -> {},
                  shown -> {
                    shown.stage().setX(0);
                    shown.stage().setY(0);
                    shown.stage().setWidth(1200);
                    shown.stage().setHeight(760);
                    review.set(shown);
                  },
                  failure::set);
            });
    wall = new WallView(model, CLOCK, () -> {});
    Scene scene = new Scene(wall, 800, 500);
    Theme.apply(scene);
    stage.setScene(scene);
    stage.show();
    wall.start();
  }

  @AfterEach
  void closeReview() throws Exception {
    ReviewWindow window = review.get();
    if (window != null) {
      fx(
          () -> {
            window.stage().close();
            return null;
          });
    }
  }

  /** Opens the review from the wall with its key, as a guard would; returns its view. */
  private ReviewView openFromWall(FxRobot robot) throws Exception {
    robot.clickOn(wall.lookup(".slot"));
    robot.type(KeyCode.R);
    await(() -> review.get() != null || failure.get() != null, "the review window");
    assertThat(failure.get()).isNull();
    ReviewView view = review.get().view();
    await(
        () -> tiles(view).stream().allMatch(t -> t.shownMicros() >= 0), "a picture on every tile");
    // The timeline has the focus, so the shortcuts work at once (not the date field).
    assertThat(fx(() -> view.getScene().getFocusOwner())).isSameAs(view.timeline());
    robot.clickOn(tiles(view).get(0));
    return view;
  }

  @Test
  void openedFromTheWallItScrubsPlaysAtFourTimesAndJumpsToMotion(FxRobot robot) throws Exception {
    ReviewView view = openFromWall(robot);
    ReviewViewModel vm = view.model();
    assertThat(tiles(view)).hasSize(4);
    // The cameras of the view, the selected one first, a minute ago (about 5 s into the
    // recordings).
    assertThat(asked.get().cameras())
        .extracting(WallReview.Camera::id)
        .containsExactly("cam-1", "cam-2", "cam-3", "cam-4");
    assertThat(asked.get().startMicros()).isBetween(T0 + 5 * S, T0 + 10 * S);
    assertThat(fx(() -> vm.positionProperty().get())).isEqualTo(asked.get().startMicros());
    // Scrub: drag along the ruler; while dragging the tiles show keyframes (one a second).
    TimelineCanvas timeline = view.timeline();
    fx(
        () -> {
          vm.zoom(60 * S / (double) vm.windowProperty().get().span(), T0 + 30 * S);
          return null;
        });
    robot.moveTo(ruler(timeline, vm, T0 + 12 * S));
    robot.press(MouseButton.PRIMARY);
    robot.moveTo(ruler(timeline, vm, T0 + 25 * S + S / 2));
    robot.moveTo(ruler(timeline, vm, T0 + 37 * S + S / 3));
    await(() -> tiles(view).get(1).shownMicros() >= T0 + 37 * S - 20, "keyframes while dragging");
    assertThat(fx(() -> vm.speedTextProperty().get())).isEqualTo("Scrubbing");
    long keyframe = tiles(view).get(1).shownMicros();
    assertThat(Math.floorMod(keyframe - T0 + 20, S)).isLessThan(40); // on a whole second
    robot.release(MouseButton.PRIMARY);
    long released = fx(() -> vm.positionProperty().get());
    assertThat(released).isBetween(T0 + 37 * S, T0 + 38 * S);
    long exact = lastFrameAtOrBefore(released);
    await(() -> Math.abs(tiles(view).get(1).shownMicros() - exact) <= 20, "the exact frame");
    // The date and time picker follows the playhead.
    var local = TimeScale.at(released, vm.zone());
    assertThat(
            fx(() -> robot.lookup(".review-date .text-field").queryAs(TextField.class).getText()))
        .isEqualTo(local.toLocalDate().toString());
    assertThat(fx(() -> robot.lookup(".review-time").queryAs(TextField.class).getText()))
        .isEqualTo(String.format("%tT", local));

    // Play at 4×: Space, then L twice (1×, 2×, 4×).
    fx(
        () -> {
          vm.seek(T0 + 2 * S);
          return null;
        });
    long shownBefore = tiles(view).get(2).displayed();
    robot.type(KeyCode.SPACE, KeyCode.L, KeyCode.L);
    assertThat(fx(() -> vm.speedTextProperty().get())).isEqualTo("4×");
    long at4 = fx(() -> vm.positionProperty().get());
    long started = System.nanoTime();
    Thread.sleep(1500);
    robot.type(KeyCode.K);
    long after = fx(() -> vm.positionProperty().get());
    double wall = (System.nanoTime() - started) / 1e9;
    // Four seconds of recording a second, up to the pause (the key's own delay included).
    assertThat((after - at4) / 1e6).isBetween(4 * wall * 0.8, 4 * wall * 1.05);
    assertThat(tiles(view).get(2).displayed() - shownBefore).isGreaterThan(40);

    // The next motion event: Page Down.
    fx(
        () -> {
          vm.seek(T0 + S);
          return null;
        });
    robot.type(KeyCode.PAGE_DOWN);
    await(() -> fxQuiet(() -> vm.positionProperty().get()) >= T0 + 10 * S, "the motion event");
    assertThat(fx(() -> vm.positionProperty().get())).isBetween(T0 + 10 * S, T0 + 11 * S);
    assertThat(fx(() -> vm.events().rows().size())).isGreaterThan(0);
  }

  @Test
  void fourCamerasPlayInSync(FxRobot robot) throws Exception {
    ReviewView view = openFromWall(robot);
    robot.type(KeyCode.SPACE);
    SyncSamples samples = new SyncSamples();
    long end = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < end) {
      fx(
          () -> {
            samples.add(
                view.model().positionProperty().get(),
                tiles(view).stream().mapToLong(ReviewTileView::shownMicros).toArray());
            return null;
          });
      Thread.sleep(30);
    }
    robot.type(KeyCode.SPACE);
    samples.assertInSync(FRAME);
    assertThat(fx(() -> view.model().positionProperty().get())).isGreaterThan(T0 + 6 * S);
  }

  @Test
  void aMarkedRangeOfTwoCamerasIsExportedAndChecked(FxRobot robot) throws Exception {
    ReviewView view = openFromWall(robot);
    ReviewViewModel vm = view.model();
    robot.clickOn(tiles(view).get(1)); // Camera 2 is ticked in the dialog: the selected tile
    fx(
        () -> {
          vm.seek(T0 + 5 * S + S / 2);
          return null;
        });
    robot.type(KeyCode.I);
    fx(
        () -> {
          vm.seek(T0 + 15 * S);
          return null;
        });
    robot.type(KeyCode.O);
    robot.type(KeyCode.E);
    await(() -> robot.lookup(".review-export-start").tryQuery().isPresent(), "the export dialog");
    CheckBox third =
        robot.lookup(".review-export-camera").queryAllAs(CheckBox.class).stream()
            .filter(b -> b.getText().equals("Camera 3"))
            .findFirst()
            .orElseThrow();
    robot.clickOn(third);
    TextField folder = robot.lookup(".review-export-folder").queryAs(TextField.class);
    fx(
        () -> {
          folder.setText(exports.toString());
          return null;
        });
    robot.clickOn(".review-export-start");
    Label status =
        view.lookupAll(".review-export-status").stream()
            .map(Label.class::cast)
            .findFirst()
            .orElseThrow();
    await(() -> fxQuiet(status::getText).startsWith("Exported"), "the export");
    assertThat(fx(status::getText)).isEqualTo("Exported 2 files to " + exports);
    List<Path> files = fx(() -> vm.exports().lastOutcome().files());
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "Camera_2_2025-11-23_121325-121335.mp4", "Camera_3_2025-11-23_121325-121335.mp4");
    for (Path file : files) {
      Ffprobe probe = Ffprobe.of(file);
      assertThat(probe.frames()).isEqualTo(151); // 5 s .. 15 s from the keyframe at 5 s
      assertThat(probe.durationSeconds()).isCloseTo(151 / 15.0, within(0.01));
      assertThat(probe.firstPtsSeconds()).isCloseTo(0.0, within(0.001));
      assertThat(probe.created()).isEqualTo(Instant.ofEpochMilli((T0 + 5 * S) / 1000));
    }
  }

  // ---- helpers ----

  private static List<ReviewTileView> tiles(ReviewView view) {
    return view.tileViews();
  }

  private static Point2D ruler(TimelineCanvas timeline, ReviewViewModel vm, long t)
      throws Exception {
    return fx(
        () -> {
          double x = TimelinePainter.LABELS + vm.windowProperty().get().x(t, timeline.plotWidth());
          return timeline.localToScreen(x, TimelinePainter.RULER / 2);
        });
  }

  /** The recorded frame at or before t (15 fps from T0; times read back within µs). */
  private static long lastFrameAtOrBefore(long t) {
    long n = (t - T0) * ReviewRecordings.FPS / S;
    long frame = ReviewRecordings.frameTime(n);
    return frame > t + 20 ? ReviewRecordings.frameTime(n - 1) : frame;
  }

  private static void await(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  static <T> T fx(Callable<T> call) throws Exception {
    return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
  }

  private static <T> T fxQuiet(Callable<T> call) {
    try {
      return fx(call);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A live feed that shows nothing (the review plays recordings). */
  private static final class StillFeed implements Feed {
    private final String id;
    private final String name;
    private final FeedStats stats = new FeedStats();
    private final TripleBuffer<FrameBuffer> frames =
        new TripleBuffer<>(() -> new FrameBuffer(64, 36));

    StillFeed(String id, String name) {
      this.id = id;
      this.name = name;
    }

    @Override
    public String cameraId() {
      return id;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public FeedState state() {
      return FeedState.LIVE;
    }

    @Override
    public String path() {
      return "host";
    }

    @Override
    public FeedStats stats() {
      return stats;
    }

    @Override
    public TripleBuffer<FrameBuffer> frames() {
      return frames;
    }

    @Override
    public void requestOutputSize(int width, int height) {}
  }
}
