package io.peerwall.desktop.review;

import io.peerwall.desktop.ui.Theme;
import io.peerwall.recorder.review.TimelineView;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The timeline control alone in a window, for {@code bench review}'s "a day of 64 cameras drawn"
 * figure: draws a timeline the bench fetched and says how long until it was on screen (the draw on
 * the FX thread and the pulse that shows it). Plain-Java surface, like {@link ReviewProbe}.
 */
public final class TimelineProbe implements AutoCloseable {
  private final Stage stage;
  private final TimelineCanvas canvas;
  private final AnimationTimer timer;
  private volatile CompletableFuture<Long> drawn;
  private volatile long asked;
  private volatile long lastDrawNanos;

  private TimelineProbe(Stage stage, TimelineCanvas canvas) {
    this.stage = stage;
    this.canvas = canvas;
    canvas.onStillDrawn(n -> lastDrawNanos = n);
    this.timer =
        new AnimationTimer() {
          private boolean pending;

          @Override
          public void handle(long now) {
            CompletableFuture<Long> waiting = drawn;
            if (waiting != null && pending) {
              // The pulse after the draw: the picture has gone to the screen.
              pending = false;
              drawn = null;
              waiting.complete(System.nanoTime() - asked);
              return;
            }
            canvas.pulse();
            pending = waiting != null;
          }
        };
  }

  /** Opens a 1600x1000 window with the control (the toolkit must be running). */
  public static TimelineProbe open(List<String> names, ZoneId zone) throws Exception {
    CompletableFuture<TimelineProbe> opened = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          TimelineCanvas canvas =
              new TimelineCanvas(
                  new TimelineCanvas.Gestures() {
                    @Override
                    public void scrub(long t) {}

                    @Override
                    public void endScrub(long t) {}

                    @Override
                    public void seek(long t) {}

                    @Override
                    public void pan(long micros) {}

                    @Override
                    public void zoom(double factor, long anchor) {}

                    @Override
                    public void select(int camera) {}
                  },
                  zone,
                  Locale.ENGLISH,
                  () -> 0);
          canvas.setCameras(names, "All cameras");
          Stage stage = new Stage();
          Scene scene = new Scene(canvas, 1600, 1000);
          Theme.apply(scene);
          stage.setScene(scene);
          stage.show();
          TimelineProbe probe = new TimelineProbe(stage, canvas);
          probe.timer.start();
          opened.complete(probe);
        });
    return opened.get(20, TimeUnit.SECONDS);
  }

  /** The plot's width in pixels: ask the index for this resolution. */
  public double plotWidth() throws Exception {
    CompletableFuture<Double> w = new CompletableFuture<>();
    Platform.runLater(() -> w.complete(canvas.plotWidth()));
    return w.get(10, TimeUnit.SECONDS);
  }

  /**
   * Shows a timeline and returns {nanoseconds until it was on screen, nanoseconds of the draw on
   * the FX thread}.
   */
  public long[] draw(TimelineView view, long fromMicros, long toMicros) throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    asked = System.nanoTime();
    Platform.runLater(
        () -> {
          canvas.setScale(new TimeScale(fromMicros, toMicros));
          canvas.setView(view);
          drawn = done;
        });
    long total = done.get(20, TimeUnit.SECONDS);
    return new long[] {total, lastDrawNanos};
  }

  @Override
  public void close() {
    Platform.runLater(
        () -> {
          timer.stop();
          stage.close();
        });
  }
}
