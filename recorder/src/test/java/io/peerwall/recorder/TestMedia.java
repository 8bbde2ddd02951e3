package io.peerwall.recorder;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Clips and external-tool checks shared by the recorder tests. */
final class TestMedia {
  private static EncodedClip small;

  private TestMedia() {}

  /** 320x180 H.264, 15 fps, 4 s (60 frames), a keyframe every 15; encoded once per JVM. */
  static synchronized EncodedClip small() {
    if (small == null) {
      small =
          SyntheticClipEncoder.encode(
              SyntheticClipSpec.defaults("Recorder test").withSize(320, 180).withBitrate(300_000));
    }
    return small;
  }

  /** Unit n of a looping clip, at {@code originMicros + n / fps} on both clocks. */
  static AccessUnit unit(EncodedClip clip, long n, long originMicros) {
    AccessUnit u = clip.units().get((int) (n % clip.frameCount()));
    long pts = n * 1_000_000L / clip.fps();
    return new AccessUnit(u.codec(), u.data(), pts, originMicros + pts, u.keyframe());
  }

  /** The unit without a leading access-unit delimiter (the recorder writes its own). */
  static byte[] withoutDelimiter(byte[] data) {
    if (data.length > 5
        && data[0] == 0
        && data[1] == 0
        && data[2] == 0
        && data[3] == 1
        && (data[4] & 0x1F) == 9) {
      for (int i = 5; i + 3 < data.length; i++) {
        if (data[i] == 0
            && data[i + 1] == 0
            && (data[i + 2] == 1 || data[i + 2] == 0 && data[i + 3] == 1)) {
          return Arrays.copyOfRange(data, i, data.length);
        }
      }
    }
    return data;
  }

  /** Output of a command (stdout + stderr); fails the test on a non-zero exit. */
  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
    }
    return text;
  }

  /** Frames ffprobe counts by decoding the file. */
  static long ffprobeFrames(Path file) throws IOException, InterruptedException {
    String out =
        run(
            "ffprobe",
            "-v",
            "error",
            "-count_frames",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=nb_read_frames",
            "-of",
            "csv=p=0",
            file.toString());
    return Long.parseLong(out.trim().split("\\R")[0].replace(",", "").trim());
  }

  /** What ffmpeg says when decoding the whole file ("" when it decodes cleanly). */
  static String decodeErrors(Path file) throws IOException, InterruptedException {
    return run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-").trim();
  }

  /** Packet presentation times (seconds) in file order, as ffprobe reads them. */
  static List<Double> packetTimes(Path file) throws IOException, InterruptedException {
    String out =
        run(
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "packet=pts_time",
            "-of",
            "csv=p=0",
            file.toString());
    List<Double> times = new ArrayList<>();
    for (String line : out.split("\\R")) {
      if (!line.isBlank() && !line.startsWith("N/A")) {
        times.add(Double.parseDouble(line.trim().replace(",", "")));
      }
    }
    return times;
  }
}
