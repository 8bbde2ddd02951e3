package io.peerwall.bench.record;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.MediaClock;
import io.peerwall.p2p.util.NamedThreadFactory;
import io.peerwall.recorder.Recorder;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.RecorderInput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall bench record --streams N}: N cameras recorded at once in real time (replayed
 * pre-encoded streams, 4 Mbit/s 720p by default), the CPU the recorder's threads take per stream;
 * then one camera's hour recorded and exported to MP4, timed against real time.
 */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
      "Measure recording: CPU per recorded stream with N streams at once in real time, and the"
          + " speed of exporting an hour of one camera to MP4.",
      "Prints readable lines, then one JSON line with the figures."
    })
public final class RecordBenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--streams", defaultValue = "16", description = "Streams at once (default 16).")
  int streams;

  @Option(names = "--seconds", defaultValue = "20", description = "Measured seconds (default 20).")
  int seconds;

  @Option(names = "--size", defaultValue = "1280x720", description = "Picture size (1280x720).")
  String size;

  @Option(names = "--fps", defaultValue = "25", description = "Frames per second (25).")
  int fps;

  @Option(names = "--bitrate", defaultValue = "4000000", description = "Bits per second (4000000).")
  int bitrate;

  @Option(
      names = "--export-minutes",
      defaultValue = "60",
      description = "Minutes of one camera to record and export (60; 0 skips the export).")
  int exportMinutes;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Work directory (default: <data>/bench/record; emptied first).")
  Path dir;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    AppDirs dirs = common.prepare();
    Path work = dir != null ? dir : dirs.data().resolve("bench").resolve("record");
    BenchFiles.empty(work);
    String[] wh = size.toLowerCase(Locale.ROOT).split("x");
    out.printf(
        "Preparing a %s clip at %d fps, %d kbit/s (encoded once, cached)%n",
        size, fps, bitrate / 1000);
    EncodedClip clip =
        BenchClip.prepare(
            dirs.data().resolve("cache"),
            Integer.parseInt(wh[0]),
            Integer.parseInt(wh[1]),
            fps,
            bitrate,
            out);
    double mbps = clip.sizeBytes() * 8.0 / (clip.durationMicros() / 1e6) / 1e6;
    JsonLine json =
        new JsonLine()
            .put("benchmark", "record")
            .put("streams", streams)
            .put("seconds", seconds)
            .put("size", size)
            .put("fps", fps)
            .put("streamMbps", mbps);
    liveRun(clip, work.resolve("live"), json);
    if (exportMinutes > 0) {
      ExportRun.run(clip, work.resolve("export"), exportMinutes, out, json);
    }
    BenchFiles.empty(work);
    out.println(json);
    return ExitCode.OK;
  }

  private void liveRun(EncodedClip clip, Path dataDir, JsonLine json) throws Exception {
    RecorderConfig config =
        RecorderConfig.defaults()
            .withMotionFromMainStream(false)
            .withQueueCapacity(Math.max(4096, streams * clip.fps() * 2));
    ScheduledExecutorService replay =
        Executors.newScheduledThreadPool(2, NamedThreadFactory.numbered("bench-replay"));
    LongAdder acceptNanos = new LongAdder();
    List<ClipReplaySource> sources = new ArrayList<>();
    List<RecorderInput> inputs = new ArrayList<>();
    out.printf(
        "Recording %d stream(s) of %.2f Mbit/s in real time for %d s...%n",
        streams, clip.sizeBytes() * 8.0 / (clip.durationMicros() / 1e6) / 1e6, seconds);
    try (Recorder recorder = Recorder.open(dataDir, config)) {
      for (int i = 0; i < streams; i++) {
        RecorderInput input =
            recorder.camera(String.format(Locale.ROOT, "bench-%02d", i + 1), "Bench " + (i + 1));
        inputs.add(input);
        ClipReplaySource source =
            new ClipReplaySource("bench-" + (i + 1), clip, MediaClock.system(), replay);
        sources.add(source);
        source.start(
            unit -> {
              long start = System.nanoTime();
              input.accept(unit);
              acceptNanos.add(System.nanoTime() - start);
            });
      }
      Thread.sleep(2000); // first segments open, natives warm
      ThreadCpu before = ThreadCpu.sample();
      long acceptBefore = acceptNanos.sum();
      long writtenBefore = inputs.stream().mapToLong(RecorderInput::framesWritten).sum();
      long started = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      double elapsed = (System.nanoTime() - started) / 1e9;
      ThreadCpu after = ThreadCpu.sample();
      long written = inputs.stream().mapToLong(RecorderInput::framesWritten).sum() - writtenBefore;
      sources.forEach(ClipReplaySource::close);
      double recorderCpu = after.recorderSince(before) / 1e9 / elapsed; // cores
      double acceptCpu = (acceptNanos.sum() - acceptBefore) / 1e9 / elapsed;
      double processCpu = after.processSince(before) / 1e9 / elapsed;
      long dropped = inputs.stream().mapToLong(RecorderInput::framesDropped).sum();
      long expected = (long) (elapsed * clip.fps() * streams);
      recorder.flush(Duration.ofSeconds(30));
      var status = recorder.status();
      double perStream = (recorderCpu + acceptCpu) * 100 / streams;
      out.printf(
          Locale.ROOT,
          "recorder threads: %.1f %% of a core, frame path: %.2f %%;"
              + " per stream %.3f %% of a core (target < 1 %%)%n",
          recorderCpu * 100,
          acceptCpu * 100,
          perStream);
      out.printf(
          Locale.ROOT,
          "frames written %d of ~%d expected, %d dropped; whole process"
              + " (replay included) %.1f %% of a core%n",
          written,
          expected,
          dropped,
          processCpu * 100);
      out.printf("recorder status: %s%n", status.describe());
      json.put("recorderCpuPercent", recorderCpu * 100)
          .put("framePathCpuPercent", acceptCpu * 100)
          .put("cpuPercentPerStream", perStream)
          .put("processCpuPercent", processCpu * 100)
          .put("framesWritten", written)
          .put("framesExpected", expected)
          .put("framesDropped", dropped)
          .put("keptUp", dropped == 0 && written >= expected * 95 / 100)
          .put("perStreamTargetMet", perStream < 1.0);
    } finally {
      replay.shutdownNow();
      replay.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Helpers for the work directory. */
  static final class BenchFiles {
    private BenchFiles() {}

    static void empty(Path dir) throws IOException {
      if (java.nio.file.Files.exists(dir)) {
        try (var walk = java.nio.file.Files.walk(dir)) {
          for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
            java.nio.file.Files.delete(p);
          }
        }
      }
      java.nio.file.Files.createDirectories(dir);
    }
  }
}
