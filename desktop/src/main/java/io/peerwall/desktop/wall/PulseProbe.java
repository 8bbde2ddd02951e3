package io.peerwall.desktop.wall;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Times the wall's pulses on the FX thread: the FX pulse's work (from the start of the wall's
 * {@code AnimationTimer}, which uploads every tile's frame, to the end of CSS and layout, via the
 * scene's post-layout pulse listener), the uploads alone, and the interval between pulses (which
 * also shows time the FX thread waited for the renderer). For {@code peerwall bench wall}, which
 * reads the histograms and so needs no JavaFX itself.
 */
public final class PulseProbe {
  private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(10);
  private final Histogram work = new SynchronizedHistogram(MAX_NANOS, 3);
  private final Histogram uploads = new SynchronizedHistogram(MAX_NANOS, 3);
  private final Histogram interval = new SynchronizedHistogram(MAX_NANOS, 3);
  private long pulseStart; // FX thread only
  private long lastStart;

  /** Starts timing the pulses of the wall in {@code window}. */
  public static PulseProbe attach(WallWindow window) throws Exception {
    WallView view = window.view();
    PulseProbe probe = new PulseProbe();
    CompletableFuture<Void> done = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          view.onPulse(probe::timerRan);
          view.getScene().addPostLayoutPulseListener(probe::laidOut);
          done.complete(null);
        });
    done.get(10, TimeUnit.SECONDS);
    return probe;
  }

  private void timerRan(long nanos) {
    long now = System.nanoTime();
    long start = now - nanos;
    uploads.recordValue(Math.min(nanos, MAX_NANOS));
    if (lastStart > 0) {
      interval.recordValue(Math.min(start - lastStart, MAX_NANOS));
    }
    lastStart = start;
    pulseStart = start;
  }

  private void laidOut() {
    if (pulseStart > 0) {
      work.recordValue(Math.min(System.nanoTime() - pulseStart, MAX_NANOS));
      pulseStart = 0;
    }
  }

  /** Nanoseconds from the start of the wall's timer to the end of the pulse's layout. */
  public Histogram work() {
    return work;
  }

  /** Nanoseconds the wall's timer spent uploading frames. */
  public Histogram uploads() {
    return uploads;
  }

  /** Nanoseconds between the starts of two pulses. */
  public Histogram interval() {
    return interval;
  }

  /** Forgets what was measured so far (the warm-up). */
  public void reset() {
    work.reset();
    uploads.reset();
    interval.reset();
  }
}
