package io.peerwall.bench.review;

import static io.peerwall.bench.review.ReviewBenchData.HOUR;
import static io.peerwall.bench.review.ReviewBenchData.S;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwall.bench.wall.WallUnderExport;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.DurationConverter;
import io.peerwall.desktop.review.ReviewProbe;
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
import java.util.concurrent.Callable;
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
    ReviewFigures figures = new ReviewFigures(out, clicks, sync, dayHours);
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
          figures.clicks(probe, recorded, ref, f, "click");
        }
      }
      boolean four4 = parts.contains("click") || parts.contains("sync") || parts.contains("fast");
      if (four4 || screenshots != null) {
        try (ReviewProbe probe =
            ReviewProbe.open(data, four, recorded.t0 + 10 * S, Locale.ENGLISH, zone, clock)) {
          if (parts.contains("click")) {
            figures.clicks(probe, recorded, ref, f, "click4Cameras");
          }
          if (parts.contains("sync")) {
            figures.synced(probe, recorded, f);
          }
          if (parts.contains("fast")) {
            figures.fast(probe, recorded, ref, f);
          }
          if (screenshots != null) {
            screenshot(probe, recorded, screenshots.resolve("review.png"));
          }
        }
      }
      if (screenshots != null) {
        // In Tokyo's time, as a Japanese station would show it (the English one: this machine's).
        try (ReviewProbe ja =
            ReviewProbe.open(
                data,
                japanese(four),
                recorded.t0,
                Locale.JAPANESE,
                ZoneId.of("Asia/Tokyo"),
                clock)) {
          screenshot(ja, recorded, screenshots.resolve("review-ja.png"));
        }
      }
      if (parts.contains("scrub")) {
        figures.scrub(data, recorded, ref, zone, clock, f);
      }
      if (parts.contains("timeline")) {
        figures.timeline64(work, zone, f);
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
