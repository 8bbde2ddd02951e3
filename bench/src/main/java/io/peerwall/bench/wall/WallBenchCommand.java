package io.peerwall.bench.wall;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.DurationConverter;
import io.peerwall.desktop.wall.Layout;
import io.peerwall.desktop.wall.PulseProbe;
import io.peerwall.desktop.wall.WallWindow;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.recordings.RecordingSession;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code peerwall bench wall}: how smooth the live wall is with N cameras. Cameras replay
 * pre-encoded 640x360 clips over real sessions in this process; the station decodes each to its
 * tile's size and the real wall window shows them (run under Xvfb, or any display). After a warm-up
 * it measures, over the duration: frames displayed out of frames sent of the streams on screen, the
 * FX pulse's duration, capture-to-screen latency, CPU, bandwidth and memory per tile, and how many
 * tiles show the sub stream. By default every camera is recorded, as the demo and the station do,
 * so each session also carries the main stream (decision 0037). The last line is one JSON object.
 */
@Command(
    name = "wall",
    description = {
      "Measure the live wall: N cameras replaying 640x360 clips (and a 320x180 sub stream) over"
          + " real sessions, shown on the wall window (needs a display; under Xvfb: xvfb-run"
          + " ./peerwall bench wall ...).",
      "Prints frames displayed %%, FX pulse p95, capture-to-screen latency p95 and memory per"
          + " tile; the last line is one JSON object."
    })
public final class WallBenchCommand implements Callable<Integer> {
  static final int MAX_TILES = 64;

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(
      names = "--tiles",
      paramLabel = "N",
      defaultValue = "16",
      description = "Cameras and tiles, 1 to 64 (default ${DEFAULT-VALUE}).")
  int tiles;

  @Option(
      names = "--fps",
      paramLabel = "F",
      defaultValue = "15",
      description = "Frames per second each camera sends, 1 to 60 (default ${DEFAULT-VALUE}).")
  int fps;

  @Option(
      names = "--duration",
      paramLabel = "D",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description = "How long to measure, after the warm-up (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warmup",
      paramLabel = "D",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Time on screen before measuring (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--sub-stream",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Cameras also offer a 320x180 sub stream, which small tiles show (default; turn off with"
              + " --no-sub-stream to decode every tile from the main stream).")
  boolean subStream;

  @Option(
      names = "--record",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Record every camera, as the demo and the station do, into a scratch data directory"
              + " deleted afterwards (default; a recording session also carries the main stream:"
              + " --no-record measures the wall alone).")
  boolean record;

  /** Runs the benchmark on its own (before or besides {@code peerwall bench wall}). */
  public static void main(String[] args) {
    System.exit(
        new picocli.CommandLine(new WallBenchCommand())
            .setExecutionExceptionHandler(new io.peerwall.cli.ErrorPolicy())
            .setParameterExceptionHandler(new io.peerwall.cli.ErrorPolicy())
            .execute(args));
  }

  /** Where the report goes; tests replace it. */
  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    if (tiles < 1 || tiles > MAX_TILES) {
      throw new ParameterException(spec.commandLine(), "--tiles must be 1 to " + MAX_TILES);
    }
    if (fps < 1 || fps > 60) {
      throw new ParameterException(spec.commandLine(), "--fps must be 1 to 60");
    }
    AppDirs dirs = common.prepare();
    Clock clock = Clock.systemUTC();
    out.printf(
        Locale.ROOT,
        "bench wall: %d tiles at %d fps, %s, %s, %s warm-up, %s measured%n",
        tiles,
        fps,
        subStream ? "with a sub stream" : "main stream only",
        record ? "recording" : "not recording",
        warmup,
        duration);
    RecordingSession recording = null;
    Path scratch = null;
    try (WallBenchRig rig =
        WallBenchRig.startCameras(tiles, fps, subStream, dirs.data().resolve("cache"), out)) {
      // The toolkit, renderer and theme are paid once per station, not per tile: load them first.
      WallWindow.warmUpToolkit();
      MemoryProbe.Sample before = MemoryProbe.sample();
      Layout layout = Layout.fitting(tiles);
      // The window's tile area is about 1090x680 (1280x760 less the camera list and bars).
      int tileWidth = Math.max(16, (1090 / layout.columns()) & ~1);
      int tileHeight = Math.max(16, (tileWidth * 9 / 16) & ~1);
      rig.startFeeds(tileWidth, tileHeight, clock);
      if (record) {
        scratch = Files.createTempDirectory(dirs.data(), "bench-wall-recordings-");
        recording = RecordingSession.open(scratch, RecorderConfig.defaults(), out);
        recording.record(rig.feeds());
      }
      waitForLive(rig.feeds(), Duration.ofSeconds(30));
      WallWindow window = WallWindow.open("PeerWall — bench wall", rig.feeds(), clock, () -> {});
      PulseProbe pulses = PulseProbe.attach(window);
      try {
        Thread.sleep(warmup.toMillis());
        WallBenchFigures.Counters start = WallBenchFigures.Counters.take(rig);
        int subAtStart = rig.tilesOnSubStream();
        pulses.reset();
        Thread.sleep(duration.toMillis());
        WallBenchFigures.Counters end = WallBenchFigures.Counters.take(rig);
        MemoryProbe.Sample after = MemoryProbe.sample();
        Map<String, Object> figures =
            WallBenchFigures.compute(tiles, fps, duration, start, end, pulses, before, after);
        figures.put("subStreamOffered", subStream);
        figures.put("recording", record);
        figures.put("tileHeight", tileHeight);
        figures.put("tilesOnSubStreamAtStart", subAtStart);
        figures.put("tilesOnSubStream", rig.tilesOnSubStream());
        WallBenchFigures.print(out, figures);
        out.println(new ObjectMapper().writeValueAsString(figures));
      } finally {
        window.close();
      }
    } finally {
      // After the feeds (closed with the rig): no more frames for the recorder.
      if (recording != null) {
        recording.close();
      }
      if (scratch != null) {
        deleteTree(scratch);
      }
    }
    return 0;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void waitForLive(List<CameraFeed> feeds, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline
        && !feeds.stream().allMatch(f -> f.state() == FeedState.LIVE)) {
      Thread.sleep(100);
    }
  }
}
