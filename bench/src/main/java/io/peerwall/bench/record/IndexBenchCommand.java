package io.peerwall.bench.record;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.recorder.RecordingIndex;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.SyntheticIndex;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall bench index}: the review queries on a synthetic index of many cameras over a long
 * time (default 64 cameras x 365 days of one-minute segments, 33.6 million rows), with the targets
 * of issue 7: time to segment p99 < 5 ms, one camera's day timeline < 20 ms.
 */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the recording index's review queries on a synthetic history (generated once and"
          + " kept under --dir; 64 x 365 takes a few minutes and ~17 GB).",
      "Prints readable lines, then one JSON line with the figures."
    })
public final class IndexBenchCommand implements Callable<Integer> {
  static final long DAY = 86_400_000_000L;
  static final long FIRST_DAY = 1_735_689_600_000_000L; // 2025-01-01T00:00:00Z

  @Mixin CommonOptions common;

  @Option(names = "--cameras", defaultValue = "64", description = "Cameras (default 64).")
  int cameras;

  @Option(names = "--days", defaultValue = "365", description = "Days of history (default 365).")
  int days;

  @Option(
      names = "--events-per-day",
      defaultValue = "40",
      description = "Motion events per camera and day (default 40).")
  int eventsPerDay;

  @Option(
      names = "--queries",
      defaultValue = "20000",
      description = "Time-to-segment lookups to time (default 20000; timelines get a tenth).")
  int queries;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where the synthetic index lives (default: <data>/bench/index-CxD).")
  Path dir;

  @Option(names = "--regenerate", description = "Make the synthetic index again.")
  boolean regenerate;

  PrintStream out = System.out;

  @Override
  public Integer call() throws IOException {
    AppDirs dirs = common.prepare();
    Path db =
        dir != null ? dir : dirs.data().resolve("bench").resolve("index-" + cameras + "x" + days);
    Path file = db.resolve(RecordingIndex.FILE_NAME);
    double generateSeconds = 0;
    if (regenerate || !Files.exists(file)) {
      deleteIndex(db);
      Files.createDirectories(db);
      out.printf(
          "Generating %d cameras x %d days of one-minute segments in %s%n", cameras, days, db);
      long started = System.nanoTime();
      long total = (long) cameras * days * 1440;
      long[] lastPrint = {System.nanoTime()};
      long rows =
          SyntheticIndex.generate(
              db,
              new SyntheticIndex.Spec(cameras, days, FIRST_DAY, eventsPerDay, 42),
              written -> {
                if (System.nanoTime() - lastPrint[0] > 10_000_000_000L) {
                  lastPrint[0] = System.nanoTime();
                  double seconds = (lastPrint[0] - started) / 1e9;
                  out.printf(
                      Locale.ROOT,
                      "  %,d of ~%,d rows (%.0f rows/s)%n",
                      written,
                      total,
                      written / seconds);
                }
              });
      generateSeconds = (System.nanoTime() - started) / 1e9;
      out.printf(Locale.ROOT, "Generated %,d segment rows in %.0f s%n", rows, generateSeconds);
    }
    long dbBytes =
        Files.size(file)
            + (Files.exists(db.resolve(RecordingIndex.FILE_NAME + "-wal"))
                ? Files.size(db.resolve(RecordingIndex.FILE_NAME + "-wal"))
                : 0);
    Random random = new Random(1);
    Latencies seek = new Latencies(queries);
    Latencies timeline = new Latencies(Math.max(1, queries / 10));
    Latencies wall = new Latencies(Math.max(1, queries / 20));
    Latencies next = new Latencies(Math.max(1, queries / 20));
    long segments;
    try (Recordings recordings = Recordings.open(db)) {
      List<String> ids = new ArrayList<>();
      segments = 0;
      for (Recordings.CameraInfo c : recordings.cameras()) {
        ids.add(c.cameraId());
        segments += c.segments();
      }
      long span = (long) days * DAY;
      // Warm-up: the first queries load the schema and the statements.
      for (int i = 0; i < 200; i++) {
        recordings.seek(
            ids.get(random.nextInt(ids.size())), FIRST_DAY + (long) (random.nextDouble() * span));
      }
      for (int i = 0; i < queries; i++) {
        String camera = ids.get(random.nextInt(ids.size()));
        long t = FIRST_DAY + (long) (random.nextDouble() * span);
        long start = System.nanoTime();
        recordings.seek(camera, t);
        seek.add(System.nanoTime() - start);
      }
      for (int i = 0; i < Math.max(1, queries / 10); i++) {
        String camera = ids.get(random.nextInt(ids.size()));
        long day = FIRST_DAY + random.nextInt(days) * DAY;
        long start = System.nanoTime();
        Recordings.Timeline tl = recordings.timeline(camera, day, day + DAY);
        timeline.add(System.nanoTime() - start);
        if (tl.ranges().isEmpty()) {
          throw new IllegalStateException("a day without recordings: the index is incomplete");
        }
      }
      List<String> sixteen = ids.subList(0, Math.min(16, ids.size()));
      for (int i = 0; i < Math.max(1, queries / 20); i++) {
        long hour = FIRST_DAY + (long) (random.nextDouble() * (span - 3_600_000_000L));
        long start = System.nanoTime();
        recordings.ranges(sixteen, hour, hour + 3_600_000_000L);
        recordings.events(sixteen, hour, hour + 3_600_000_000L);
        wall.add(System.nanoTime() - start);
        start = System.nanoTime();
        recordings.nextEvent(ids, hour);
        next.add(System.nanoTime() - start);
      }
    }
    double perCameraDay = dbBytes / (double) ((long) cameras * days);
    out.printf(
        Locale.ROOT,
        "index: %,d segments, %.2f GB, %.0f KB per camera-day%n",
        segments,
        dbBytes / 1e9,
        perCameraDay / 1024);
    out.printf(
        Locale.ROOT,
        "time -> segment and keyframe: p50 %.3f ms, p99 %.3f ms (target p99 < 5 ms)%n",
        seek.percentileMillis(50),
        seek.percentileMillis(99));
    out.printf(
        Locale.ROOT,
        "one camera's day timeline (ranges + events + gaps): p50 %.2f ms,"
            + " p99 %.2f ms (target < 20 ms)%n",
        timeline.percentileMillis(50),
        timeline.percentileMillis(99));
    out.printf(
        Locale.ROOT,
        "16 cameras, one hour (ranges + events): p50 %.2f ms, p99 %.2f ms%n",
        wall.percentileMillis(50),
        wall.percentileMillis(99));
    out.printf(
        Locale.ROOT,
        "next motion event across %d cameras: p50 %.2f ms, p99 %.2f ms%n",
        cameras,
        next.percentileMillis(50),
        next.percentileMillis(99));
    JsonLine json =
        new JsonLine()
            .put("benchmark", "index")
            .put("cameras", cameras)
            .put("days", days)
            .put("segments", segments)
            .put("dbBytes", dbBytes)
            .put("bytesPerCameraDay", Math.round(perCameraDay))
            .put("generateSeconds", generateSeconds)
            .put("seekP50Ms", seek.percentileMillis(50))
            .put("seekP99Ms", seek.percentileMillis(99))
            .put("dayTimelineP50Ms", timeline.percentileMillis(50))
            .put("dayTimelineP99Ms", timeline.percentileMillis(99))
            .put("wall16HourP99Ms", wall.percentileMillis(99))
            .put("nextEventP99Ms", next.percentileMillis(99))
            .put("seekTargetMet", seek.percentileMillis(99) < 5)
            .put("dayTimelineTargetMet", timeline.percentileMillis(99) < 20);
    out.println(json);
    return ExitCode.OK;
  }

  private static void deleteIndex(Path db) throws IOException {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(db.resolve(RecordingIndex.FILE_NAME + suffix));
    }
  }
}
