package io.peerwall.bench;

import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.demux.MediaFiles;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code peerwall bench decoders --streams N}: how many 640x360, 15 fps camera tiles this machine
 * keeps live. For each N, N decoders on N threads, each paced in real time and scaled to the tile a
 * 1920x1080 wall gives it, for a warm-up and a measured window; a stream keeps real time when every
 * frame due in the window is decoded within it and 99 % are decoded within two frame periods. Then
 * the Java heap allocated per decoded frame, the native memory per open decoder, and the CPU to
 * record one 4 Mbit/s stream without re-encoding.
 */
@Command(
    name = "decoders",
    mixinStandardHelpOptions = true,
    description = {
      "How many 640x360 15 fps camera tiles this machine decodes in real time (N parallel"
          + " decoders), with CPU use, heap bytes per frame, native memory per decoder and the CPU"
          + " cost of recording a 4 Mbit/s stream.",
      "Targets: 64 streams in real time, ~0 heap bytes per frame, < 0.5 %% of a core per recorded"
          + " stream."
    })
public final class DecodersBenchCommand implements Callable<Integer> {

  static final int TARGET_STREAMS = 64;
  static final double TARGET_REMUX_PERCENT = 0.5;

  @Spec CommandSpec spec;

  @Mixin WorkDirOption workDir;

  @Option(
      names = "--streams",
      split = ",",
      paramLabel = "N",
      description = "Stream counts to try, e.g. 16 or 4,16,36,64 (default: 4,16,36,64).")
  List<Integer> streams = new ArrayList<>(List.of(4, 16, 36, 64));

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description =
          "Measured seconds per stream count, after 2 s of warm-up (default: ${DEFAULT-VALUE}).")
  double seconds = 10;

  @Option(
      names = "--remux-seconds",
      paramLabel = "S",
      description = "Media seconds written for the recording cost (default: ${DEFAULT-VALUE}).")
  int remuxSeconds = 120;

  @Option(names = "--quick", description = "Small clips for a fast smoke run; not for the record.")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    double loadAtStart = MachineLoad.loadAverage();
    if (streams.isEmpty() || streams.stream().anyMatch(n -> n < 1 || n > 1024)) {
      throw new ParameterException(spec.commandLine(), "--streams takes counts from 1 to 1024");
    }
    if (seconds < 1 || remuxSeconds < 1) {
      throw new ParameterException(
          spec.commandLine(), "--seconds and --remux-seconds must be >= 1");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    BenchClips clips = new BenchClips(workDir.workDir);
    BenchClips.Clip tileClip =
        clips.get(
            quick
                ? new BenchClips.Spec(320, 180, 15, 4, 250, 15)
                : new BenchClips.Spec(640, 360, 15, 10, 600, 15));
    EncodedClip units = MediaFiles.readClip(tileClip.file(), 15);
    out.printf(
        "PeerWall parallel decoding benchmark: %d cores, %s%n", cores, "Java " + Runtime.version());
    out.printf(
        "camera stream: %dx%d, 15 fps, %s; one decoder thread per stream, tiles of a 1920x1080"
            + " wall%n",
        units.width(), units.height(), tileClip.description());
    MachineLoad.warnIfBusy(out);
    out.flush();

    ParallelDecodeRun runner = new ParallelDecodeRun(units, 2, seconds);
    List<Object> levels = new ArrayList<>();
    int best = 0;
    double lastPerStreamPercent = 0;
    long allocated = 0;
    long frames = 0;
    for (int n : streams) {
      ParallelDecodeRun.Result r = runner.run(n);
      allocated += r.allocatedBytes();
      frames += r.framesDecoded();
      lastPerStreamPercent = perStreamPercent(r, cores, units.fps());
      if (r.realtimeStreams() == n) {
        best = Math.max(best, n);
      }
      out.printf(
          Locale.ROOT,
          "  %3d streams -> %3dx%-3d tiles: %3d in real time, %6.0f frames/s decoded, CPU %5.1f %%"
              + " of the machine, lateness p50 %.1f ms, p99 %.1f ms%n",
          n,
          r.tileWidth(),
          r.tileHeight(),
          r.realtimeStreams(),
          r.decodedFps(),
          r.cpuPercentOfMachine(),
          r.latenessP50Millis(),
          r.latenessP99Millis());
      if (r.othersPercentOfMachine() > 10) {
        out.printf(
            Locale.ROOT,
            "      other programs used %.0f %% of the machine meanwhile: this level measured what"
                + " was left%n",
            r.othersPercentOfMachine());
      }
      out.flush();
      Map<String, Object> level = Json.object();
      level.put("streams", n);
      level.put("tile", r.tileWidth() + "x" + r.tileHeight());
      level.put("realtime_streams", r.realtimeStreams());
      level.put("decoded_fps", r.decodedFps());
      level.put("cpu_percent_of_machine", r.cpuPercentOfMachine());
      level.put("cpu_percent_of_core", r.cpuPercentOfMachine() * cores);
      level.put("cpu_percent_of_core_per_stream", perStreamPercent(r, cores, units.fps()));
      level.put("other_programs_percent_of_machine", r.othersPercentOfMachine());
      level.put("lateness_p50_ms", r.latenessP50Millis());
      level.put("lateness_p99_ms", r.latenessP99Millis());
      levels.add(level);
    }
    // Sizing figure that holds even when other programs share the machine: CPU time per stream at
    // real time (largest level measured) against all cores, keeping a fifth in reserve.
    double perStream = lastPerStreamPercent;
    int capacity = perStream > 0 ? (int) Math.floor(cores * 100 * 0.8 / perStream) : 0;
    out.printf(
        Locale.ROOT,
        "  CPU per stream: %.2f %% of a core -> about %d streams on %d cores with 20 %% to spare%n",
        perStream,
        capacity,
        cores);
    double heapPerFrame = frames == 0 ? 0 : (double) allocated / frames;
    out.printf(Locale.ROOT, "  Java heap allocated per decoded frame: %.1f bytes%n", heapPerFrame);

    int[] tile = ParallelDecodeRun.tileSize(64, units.width(), units.height());
    NativeMemoryProbe.Result memory = NativeMemoryProbe.measure(units, 64, tile[0], tile[1]);
    out.printf(
        Locale.ROOT,
        "  native memory per open decoder (64 open, %dx%d tiles): %.2f MB; resident size once"
            + " they are closed: %+.1f MB compared with before%n",
        tile[0],
        tile[1],
        memory.bytesPerDecoder() / 1e6,
        (memory.residentClosed() - memory.residentBefore()) / 1e6);
    out.flush();

    BenchClips.Clip recordClip =
        clips.get(
            quick
                ? new BenchClips.Spec(640, 360, 25, 4, 4000, 50)
                : new BenchClips.Spec(1280, 720, 25, 10, 4000, 50));
    EncodedClip recordUnits = MediaFiles.readClip(recordClip.file(), 25);
    RemuxBenchmark.Result remux =
        RemuxBenchmark.measure(recordUnits, remuxSeconds, workDir.workDir.resolve("remux"));
    out.printf(
        Locale.ROOT,
        "  recording without re-encoding, %.1f Mbit/s stream (%dx%d): %.3f %% of a core per stream"
            + " (target < %.1f %%)%n",
        remux.megabitsPerSecond(),
        recordUnits.width(),
        recordUnits.height(),
        remux.cpuPercentOfCorePerStream(),
        TARGET_REMUX_PERCENT);
    out.printf("  most streams kept in real time: %d (target %d)%n", best, TARGET_STREAMS);
    out.flush();

    Map<String, Object> json = Json.object();
    json.put("benchmark", "decoders");
    json.put("cores", cores);
    json.put("load_average_at_start", loadAtStart);
    json.put("stream", units.width() + "x" + units.height() + "@15");
    json.put("encoder", tileClip.encoder());
    json.put("window_seconds", seconds);
    json.put("levels", levels);
    json.put("max_realtime_streams", best);
    json.put("cpu_percent_of_core_per_stream", perStream);
    json.put("estimated_capacity_streams", capacity);
    json.put("heap_bytes_per_frame", heapPerFrame);
    json.put("native_bytes_per_decoder", memory.bytesPerDecoder());
    Map<String, Object> record = Json.object();
    record.put("mbit_per_s", remux.megabitsPerSecond());
    record.put("media_seconds", remux.mediaSeconds());
    record.put("cpu_seconds", remux.cpuSeconds());
    record.put("cpu_percent_of_core_per_stream", remux.cpuPercentOfCorePerStream());
    json.put("remux", record);
    json.put("target_streams", TARGET_STREAMS);
    json.put("target_remux_percent", TARGET_REMUX_PERCENT);
    json.put(
        "targets_met",
        best >= TARGET_STREAMS && remux.cpuPercentOfCorePerStream() < TARGET_REMUX_PERCENT);
    out.println(Json.write(json));
    out.flush();
    return 0;
  }

  /**
   * Share of one core a stream needs in real time: CPU time per decoded frame (whatever the level
   * managed) times the frame rate. Unlike "streams kept in real time" it does not collapse when
   * other programs take the CPU away, which makes it the figure to size a machine with.
   */
  static double perStreamPercent(ParallelDecodeRun.Result r, int cores, int fps) {
    if (r.decodedFps() <= 0) {
      return 0;
    }
    double coreSecondsPerSecond = r.cpuPercentOfMachine() / 100 * cores;
    return 100 * coreSecondsPerSecond / r.decodedFps() * fps;
  }
}
