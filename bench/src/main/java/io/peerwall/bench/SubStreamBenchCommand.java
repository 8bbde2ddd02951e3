package io.peerwall.bench;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;

import io.peerwall.decoder.H264Encoder;
import io.peerwall.decoder.MediaClock;
import io.peerwall.decoder.source.SourceSettings;
import io.peerwall.decoder.source.SubStreamEncoder;
import io.peerwall.decoder.source.TestPatternSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerwall bench substream}: what the agent-made sub stream costs. A live test pattern (the
 * raw-picture path a webcam takes too) encodes its main stream while a {@link SubStreamEncoder}
 * scales its pictures down and encodes them on its own thread; the CPU time of that thread per
 * picture is the sub stream's cost. The main thread is measured with and without the tap, for what
 * the tap adds there. The reference is the ffmpeg CLI built from the same FFmpeg (JavaCV's) scaling
 * and encoding the same size with the same encoder (libopenh264), single-threaded, less the cost of
 * generating its input. Last line: one JSON object.
 */
@Command(
    name = "substream",
    description =
        "CPU of the agent's sub stream encoder (1280x720@15 -> 640x360) vs the ffmpeg CLI.")
public final class SubStreamBenchCommand implements Callable<Integer> {
  private static final Pattern UTIME = Pattern.compile("utime=([0-9.]+)s");
  private static final Pattern STIME = Pattern.compile("stime=([0-9.]+)s");

  @Option(names = "--seconds", defaultValue = "30", description = "Measured time (default 30).")
  int seconds;

  @Option(names = "--width", defaultValue = "1280", description = "Main width (default 1280).")
  int width;

  @Option(names = "--height", defaultValue = "720", description = "Main height (default 720).")
  int height;

  @Option(names = "--fps", defaultValue = "15", description = "Frame rate (default 15).")
  int fps;

  @Spec CommandSpec spec;

  /** CPU nanoseconds of the threads whose name starts with a prefix, and frames seen. */
  private record Sample(
      long mainCpu, long subCpu, long mainFrames, long subFrames, long subDropped) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (seconds < 1 || fps < 1 || width < 128 || height < 128) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--seconds and --fps must be at least 1, the size at least 128");
    }
    MachineLoad.warnIfBusy(out);
    int[] sub = SubStreamEncoder.sizeFor(width, height);
    int subBitrate = SubStreamEncoder.bitrateFor(sub[0], sub[1], fps);
    int mainBitrate = SourceSettings.defaults().bitrateFor(width, height, fps);
    out.printf(
        "main %dx%d@%d (%d kbit/s), sub %dx%d (%d kbit/s), %d s per run%n",
        width, height, fps, mainBitrate / 1000, sub[0], sub[1], subBitrate / 1000, seconds);
    Sample without = run(false, mainBitrate);
    Sample with = run(true, mainBitrate);
    double subMs = perFrameMs(with.subCpu(), with.subFrames());
    double mainWithMs = perFrameMs(with.mainCpu(), with.mainFrames());
    double mainWithoutMs = perFrameMs(without.mainCpu(), without.mainFrames());
    double subCore = 100.0 * with.subCpu() / (seconds * 1e9);
    double ffmpegMs = ffmpegMsPerFrame(sub, subBitrate);
    double sameInputMs = ourMsPerFrameOnFfmpegInput(sub, subBitrate);
    out.printf(
        Locale.ROOT,
        "sub encoder: %.2f ms per picture, %.1f %% of a core at %d fps (%d pictures, %d dropped)%n",
        subMs,
        subCore,
        fps,
        with.subFrames(),
        with.subDropped());
    out.printf(
        Locale.ROOT,
        "main thread: %.2f ms per picture with the tap, %.2f without%n",
        mainWithMs,
        mainWithoutMs);
    out.printf(
        Locale.ROOT,
        "ffmpeg CLI (scale + libopenh264, 1 thread, testsrc2): %.2f ms per picture;"
            + " ours on the same pictures: %.2f ms; ratio %.2f%n",
        ffmpegMs,
        sameInputMs,
        sameInputMs / ffmpegMs);
    Map<String, Object> json = Json.object();
    json.put("benchmark", "substream");
    json.put("main", width + "x" + height + "@" + fps);
    json.put("sub", sub[0] + "x" + sub[1]);
    json.put("sub_ms_per_frame", subMs);
    json.put("sub_cpu_percent_of_core", subCore);
    json.put("sub_frames_dropped", with.subDropped());
    json.put("main_ms_per_frame_with_tap", mainWithMs);
    json.put("main_ms_per_frame_without_tap", mainWithoutMs);
    json.put("ffmpeg_ms_per_frame", ffmpegMs);
    json.put("same_input_ms_per_frame", sameInputMs);
    json.put("ratio_to_ffmpeg", sameInputMs / ffmpegMs);
    json.put("load_average", MachineLoad.loadAverage());
    out.println(Json.write(json));
    out.flush();
    return 0;
  }

  private Sample run(boolean withSub, int mainBitrate) throws InterruptedException {
    String name = withSub ? "bench-sub" : "bench-main";
    AtomicLong mainFrames = new AtomicLong();
    AtomicLong subFrames = new AtomicLong();
    try (TestPatternSource main =
        new TestPatternSource(name, width, height, fps, mainBitrate, fps, MediaClock.system())) {
      SubStreamEncoder encoder =
          withSub ? SubStreamEncoder.attachTo(main, MediaClock.system()) : null;
      try {
        if (encoder != null) {
          encoder.start(u -> subFrames.incrementAndGet());
        }
        main.start(u -> mainFrames.incrementAndGet());
        Thread.sleep(3_000); // warm-up: JIT, encoder start
        long[] before = cpu(name);
        long mainBefore = mainFrames.get();
        long subBefore = subFrames.get();
        Thread.sleep(seconds * 1000L);
        long[] after = cpu(name);
        return new Sample(
            after[0] - before[0],
            after[1] - before[1],
            mainFrames.get() - mainBefore,
            subFrames.get() - subBefore,
            encoder == null ? 0 : encoder.framesDropped());
      } finally {
        if (encoder != null) {
          encoder.close();
        }
      }
    }
  }

  /** CPU time of {@code testpattern-source-NAME} and {@code substream-source-NAME}. */
  private static long[] cpu(String name) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] cpu = new long[2];
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long nanos = threads.getThreadCpuTime(info.getThreadId());
      if (info.getThreadName().equals("testpattern-source-" + name)) {
        cpu[0] += Math.max(0, nanos);
      } else if (info.getThreadName().equals("substream-source-" + name)) {
        cpu[1] += Math.max(0, nanos);
      }
    }
    return cpu;
  }

  private static double perFrameMs(long nanos, long frames) {
    return frames == 0 ? Double.NaN : nanos / 1e6 / frames;
  }

  /**
   * CPU per picture of the ffmpeg CLI scaling and encoding like the sub encoder, input excluded.
   */
  private double ffmpegMsPerFrame(int[] sub, int bitrate) throws Exception {
    int frames = Math.max(fps * seconds, 150);
    String input = "testsrc2=size=" + width + "x" + height + ":rate=" + fps;
    List<String> base =
        List.of(
            FfmpegTools.bundled(),
            "-hide_banner",
            "-nostats",
            "-benchmark",
            "-f",
            "lavfi",
            "-i",
            input,
            "-frames:v",
            String.valueOf(frames),
            "-pix_fmt",
            "yuv420p");
    List<String> encode = new ArrayList<>(base);
    encode.addAll(
        List.of(
            "-filter_threads",
            "1",
            "-vf",
            "scale=" + sub[0] + ":" + sub[1] + ":flags=bilinear",
            "-c:v",
            "libopenh264",
            "-threads",
            "1",
            "-b:v",
            String.valueOf(bitrate),
            "-g",
            String.valueOf(fps),
            "-f",
            "null",
            "-"));
    List<String> generate = new ArrayList<>(base);
    generate.addAll(List.of("-f", "null", "-"));
    double encodeCpu = cpuSeconds(Processes.check(encode, 600).stderr());
    double generateCpu = cpuSeconds(Processes.check(generate, 600).stderr());
    return (encodeCpu - generateCpu) * 1000 / frames;
  }

  /**
   * Our scaling and encoding (what the sub encoder thread does per picture) on the pictures the
   * ffmpeg reference encodes (testsrc2 has more detail and motion than our pattern), CPU time of
   * this thread only, so that the ratio compares like with like.
   */
  private double ourMsPerFrameOnFfmpegInput(int[] sub, int bitrate) throws Exception {
    int frames = Math.max(fps * seconds, 150);
    List<String> command =
        List.of(
            FfmpegTools.bundled(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=" + width + "x" + height + ":rate=" + fps,
            "-frames:v",
            String.valueOf(frames),
            "-pix_fmt",
            "yuv420p",
            "-f",
            "rawvideo",
            "-");
    Process ffmpeg =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AVFrame picture = av_frame_alloc();
    long cpu = 0;
    int encoded = 0;
    try (H264Encoder encoder = new H264Encoder(sub[0], sub[1], fps, bitrate, fps);
        InputStream in = ffmpeg.getInputStream()) {
      picture.format(AV_PIX_FMT_YUV420P).width(width).height(height);
      if (av_frame_get_buffer(picture, 1) < 0) {
        throw new IOException("cannot allocate a picture");
      }
      byte[] raw = new byte[width * height * 3 / 2];
      while (in.readNBytes(raw, 0, raw.length) == raw.length) {
        copyPlane(picture, 0, raw, 0, width, height);
        copyPlane(picture, 1, raw, width * height, width / 2, height / 2);
        copyPlane(picture, 2, raw, width * height * 5 / 4, width / 2, height / 2);
        long before = threads.getCurrentThreadCpuTime();
        encoder.encodeFrame(picture, encoded, unit -> {});
        cpu += threads.getCurrentThreadCpuTime() - before;
        encoded++;
      }
    } finally {
      av_frame_free(picture);
      ffmpeg.destroy();
    }
    return encoded == 0 ? Double.NaN : cpu / 1e6 / encoded;
  }

  private static void copyPlane(
      AVFrame picture, int plane, byte[] raw, int offset, int planeWidth, int rows) {
    int stride = picture.linesize(plane);
    for (int y = 0; y < rows; y++) {
      picture.data(plane).position((long) y * stride).put(raw, offset + y * planeWidth, planeWidth);
    }
  }

  private static double cpuSeconds(String stderr) throws IOException {
    Matcher u = UTIME.matcher(stderr);
    Matcher s = STIME.matcher(stderr);
    if (!u.find() || !s.find()) {
      throw new IOException("ffmpeg printed no -benchmark figures:\n" + stderr);
    }
    return Double.parseDouble(u.group(1)) + Double.parseDouble(s.group(1));
  }
}
