package io.peerwall.desktop.bench.wall;

import io.peerwall.desktop.wall.WallView;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Times the wall's pulses on the FX thread: the FX pulse's work (from the start of the wall's
 * {@code AnimationTimer}, which uploads every tile's frame, to the end of CSS and layout, via the
 * scene's post-layout pulse listener), the uploads alone, and the interval between pulses (which
 * also shows time the FX thread waited for the renderer).
 */
final class PulseProbe {
  private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(10);
  final Histogram work = new SynchronizedHistogram(MAX_NANOS, 3);
  final Histogram uploads = new SynchronizedHistogram(MAX_NANOS, 3);
  final Histogram interval = new SynchronizedHistogram(MAX_NANOS, 3);
  private long pulseStart; // FX thread only
  private long lastStart;

  static PulseProbe attach(WallView view) throws Exception {
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

  void reset() {
    work.reset();
    uploads.reset();
    interval.reset();
  }
}
