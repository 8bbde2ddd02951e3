package io.peerwall.desktop.review;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.review.ExportSigning;
import io.peerwall.station.review.PlayerStats;
import io.peerwall.station.review.ReviewSession;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import javafx.scene.robot.Robot;

/**
 * Drives a real review window for {@code peerwall bench review} (under Xvfb) through the mouse, as
 * a person would, and reads back what the tiles show at each FX pulse. Its surface is plain Java,
 * so the bench module stays free of JavaFX (decision 0040).
 */
public final class ReviewProbe implements AutoCloseable {
  private final ReviewWindow window;
  private final ReviewView view;
  private final ReviewViewModel model;
  private volatile Runnable afterPulse = () -> {};
  private final AtomicLong moved = new AtomicLong();

  private ReviewProbe(ReviewWindow window) {
    this.window = window;
    this.view = window.view();
    this.model = view.model();
    view.onPulse(nanos -> afterPulse.run());
  }

  /**
   * Opens a review window (1280x820) on the cameras, paused at {@code startMicros}, and waits until
   * every tile shows a picture.
   */
  public static ReviewProbe open(
      Path dataDir,
      List<ReviewSession.Camera> cameras,
      long startMicros,
      Locale locale,
      ZoneId zone,
      Clock clock)
      throws Exception {
    ReviewWindow window =
        ReviewWindow.openStandalone(
            new ReviewWindow.Spec(
                dataDir,
                cameras,
                startMicros,
                Map.of(),
                Texts.of(locale),
                clock,
                zone,
                ExportSigning.none(),
                dataDir.resolve("exports"),
                false),
            () -> {});
    ReviewProbe probe = new ReviewProbe(window);
    probe.fx(
        () -> {
          window.stage().setX(0);
          window.stage().setY(0);
          window.stage().setWidth(1280);
          window.stage().setHeight(820);
          return null;
        });
    probe.awaitPictures(30_000);
    return probe;
  }

  private void awaitPictures(long millis) throws Exception {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!fx(() -> view.tileViews().stream().allMatch(t -> t.shownMicros() >= 0))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the review's tiles showed no picture in time");
      }
      Thread.sleep(20);
    }
  }

  /** Shows [from, to) on the timeline. */
  public void showWindow(long fromMicros, long toMicros) throws Exception {
    fx(
        () -> {
          TimeScale now = model.windowProperty().get();
          model.zoom((toMicros - fromMicros) / (double) now.span(), now.fromMicros());
          model.pan(fromMicros - model.windowProperty().get().fromMicros());
          return null;
        });
    Thread.sleep(300); // the timeline's answer and a pulse
  }

  /** The time a click at the ruler pixel nearest to t lands on (pixels quantise time). */
  public long timeAtPixelOf(long t) throws Exception {
    return fx(
        () -> {
          TimelineCanvas c = view.timeline();
          double x = Math.round(model.windowProperty().get().x(t, c.plotWidth()));
          return model.windowProperty().get().time(x, c.plotWidth());
        });
  }

  /**
   * Clicks the ruler at t (a real mouse click through the window system) and measures the time
   * until tile {@code tile} shows the frame {@code frameAt} gives for the time the click moved the
   * playhead to (pixels quantise t), in nanoseconds; -1 when it did not within two seconds.
   */
  public long clickAndAwait(long t, int tile, java.util.function.LongUnaryOperator frameAt)
      throws Exception {
    Point2D at = rulerPoint(t);
    CompletableFuture<Long> shown = new CompletableFuture<>();
    AtomicLong clicked = new AtomicLong();
    moved.set(0);
    long before = fx(() -> model.positionProperty().get());
    ReviewTileView target = view.tileViews().get(tile);
    afterPulse =
        () -> {
          long position = model.positionProperty().get();
          if (clicked.get() != 0 && position != before && moved.get() == 0) {
            moved.set(System.nanoTime() - clicked.get());
          }
          if (clicked.get() != 0
              && position != before
              && Math.abs(target.shownMicros() - frameAt.applyAsLong(position)) <= 50) {
            shown.complete(System.nanoTime() - clicked.get());
          }
        };
    fx(
        () -> {
          Robot robot = new Robot();
          robot.mouseMove(at);
          clicked.set(System.nanoTime());
          robot.mouseClick(MouseButton.PRIMARY);
          return null;
        });
    try {
      return shown.get(2, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return -1;
    } finally {
      afterPulse = () -> {};
    }
  }

  /** Of the last click: nanoseconds until the pulse that saw the playhead move (input latency). */
  public long lastClickInputNanos() {
    return moved.get();
  }

  /**
   * Drags the playhead along the ruler from {@code from} to {@code to} over {@code millis} (mouse
   * moves every 16 ms) and counts the distinct pictures tile 0 showed meanwhile.
   *
   * @return distinct pictures and the drag's seconds
   */
  public double[] scrub(long from, long to, long millis) throws Exception {
    List<Long> pictures = new ArrayList<>();
    ReviewTileView target = view.tileViews().get(0);
    afterPulse =
        () -> {
          long s = target.shownMicros();
          if (pictures.isEmpty() || pictures.get(pictures.size() - 1) != s) {
            pictures.add(s);
          }
        };
    Point2D start = rulerPoint(from);
    Point2D end = rulerPoint(to);
    Robot[] robot = new Robot[1];
    fx(
        () -> {
          robot[0] = new Robot();
          robot[0].mouseMove(start);
          robot[0].mousePress(MouseButton.PRIMARY);
          return null;
        });
    long begun = System.nanoTime();
    fx(
        () -> {
          pictures.clear();
          return null;
        });
    int steps = (int) (millis / 16);
    for (int i = 1; i <= steps; i++) {
      double f = i / (double) steps;
      Point2D p = start.add(end.subtract(start).multiply(f));
      fx(
          () -> {
            robot[0].mouseMove(p);
            return null;
          });
      long due = begun + i * 16_000_000L;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
    double seconds = (System.nanoTime() - begun) / 1e9;
    int distinct = fx(() -> (int) pictures.stream().distinct().count());
    fx(
        () -> {
          robot[0].mouseRelease(MouseButton.PRIMARY);
          return null;
        });
    afterPulse = () -> {};
    return new double[] {distinct, seconds};
  }

  /** Pictures shown per tile so far. */
  public long[] displayed() throws Exception {
    return fx(() -> view.tileViews().stream().mapToLong(ReviewTileView::displayed).toArray());
  }

  /**
   * Plays at {@code speed} for {@code millis} and samples at every pulse the clock and the frame
   * each tile shows: rows of {position, shown 0, shown 1, ...}. Pauses afterwards.
   */
  public List<long[]> play(double speed, long millis) throws Exception {
    List<long[]> rows = new ArrayList<>();
    afterPulse =
        () -> {
          long[] row = new long[view.tileViews().size() + 1];
          row[0] = model.positionProperty().get();
          for (int i = 0; i < view.tileViews().size(); i++) {
            row[i + 1] = view.tileViews().get(i).shownMicros();
          }
          rows.add(row);
        };
    fx(
        () -> {
          model.play(speed);
          return null;
        });
    Thread.sleep(millis);
    fx(
        () -> {
          model.pause();
          return null;
        });
    afterPulse = () -> {};
    return fx(() -> new ArrayList<>(rows));
  }

  /** The players' counters (keyframes due and shown at fast speeds). */
  public List<PlayerStats> playerStats() {
    return model.engine().players().stream().map(p -> p.stats()).toList();
  }

  /** Seeks (paused) and waits a moment for the pictures. */
  public void seek(long t) throws Exception {
    fx(
        () -> {
          model.seek(t);
          return null;
        });
    Thread.sleep(300);
  }

  /** Marks a range and opens on its events, for a screenshot that shows the parts. */
  public void prepareForScreenshot(long markIn, long markOut, long at, int selected)
      throws Exception {
    fx(
        () -> {
          model.select(selected);
          model.exports().mark(markIn, markOut);
          model.seek(at);
          return null;
        });
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline
        && !fx(
            () ->
                view.tileViews().stream()
                    .allMatch(
                        t ->
                            Math.abs(t.shownMicros() - model.positionProperty().get())
                                < 100_000))) {
      Thread.sleep(50);
    }
    Thread.sleep(1500); // thumbnails, events and the timeline arrive
  }

  /** Saves the window as a PNG. */
  public void screenshot(Path png) throws Exception {
    Screenshots.save(view.getScene(), png);
  }

  private Point2D rulerPoint(long t) throws Exception {
    return fx(
        () -> {
          TimelineCanvas c = view.timeline();
          double x =
              TimelinePainter.LABELS + Math.round(model.windowProperty().get().x(t, c.plotWidth()));
          return c.localToScreen(x, TimelinePainter.RULER / 2);
        });
  }

  private <T> T fx(Callable<T> call) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            result.complete(call.call());
          } catch (Exception | Error e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(20, TimeUnit.SECONDS);
  }

  /** Percentile (0..100) of longs, nearest rank. */
  public static long percentile(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }

  @Override
  public void close() {
    window.close();
  }
}
