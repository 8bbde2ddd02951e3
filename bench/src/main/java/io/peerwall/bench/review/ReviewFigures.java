package io.peerwall.bench.review;

import static io.peerwall.bench.review.ReviewBenchCommand.round;
import static io.peerwall.bench.review.ReviewBenchData.FRAME;
import static io.peerwall.bench.review.ReviewBenchData.HOUR;
import static io.peerwall.bench.review.ReviewBenchData.S;

import io.peerwall.desktop.review.ReviewProbe;
import io.peerwall.desktop.review.TimelineProbe;
import io.peerwall.recorder.SyntheticIndex;
import io.peerwall.recorder.review.ReviewIndex;
import io.peerwall.recorder.review.TimelineRequest;
import io.peerwall.recorder.review.TimelineView;
import io.peerwall.station.review.PlayerStats;
import io.peerwall.station.review.ReviewSession;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The figures of {@code bench review}, each against its target and its reference of the same run:
 * clicks to the exact frame, sync at 1×, keyframes at 16×, scrubbing a day, a day of 64 cameras on
 * the timeline. Each puts its JSON fields in the map and prints a line.
 */
final class ReviewFigures {
  private final PrintStream out;
  private final int clicks;
  private final Duration sync;
  private final int dayHours;

  ReviewFigures(PrintStream out, int clicks, Duration sync, int dayHours) {
    this.out = out;
    this.clicks = clicks;
    this.sync = sync;
    this.dayHours = dayHours;
  }

  void clicks(
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

  void synced(ReviewProbe probe, ReviewBenchData r, Map<String, Object> f) throws Exception {
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

  void fast(ReviewProbe probe, ReviewBenchData r, References ref, Map<String, Object> f)
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

  void scrub(
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

  void timeline64(Path work, ZoneId zone, Map<String, Object> f) throws Exception {
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
}
