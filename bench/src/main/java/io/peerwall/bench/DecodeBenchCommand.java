package io.peerwall.bench;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.DecodeStatus;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.StreamDecoder;
import io.peerwall.decoder.demux.MediaFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerwall bench decode}: single-thread H.264 decoding speed at 720p and 360p, decode alone
 * and decode plus scaling to a 320x180 BGRA tile, side by side with {@code ffmpeg -threads 1 -i
 * clip -f null -} on the same clip in the same run.
 *
 * <p>Method: each clip is read into memory once; then, alternating with the ffmpeg runs so that
 * both see the same machine conditions, we time {@code --runs} passes of each kind and report the
 * medians. Our figure covers decoding from memory; ffmpeg's (its own -benchmark clock) covers
 * demuxing and decoding but not start-up and probing.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = {
      "Single-thread H.264 decoding speed (720p and 360p), alone and with scaling to a 320x180"
          + " tile, against the ffmpeg CLI on the same clips.",
      "Targets: >= 0.95 x ffmpeg for decoding, >= 0.8 x ffmpeg's decoding speed with scaling."
    })
public final class DecodeBenchCommand implements Callable<Integer> {

  static final double TARGET_DECODE = 0.95;
  static final double TARGET_DECODE_SCALE = 0.80;

  @Spec CommandSpec spec;

  @Mixin WorkDirOption workDir;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description = "Length of each benchmark clip in seconds (default: ${DEFAULT-VALUE}).")
  int seconds = 20;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description = "Timed runs of each kind; the median is reported (default: ${DEFAULT-VALUE}).")
  int runs = 3;

  @Option(
      names = "--ffmpeg",
      paramLabel = "PATH",
      description = "Reference ffmpeg binary (default: the one bundled with JavaCV).")
  Path ffmpeg;

  @Option(
      names = "--quick",
      description = "Small clips (360p and 180p) for a fast smoke run; not for the record.")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    double loadAtStart = MachineLoad.loadAverage();
    if (seconds < 1 || runs < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--seconds and --runs must be at least 1");
    }
    FfmpegTools tools = new FfmpegTools(ffmpeg);
    BenchClips clips = new BenchClips(workDir.workDir);
    List<BenchClips.Spec> specs =
        quick
            ? List.of(
                new BenchClips.Spec(640, 360, 30, seconds, 800, 30),
                new BenchClips.Spec(320, 180, 30, seconds, 300, 30))
            : List.of(
                new BenchClips.Spec(1280, 720, 30, seconds, 2500, 30),
                new BenchClips.Spec(640, 360, 30, seconds, 800, 30));
    String version = tools.referenceVersion();
    out.printf(
        "PeerWall decode benchmark: H.264, one thread, %d runs each (median), %d cores%n",
        runs, Runtime.getRuntime().availableProcessors());
    out.printf("reference: %s -threads 1 (FFmpeg %s)%n", tools.reference(), version);
    MachineLoad.warnIfBusy(out);
    out.flush();

    List<Object> results = new ArrayList<>();
    boolean allMet = true;
    for (BenchClips.Spec clipSpec : specs) {
      BenchClips.Clip clip = clips.get(clipSpec);
      Map<String, Object> result = measure(clip, tools, out);
      allMet &= (Boolean) result.get("targets_met");
      results.add(result);
    }
    Map<String, Object> json = Json.object();
    json.put("benchmark", "decode");
    json.put("cores", Runtime.getRuntime().availableProcessors());
    json.put("load_average_at_start", loadAtStart);
    json.put("reference", "ffmpeg " + version + " -threads 1");
    json.put("runs", runs);
    json.put("clips", results);
    json.put("target_decode_ratio", TARGET_DECODE);
    json.put("target_decode_scale_ratio", TARGET_DECODE_SCALE);
    json.put("targets_met", allMet);
    out.println(Json.write(json));
    out.flush();
    return 0;
  }

  private Map<String, Object> measure(BenchClips.Clip clip, FfmpegTools tools, PrintWriter out)
      throws Exception {
    EncodedClip units = MediaFiles.readClip(clip.file(), clip.spec().fps());
    BenchClips.Spec s = clip.spec();
    out.printf(
        "%nclip %dx%d, %d fps, %d frames: %s%n",
        s.width(), s.height(), s.fps(), units.frameCount(), clip.description());
    out.flush();
    FrameBuffer tile = new FrameBuffer(320, 180);
    // Warm-up: JIT, decoder and scaler set-up, page cache for ffmpeg.
    decodeFps(units, null);
    tools.decode(clip.file(), null);
    double[] decode = new double[runs];
    double[] decodeScale = new double[runs];
    double[] reference = new double[runs];
    double[] referenceScale = new double[runs];
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    SystemCpu.Sample machineStart = SystemCpu.sample();
    long ownCpuStart = os.getProcessCpuTime();
    long wallStart = System.nanoTime();
    double ffmpegCpu = 0;
    for (int run = 0; run < runs; run++) {
      decode[run] = decodeFps(units, null);
      FfmpegTools.Timing plain = tools.decode(clip.file(), null);
      reference[run] = units.frameCount() / plain.realSeconds();
      decodeScale[run] = decodeFps(units, tile);
      FfmpegTools.Timing scaled =
          tools.decode(clip.file(), "scale=320:180:flags=bilinear,format=bgra");
      referenceScale[run] = units.frameCount() / scaled.realSeconds();
      ffmpegCpu += plain.cpuSeconds() + scaled.cpuSeconds();
    }
    double wall = (System.nanoTime() - wallStart) / 1e9;
    double machineBusy = SystemCpu.sample().busySince(machineStart);
    int cores = Runtime.getRuntime().availableProcessors();
    double others =
        machineBusy < 0
            ? -1
            : Math.max(
                0,
                100.0 * machineBusy
                    - 100.0
                        * ((os.getProcessCpuTime() - ownCpuStart) / 1e9 + ffmpegCpu)
                        / (wall * cores));
    double ours = Stats.median(decode);
    double oursScaled = Stats.median(decodeScale);
    double theirs = Stats.median(reference);
    double theirsScaled = Stats.median(referenceScale);
    double ratio = ours / theirs;
    double ratioScaled = oursScaled / theirs;
    out.printf(
        Locale.ROOT,
        "  decode only              %6.0f fps   ffmpeg %6.0f fps   ratio %.2f (target >= %.2f) %s%n",
        ours,
        theirs,
        ratio,
        TARGET_DECODE,
        ratio >= TARGET_DECODE ? "met" : "MISSED");
    out.printf(
        Locale.ROOT,
        "  decode + 320x180 BGRA    %6.0f fps   ratio to ffmpeg decode %.2f (target >= %.2f) %s%n",
        oursScaled,
        ratioScaled,
        TARGET_DECODE_SCALE,
        ratioScaled >= TARGET_DECODE_SCALE ? "met" : "MISSED");
    out.printf(
        Locale.ROOT,
        "  (ffmpeg with the same scaling: %.0f fps, ratio %.2f)%n",
        theirsScaled,
        oursScaled / theirsScaled);
    if (others > 10) {
      out.printf(
          Locale.ROOT,
          "  other programs used %.0f %% of the machine meanwhile: figures may be low%n",
          others);
    }
    out.flush();
    Map<String, Object> result = Json.object();
    result.put("width", s.width());
    result.put("height", s.height());
    result.put("fps", s.fps());
    result.put("frames", units.frameCount());
    result.put("bitrate_kbps", s.bitrateKbps());
    result.put("encoder", clip.encoder());
    result.put("decode_fps", ours);
    result.put("decode_scale_320x180_fps", oursScaled);
    result.put("ffmpeg_decode_fps", theirs);
    result.put("ffmpeg_decode_scale_fps", theirsScaled);
    result.put("decode_ratio", ratio);
    result.put("decode_scale_ratio", ratioScaled);
    result.put("other_programs_percent_of_machine", others);
    result.put("targets_met", ratio >= TARGET_DECODE && ratioScaled >= TARGET_DECODE_SCALE);
    return result;
  }

  /** Decodes the whole clip on this thread, one fresh decoder, and returns frames per second. */
  static double decodeFps(EncodedClip clip, FrameBuffer out) {
    List<AccessUnit> units = clip.units();
    try (StreamDecoder decoder = new StreamDecoder(clip.codec())) {
      int frames = 0;
      long started = System.nanoTime();
      for (AccessUnit unit : units) {
        if (decoder.decode(unit, out) == DecodeStatus.FRAME) {
          frames++;
        }
      }
      long elapsed = System.nanoTime() - started;
      if (frames != units.size()) {
        throw new IllegalStateException(
            "decoded " + frames + " of " + units.size() + " frames; the clip is damaged");
      }
      return frames / (elapsed / 1e9);
    }
  }
}
