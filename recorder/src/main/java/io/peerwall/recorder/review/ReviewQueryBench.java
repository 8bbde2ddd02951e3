package io.peerwall.recorder.review;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The review screen's index queries timed on an index (for {@code peerwall bench index}, on the
 * synthetic year of {@code SyntheticIndex}): a day, a week and a month of all cameras across 2000
 * pixels, one camera's day, keyframe lookups, a page of unreviewed events of all cameras, a
 * bookmark search. The caller prints {@link Result#lines()} and adds {@link Result#json()} to its
 * JSON line. No threads; runs on the caller's.
 */
public final class ReviewQueryBench {
  private static final long DAY = 86_400_000_000L;
  private static final int PIXELS = 2000;

  private ReviewQueryBench() {}

  /** Latencies of one kind of query, in milliseconds. */
  public record Figure(String name, double p50Ms, double p99Ms, long marks) {}

  /** Everything measured; {@code marks} is how many marks (ranges, gaps, events...) came back. */
  public record Result(int cameras, List<Figure> figures) {
    public Figure figure(String name) {
      return figures.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /** One readable line per figure. */
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      for (Figure f : figures) {
        lines.add(
            String.format(
                Locale.ROOT,
                "%s: p50 %.2f ms, p99 %.2f ms (%d marks per query)",
                f.name(),
                f.p50Ms(),
                f.p99Ms(),
                f.marks()));
      }
      return lines;
    }

    /** Fields for the benchmark's JSON line: {@code <name>P50Ms}, {@code <name>P99Ms}. */
    public Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      for (Figure f : figures) {
        json.put(f.name() + "P50Ms", round(f.p50Ms()));
        json.put(f.name() + "P99Ms", round(f.p99Ms()));
      }
      return json;
    }

    private static double round(double ms) {
      return Math.round(ms * 1000) / 1000.0;
    }
  }

  /**
   * Times the queries on the index of {@code dataDir} over the recorded period [first, last).
   *
   * @param rounds repetitions of the slow queries (a month of all cameras); the fast ones run ten
   *     times as often
   */
  public static Result run(Path dataDir, long firstMicros, long lastMicros, int rounds, long seed) {
    Random random = new Random(seed);
    try (ReviewIndex review = ReviewIndex.open(dataDir)) {
      List<String> cameras = review.cameraIds();
      long span = lastMicros - firstMicros;
      List<Figure> figures = new ArrayList<>();
      // Warm-up: statements, schema, the first pages of the indexes.
      for (int i = 0; i < 20; i++) {
        long day = firstMicros + (long) (random.nextDouble() * Math.max(1, span - DAY));
        review.timeline(TimelineRequest.forWidth(cameras, day, day + DAY, PIXELS));
      }
      figures.add(
          timeline(review, "dayAllCameras", cameras, DAY, rounds * 5, random, firstMicros, span));
      figures.add(
          timeline(
              review, "weekAllCameras", cameras, 7 * DAY, rounds * 2, random, firstMicros, span));
      figures.add(
          timeline(
              review, "monthAllCameras", cameras, 30 * DAY, rounds, random, firstMicros, span));
      figures.add(
          timeline(
              review,
              "dayOneCamera",
              cameras.subList(0, 1),
              DAY,
              rounds * 10,
              random,
              firstMicros,
              span));
      long[] seek = new long[rounds * 10];
      for (int i = 0; i < seek.length; i++) {
        String camera = cameras.get(random.nextInt(cameras.size()));
        long t = firstMicros + (long) (random.nextDouble() * span);
        long start = System.nanoTime();
        review.keyframeAtOrBefore(camera, t);
        seek[i] = System.nanoTime() - start;
      }
      figures.add(figure("keyframeLookup", seek, 1));
      long[] page = new long[rounds * 2];
      long pageMarks = 0;
      for (int i = 0; i < page.length; i++) {
        long to = firstMicros + (long) (random.nextDouble() * span) + DAY;
        EventFilter filter =
            EventFilter.of(List.of(), firstMicros, to, 100)
                .withReviewed(EventFilter.Reviewed.NOT_REVIEWED);
        long start = System.nanoTime();
        pageMarks = review.events(filter).size();
        page[i] = System.nanoTime() - start;
      }
      figures.add(figure("unreviewedEventsPage", page, pageMarks));
      String[] words = {"gate", "van", "配達", "fence 1"};
      long[] search = new long[rounds * 2];
      long found = 0;
      for (int i = 0; i < search.length; i++) {
        long start = System.nanoTime();
        found = review.searchBookmarks(words[i % words.length], List.of(), 50).size();
        search[i] = System.nanoTime() - start;
      }
      figures.add(figure("bookmarkSearch", search, found));
      return new Result(cameras.size(), figures);
    }
  }

  private static Figure timeline(
      ReviewIndex review,
      String name,
      List<String> cameras,
      long window,
      int count,
      Random random,
      long first,
      long span) {
    long[] nanos = new long[Math.max(1, count)];
    long marks = 0;
    for (int i = 0; i < nanos.length; i++) {
      long from = first + (long) (random.nextDouble() * Math.max(1, span - window));
      long start = System.nanoTime();
      TimelineView view =
          review.timeline(TimelineRequest.forWidth(cameras, from, from + window, PIXELS));
      nanos[i] = System.nanoTime() - start;
      marks = marks(view);
    }
    return figure(name, nanos, marks);
  }

  /** Everything a view holds that a screen draws. */
  public static long marks(TimelineView view) {
    long marks = view.summary().recorded().size() + view.summary().motion().size();
    for (TimelineView.CameraTrack t : view.cameras()) {
      marks +=
          t.recorded().size()
              + t.gaps().size()
              + t.motion().size()
              + t.bookmarks().size()
              + t.locks().size();
    }
    return marks;
  }

  private static Figure figure(String name, long[] nanos, long marks) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Figure(name, percentile(sorted, 50), percentile(sorted, 99), marks);
  }

  private static double percentile(long[] sorted, int p) {
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }
}
