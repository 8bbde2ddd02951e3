package io.peerwall.bench.wall;

import io.peerwall.desktop.wall.Layout;
import io.peerwall.desktop.wall.WallWindow;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.recordings.RecordingSession;
import io.peerwall.station.review.ExportSigning;
import io.peerwall.station.review.ReviewExport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench review}'s last figure: the live wall (16 tiles × 25 fps, recording, as {@code bench
 * wall} runs it) keeps its frames while the review exports an hour. The same wall is measured for
 * the same time just before, without an export: the reference in the same run.
 */
public final class WallUnderExport {
  private WallUnderExport() {}

  /**
   * Runs the wall, measures {@code window} without and then with an export of [from, to) of a
   * camera of {@code recordings}; returns the figures (displayed % without and with, the export's
   * seconds and bytes).
   */
  public static Map<String, Object> measure(
      Path scratch,
      Path recordings,
      ReviewExport.Camera camera,
      long fromMicros,
      long toMicros,
      Duration window,
      PrintStream out)
      throws Exception {
    int tiles = 16;
    int fps = 25;
    Map<String, Object> f = new LinkedHashMap<>();
    Clock clock = Clock.systemUTC();
    Path wallRecordings = Files.createTempDirectory(scratch, "wall-recordings-");
    try (WallBenchRig rig =
            WallBenchRig.startCameras(tiles, fps, true, scratch.resolve("cache"), out);
        RecordingSession recording =
            RecordingSession.open(wallRecordings, RecorderConfig.defaults(), out)) {
      WallWindow.warmUpToolkit();
      Layout layout = Layout.fitting(tiles);
      int tileWidth = Math.max(16, (1090 / layout.columns()) & ~1);
      int tileHeight = Math.max(16, (tileWidth * 9 / 16) & ~1);
      rig.startFeeds(tileWidth, tileHeight, clock);
      recording.record(rig.feeds());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline
          && !rig.feeds().stream().allMatch(c -> c.state() == FeedState.LIVE)) {
        Thread.sleep(100);
      }
      WallWindow wall =
          WallWindow.open("PeerWall — bench review (wall)", rig.feeds(), clock, () -> {});
      try {
        Thread.sleep(5_000); // warm-up, as bench wall
        double alone = displayedPercent(rig, window);
        out.printf(java.util.Locale.ROOT, "wall alone: %.1f %% of frames displayed%n", alone);
        Path exports = Files.createTempDirectory(scratch, "exports-");
        ReviewExport export =
            new ReviewExport(
                recordings,
                ExportSigning.none(),
                ReviewExport.DEFAULT_BYTES_PER_SECOND,
                ZoneId.systemDefault(),
                System::nanoTime);
        CompletableFuture<ReviewExport.Outcome> done = new CompletableFuture<>();
        long started = System.nanoTime();
        export.start(
            new ReviewExport.Request(List.of(camera), fromMicros, toMicros, exports),
            p -> {},
            done::complete);
        double during = displayedPercent(rig, window);
        ReviewExport.Outcome outcome = done.get(30, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - started) / 1e9;
        long bytes = outcome.files().isEmpty() ? 0 : Files.size(outcome.files().get(0));
        out.printf(
            java.util.Locale.ROOT,
            "wall while exporting an hour: %.1f %% of frames displayed (export: %.1f MB in %.1f s"
                + "%s)%n",
            during,
            bytes / 1e6,
            seconds,
            outcome.problems().isEmpty() ? "" : ", problems: " + outcome.problems());
        f.put("wallDisplayedPercentAlone", round(alone));
        f.put("wallDisplayedPercentWhileExporting", round(during));
        f.put("wallWhileExportingRatio", round(during / alone * 100) / 100.0);
        f.put("exportSeconds", round(seconds));
        f.put("exportMB", round(bytes / 1e6));
        f.put("exportFinishedInWindow", seconds <= window.toMillis() / 1000.0);
        for (Path p : outcome.files()) {
          Files.deleteIfExists(p);
        }
      } finally {
        wall.close();
      }
    } finally {
      deleteTree(wallRecordings);
    }
    return f;
  }

  private static double displayedPercent(WallBenchRig rig, Duration window) throws Exception {
    WallBenchFigures.Counters start = WallBenchFigures.Counters.take(rig);
    Thread.sleep(window.toMillis());
    WallBenchFigures.Counters end = WallBenchFigures.Counters.take(rig);
    long shown = end.sentShown() - start.sentShown();
    long displayed = end.displayed() - start.displayed();
    return shown == 0 ? 0 : 100.0 * displayed / shown;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
