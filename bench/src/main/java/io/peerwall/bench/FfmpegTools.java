package io.peerwall.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;

/**
 * The ffmpeg command-line tools the benchmarks use: the reference decoder (by default the ffmpeg
 * binary bundled with JavaCV, built from the same FFmpeg as our natives, so the comparison is of
 * our use of the libraries, not of two FFmpeg versions) and the clip encoder (Debian's ffmpeg when
 * it has libx264, for camera-like High-profile CABAC streams; the bundled one with libopenh264
 * otherwise).
 */
final class FfmpegTools {

  private static final Pattern RTIME = Pattern.compile("rtime=([0-9.]+)s");
  private static final Pattern UTIME = Pattern.compile("utime=([0-9.]+)s");
  private static final Pattern STIME = Pattern.compile("stime=([0-9.]+)s");
  private static final Pattern VERSION = Pattern.compile("ffmpeg version (\\S+)");
  private static final Path SYSTEM_FFMPEG = Path.of("/usr/bin/ffmpeg");

  private final String reference;

  /**
   * @param reference the reference ffmpeg binary; null for JavaCV's bundled one
   */
  FfmpegTools(Path reference) {
    this.reference = reference != null ? reference.toString() : bundled();
  }

  /** JavaCV's ffmpeg binary (unpacked to ~/.javacpp/cache on first use). */
  static String bundled() {
    return Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
  }

  String reference() {
    return reference;
  }

  /** "8.1.2" or whatever the reference binary reports. */
  String referenceVersion() throws IOException {
    Matcher m = VERSION.matcher(Processes.check(List.of(reference, "-version"), 30).stdout());
    return m.find() ? m.group(1) : "unknown";
  }

  /** The binary to make clips with and its H.264 encoder. */
  record Encoder(String binary, String name) {}

  /** Debian's ffmpeg with libx264 if installed, else the bundled one with libopenh264. */
  static Encoder clipEncoder() throws IOException {
    if (Files.isExecutable(SYSTEM_FFMPEG)) {
      String encoders =
          Processes.run(List.of(SYSTEM_FFMPEG.toString(), "-hide_banner", "-encoders"), 30)
              .stdout();
      if (encoders.contains(" libx264 ")) {
        return new Encoder(SYSTEM_FFMPEG.toString(), "libx264");
      }
    }
    return new Encoder(bundled(), "libopenh264");
  }

  /** One timed run of the reference: real time and CPU time of its transcode loop. */
  record Timing(double realSeconds, double cpuSeconds) {}

  /**
   * Times {@code ffmpeg -threads 1 -i clip [filters] -f null -} with ffmpeg's own {@code
   * -benchmark} clock, which covers decoding (and demuxing) but not process start-up and probing.
   *
   * @param filter a -vf filter chain, or null for decoding alone
   */
  Timing decode(Path clip, String filter) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                reference,
                "-hide_banner",
                "-nostats",
                "-benchmark",
                "-threads",
                "1",
                "-i",
                clip.toString()));
    if (filter != null) {
      command.addAll(List.of("-filter_threads", "1", "-vf", filter));
    }
    command.addAll(List.of("-an", "-f", "null", "-"));
    String stderr = Processes.check(command, 300).stderr();
    return new Timing(seconds(RTIME, stderr), seconds(UTIME, stderr) + seconds(STIME, stderr));
  }

  private static double seconds(Pattern pattern, String text) throws IOException {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new IOException("ffmpeg printed no -benchmark figures:\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  static String format(double value) {
    return String.format(Locale.ROOT, "%.0f", value);
  }
}
