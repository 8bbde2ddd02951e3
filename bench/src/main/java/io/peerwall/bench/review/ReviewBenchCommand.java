package io.peerwall.bench.review;

import static io.peerwall.bench.review.ReviewBenchData.FRAME;
import static io.peerwall.bench.review.ReviewBenchData.HOUR;
import static io.peerwall.bench.review.ReviewBenchData.S;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwall.bench.wall.WallUnderExport;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.DurationConverter;
import io.peerwall.desktop.review.ReviewProbe;
import io.peerwall.desktop.review.TimelineProbe;
import io.peerwall.recorder.SyntheticIndex;
import io.peerwall.recorder.review.ReviewIndex;
import io.peerwall.recorder.review.TimelineRequest;
import io.peerwall.recorder.review.TimelineView;
import io.peerwall.station.review.PlayerStats;
import io.peerwall.station.review.ReviewExport;
import io.peerwall.station.review.ReviewSession;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall bench review}: the review screen on files the real recorder wrote, driven through
 * the mouse under Xvfb (issue 14's targets): a click on the timeline to the exact frame on screen
 * (1080p H.264, 2 s GOP), scrubbing across a day, four cameras in sync at 1× and at 16×, a day's
 * timeline of 64 cameras drawn, and the live wall's frames while an hour is exported. Each figure
 * has a reference measured in the same run; the last line is one JSON object.
 */
@Command(
    name = "review",
    description = {
      "Measure the review screen on recordings the real recorder writes first (1080p H.264, 2 s"
          + " GOP): click-to-exact-frame, scrubbing a day, 4 cameras in sync at 1x and 16x, a day"
          + " of 64 cameras on the timeline, the live wall while an hour is exported.",
      "Needs a display (xvfb-run); the last line is one JSON object."
    })
public final class ReviewBenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--sync",
      paramLabel = "D",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description =
          "How long 4 cameras play at 1x for the drift figure (default ${DEFAULT-VALUE}).")
  Duration sync;

  @Option(
      names = "--day-hours",
      paramLabel = "H",
      defaultValue = "24",
      description = "Hours recorded for the scrubbing figure (default ${DEFAULT-VALUE}).")
  int dayHours;

  @Option(
      names = "--clicks",
      paramLabel = "N",
      defaultValue = "40",
      description = "Clicks on the timeline (default ${DEFAULT-VALUE}).")
  int clicks;

  @Option(
      names = "--screenshots",
      paramLabel = "DIR",
      description = "Also save the review window in English and Japanese as PNGs here.")
  Path screenshots;

  @Option(names = "--keep", description = "Keep the recordings (printed) instead of deleting them.")
  boolean keep;

  @Option(
      names = "--parts",
      paramLabel = "P",
      split = ",",
      defaultValue = "click,sync,fast,scrub,timeline,wall",
      description = "Which figures (default: all): click, sync, fast, scrub, timeline, wall.")
  List<String> parts;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    AppDirs dirs = common.prepare();
    Clock clock = Clock.systemUTC();
    ZoneId zone = ZoneId.systemDefault();
    Path work = Files.createTempDirectory(dirs.data(), "bench-review-");
    Path data = work.resolve("data");
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("bench", "review");
    f.put("loadAverageAtStart", round(load(), 2));
    try {
      long length = Math.max(6 * 60 * S, sync.toMillis() * 1000 + 90 * S);
      ReviewBenchData recorded = new ReviewBenchData(clock.millis() * 1000, length);
      if (parts.stream().anyMatch(p -> !p.equals("timeline")) || screenshots != null) {
        recorded.make(data, dayHours, out);
      }
      References ref =
          parts.contains("timeline") && parts.size() == 1
              ? new References(1, 1)
              : References.measure(data, recorded);
      f.put("gopDecodeMs", round(ref.gopNanos() / 1e6, 1));
      f.put("keyframeDecodeMs", round(ref.keyframeNanos() / 1e6, 2));
      out.printf(
          Locale.ROOT,
          "reference: a GOP (50 frames of 1080p) decodes in %.1f ms, a keyframe in %.2f ms%n",
          ref.gopNanos() / 1e6,
          ref.keyframeNanos() / 1e6);

      List<ReviewSession.Camera> four = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        four.add(
            new ReviewSession.Camera(ReviewBenchData.ids().get(i), ReviewBenchData.names().get(i)));
      }
      if (parts.contains("click")) {
        try (ReviewProbe probe =
            ReviewProbe.open(
                data, four.subList(0, 1), recorded.t0 + 10 * S, Locale.ENGLISH, zone, clock)) {
          clicks(probe, recorded, ref, f, "click");
        }
      }
      boolean four4 = parts.contains("click") || parts.contains("sync") || parts.contains("fast");
      if (four4 || screenshots != null) {
        try (ReviewProbe probe =
            ReviewProbe.open(data, four, recorded.t0 + 10 * S, Locale.ENGLISH, zone, clock)) {
          if (parts.contains("click")) {
            clicks(probe, recorded, ref, f, "click4Cameras");
          }
          if (parts.contains("sync")) {
            synced(probe, recorded, f);
          }
          if (parts.contains("fast")) {
            fast(probe, recorded, ref, f);
          }
          if (screenshots != null) {
            screenshot(probe, recorded, screenshots.resolve("review.png"));
          }
        }
      }
      if (screenshots != null) {
        try (ReviewProbe ja =
            ReviewProbe.open(data, japanese(four), recorded.t0, Locale.JAPANESE, zone, clock)) {
          screenshot(ja, recorded, screenshots.resolve("review-ja.png"));
        }
      }
      if (parts.contains("scrub")) {
        scrub(data, recorded, ref, zone, clock, f);
      }
      if (parts.contains("timeline")) {
        timeline64(work, zone, f);
      }
      if (parts.contains("wall")) {
        f.putAll(
            WallUnderExport.measure(
                work,
                data,
                new ReviewExport.Camera("bench-hour", "Hour camera"),
                recorded.hourStart,
                recorded.hourStart + HOUR,
                Duration.ofSeconds(15),
                out));
        f.put("targetWallMet", (double) f.get("wallDisplayedPercentWhileExporting") >= 98);
      }
      f.put("loadAverageAtEnd", round(load(), 2));
      out.println(new ObjectMapper().writeValueAsString(f));
      return 0;
    } finally {
      if (keep) {
        out.println("recordings kept in " + data);
      } else {
        deleteTree(work);
      }
    }
  }

  private void clicks(
      ReviewProbe probe, ReviewBenchData r, References ref, Map<String, Object> f, String name)
      throws Exception {
    probe.showWindow(r.t0, r.t0 + r.length);
    Random random = new Random(14);
    long[] nanos = new long[clicks];
    long[] input = new long[clicks];
    int missed = 0;
    for (int i = 0; i < clicks; i++) {
      long t = r.t0 + 5 * S + (long) (random.nextDouble() * (r.length - 10 * S));
      // The recordings are 25 fps from t0 exactly: the frame at or before p is on that grid.
      long took = probe.clickAndAwait(t, 0, p -> r.t0 + Math.floorDiv(p - r.t0, FRAME) * FRAME);
      if (took < 0) {
        missed++;
        took = 2_000_000_000L;
      }
      nanos[i] = took;
      input[i] = probe.lastClickInputNanos();
      Thread.sleep(250);
    }
    double p50 = ReviewProbe.percentile(nanos, 50) / 1e6;
    double p95 = ReviewProbe.percentile(nanos, 95) / 1e6;
    boolean single = name.equals("click");
    out.printf(
        Locale.ROOT,
        "click to the exact frame on screen, %s (1080p, 2 s GOP): p50 %.1f ms, p95 %.1f ms, max"
            + " %.1f ms over %d clicks (%d not shown within 2 s); %.2f x a bare GOP decode%s%n",
        single ? "one camera" : "the selected of 4 cameras",
        p50,
        p95,
        ReviewProbe.percentile(nanos, 100) / 1e6,
        clicks,
        missed,
        p95 * 1e6 / ref.gopNanos(),
        single ? "; target p95 <= 100 ms" : "");
    out.printf(
        Locale.ROOT,
        "  of which the click reaching the review (window system, FX thread): p50 %.1f ms, p95 %.1f"
            + " ms%n",
        ReviewProbe.percentile(input, 50) / 1e6,
        ReviewProbe.percentile(input, 95) / 1e6);
    f.put(name + "InputP50Ms", round(ReviewProbe.percentile(input, 50) / 1e6, 1));
    f.put(name + "InputP95Ms", round(ReviewProbe.percentile(input, 95) / 1e6, 1));
    f.put(name + "P50Ms", round(p50, 1));
    f.put(name + "P95Ms", round(p95, 1));
    f.put(name + "MaxMs", round(ReviewProbe.percentile(nanos, 100) / 1e6, 1));
    f.put(name + "Missed", missed);
    f.put(name + "P95OverGopDecode", round(p95 * 1e6 / ref.gopNanos(), 2));
    if (single) {
      f.put("targetClickMet", p95 <= 100 && missed == 0);
    }
  }

  private void synced(ReviewProbe probe, ReviewBenchData r, Map<String, Object> f)
      throws Exception {
    probe.seek(r.t0 + 5 * S);
    List<long[]> rows = probe.play(1, sync.toMillis());
    Sync s = Sync.of(rows);
    out.printf(
        Locale.ROOT,
        "4 cameras at 1x for %s: tiles apart p50 %.2f, p99 %.2f, max %.2f frames; drift %.2f"
            + " frames; %d pulses; target drift <= 1 frame%n",
        sync,
        s.p50() / (double) FRAME,
        s.p99() / (double) FRAME,
        s.max() / (double) FRAME,
        s.drift() / (double) FRAME,
        rows.size());
    f.put("syncSeconds", sync.toSeconds());
    f.put("syncSpreadP50Frames", round(s.p50() / (double) FRAME, 2));
    f.put("syncSpreadP99Frames", round(s.p99() / (double) FRAME, 2));
    f.put("syncSpreadMaxFrames", round(s.max() / (double) FRAME, 2));
    f.put("syncDriftFrames", round(s.drift() / (double) FRAME, 2));
    f.put("targetSyncMet", s.drift() <= FRAME && s.p99() <= FRAME);
  }

  private void fast(ReviewProbe probe, ReviewBenchData r, References ref, Map<String, Object> f)
      throws Exception {
    probe.seek(r.t0 + 5 * S);
    List<PlayerStats> before = probe.playerStats();
    long[] shownBefore = probe.displayed();
    long millis = 12_000;
    probe.play(16, millis);
    List<PlayerStats> after = probe.playerStats();
    long[] shownAfter = probe.displayed();
    long due = 0;
    long decoded = 0;
    long onScreen = 0;
    for (int i = 0; i < after.size(); i++) {
      due += after.get(i).keyframesDue() - before.get(i).keyframesDue();
      decoded += after.get(i).keyframesShown() - before.get(i).keyframesShown();
      onScreen += shownAfter[i] - shownBefore[i];
    }
    // The pause at the end shows one more (exact) picture per tile: not a keyframe of the run.
    onScreen = Math.max(0, onScreen - after.size());
    double percent = due == 0 ? 0 : 100.0 * Math.min(onScreen, due) / due;
    double cpuShare = due * ref.keyframeNanos() / (millis * 1e6);
    out.printf(
        Locale.ROOT,
        "4 cameras at 16x for %d s: %d keyframes due, %d decoded, %d shown on screen (%.1f %%);"
            + " decoding them alone takes %.0f %% of one core; target >= 95 %%%n",
        millis / 1000,
        due,
        decoded,
        onScreen,
        percent,
        cpuShare * 100);
    f.put("fastKeyframesDue", due);
    f.put("fastKeyframesDecoded", decoded);
    f.put("fastKeyframesOnScreen", onScreen);
    f.put("fastShownPercent", round(percent, 1));
    f.put("fastDecodeShareOfCore", round(cpuShare, 3));
    f.put("targetFastMet", percent >= 95);
  }

  private void scrub(
      Path data, ReviewBenchData r, References ref, ZoneId zone, Clock clock, Map<String, Object> f)
      throws Exception {
    long dayEnd = r.dayStart + dayHours * HOUR;
    try (ReviewProbe probe =
        ReviewProbe.open(
            data,
            List.of(new ReviewSession.Camera("bench-day", "Day camera")),
            r.dayStart + HOUR,
            Locale.ENGLISH,
            zone,
            clock)) {
      probe.showWindow(r.dayStart - 10 * 60 * S, dayEnd + 10 * 60 * S);
      double[] result = probe.scrub(r.dayStart + 5 * 60 * S, dayEnd - 5 * 60 * S, 10_000);
      double perSecond = result[0] / result[1];
      double possible = 1e9 / ref.keyframeNanos();
      out.printf(
          Locale.ROOT,
          "scrubbing across %d h (1080p, 2 s GOP): %.1f distinct pictures per second while"
              + " dragging (%d in %.1f s); a bare decoder does %.0f keyframes/s; target >= 20%n",
          dayHours,
          perSecond,
          (long) result[0],
          result[1],
          possible);
      f.put("scrubHours", dayHours);
      f.put("scrubPicturesPerSecond", round(perSecond, 1));
      f.put("scrubOverBareKeyframeRate", round(perSecond / possible, 3));
      f.put("targetScrubMet", perSecond >= 20);
    }
  }

  private void timeline64(Path work, ZoneId zone, Map<String, Object> f) throws Exception {
    Path index = Files.createDirectories(work.resolve("index-64"));
    long firstDay =
        Math.floorDiv(System.currentTimeMillis() * 1000 - 10 * 24 * HOUR, 24 * HOUR) * 24 * HOUR;
    out.println("making the index of 64 cameras over 3 days (synthetic rows, no files)...");
    SyntheticIndex.generate(
        index, new SyntheticIndex.Spec(64, 3, firstDay, 40, 64, true, 200, 20), n -> {});
    List<String> ids =
        IntStream.rangeClosed(1, 64)
            .mapToObj(i -> String.format(Locale.ROOT, "bench-%02d", i))
            .toList();
    List<String> names = IntStream.rangeClosed(1, 64).mapToObj(i -> "Bench camera " + i).toList();
    io.peerwall.desktop.wall.WallWindow.warmUpToolkit();
    int rounds = 20;
    long[] total = new long[rounds];
    long[] query = new long[rounds];
    long[] draw = new long[rounds];
    try (ReviewIndex review = ReviewIndex.open(index);
        TimelineProbe probe = TimelineProbe.open(names, zone)) {
      int pixels = (int) probe.plotWidth();
      for (int i = 0; i < 5; i++) { // warm-up: SQLite's page cache, the JIT
        long from = firstDay + 24 * HOUR + i * HOUR;
        probe.draw(
            review.timeline(TimelineRequest.forWidth(ids, from, from + 24 * HOUR, pixels)),
            from,
            from + 24 * HOUR);
      }
      for (int i = 0; i < rounds; i++) {
        long from = firstDay + (i % 8) * 3 * HOUR;
        long to = from + 24 * HOUR;
        long started = System.nanoTime();
        TimelineView view = review.timeline(TimelineRequest.forWidth(ids, from, to, pixels));
        query[i] = System.nanoTime() - started;
        long[] shown = probe.draw(view, from, to);
        total[i] = query[i] + shown[0];
        draw[i] = shown[1];
      }
    }
    double p95 = ReviewProbe.percentile(total, 95) / 1e6;
    out.printf(
        Locale.ROOT,
        "a day of 64 cameras on the timeline: p50 %.1f ms, p95 %.1f ms to the screen (index %.1f"
            + " ms, drawing %.1f ms p95); target <= 200 ms%n",
        ReviewProbe.percentile(total, 50) / 1e6,
        p95,
        ReviewProbe.percentile(query, 95) / 1e6,
        ReviewProbe.percentile(draw, 95) / 1e6);
    f.put("timeline64P50Ms", round(ReviewProbe.percentile(total, 50) / 1e6, 1));
    f.put("timeline64P95Ms", round(p95, 1));
    f.put("timeline64QueryP95Ms", round(ReviewProbe.percentile(query, 95) / 1e6, 1));
    f.put("timeline64DrawP95Ms", round(ReviewProbe.percentile(draw, 95) / 1e6, 1));
    f.put("targetTimelineMet", p95 <= 200);
  }

  private void screenshot(ReviewProbe probe, ReviewBenchData r, Path png) throws Exception {
    probe.showWindow(r.t0 + 30 * S, r.t0 + 4 * 60 * S);
    probe.prepareForScreenshot(r.t0 + 66 * S, r.t0 + 78 * S, r.t0 + 69 * S, 1);
    probe.screenshot(png);
    out.println("saved " + png);
  }

  private static List<ReviewSession.Camera> japanese(List<ReviewSession.Camera> cameras) {
    List<String> names = List.of("玄関", "裏口", "駐車場", "倉庫");
    List<ReviewSession.Camera> out = new ArrayList<>();
    for (int i = 0; i < cameras.size(); i++) {
      out.add(new ReviewSession.Camera(cameras.get(i).id(), names.get(i)));
    }
    return out;
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static double round(double v, int places) {
    double scale = Math.pow(10, places);
    return Math.round(v * scale) / scale;
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    // SQLite may remove its -wal and -shm files while the tree is walked: walk what is there.
    List<Path> all = new ArrayList<>();
    Files.walkFileTree(
        dir,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult visitFile(
              Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
            all.add(file);
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path file, java.io.IOException e) {
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult postVisitDirectory(Path d, java.io.IOException e) {
            all.add(d);
            return java.nio.file.FileVisitResult.CONTINUE;
          }
        });
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }
}
