package io.peerwall.recorder;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.H264Encoder;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.decoder.VideoCodec;
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
  private static EncodedClip moving;

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

  /**
   * 160x96 H.264, 10 fps, 8 s (80 frames), a keyframe every 10: a white square that never stops
   * moving across a grey scene, so motion detection sees one event for as long as it plays (it
   * loops at a keyframe). Encoded once per JVM.
   */
  static synchronized EncodedClip moving() {
    if (moving == null) {
      int w = 160;
      int h = 96;
      int fps = 10;
      List<AccessUnit> units = new ArrayList<>();
      try (H264Encoder encoder = new H264Encoder(w, h, fps, 300_000, fps)) {
        byte[] bgr = new byte[w * h * 3];
        for (int i = 0; i < 8 * fps; i++) {
          Arrays.fill(bgr, (byte) 0x60);
          int step = i % 40;
          int x0 = 8 + (step < 20 ? step : 40 - step) * 6;
          for (int y = 30; y < 54; y++) {
            for (int x = x0; x < x0 + 24; x++) {
              Arrays.fill(bgr, (y * w + x) * 3, (y * w + x) * 3 + 3, (byte) 0xF0);
            }
          }
          encoder.encodeBgr(bgr, i, units::add);
        }
        encoder.finish(units::add);
      }
      moving = new EncodedClip(VideoCodec.H264, w, h, fps, units);
    }
    return moving;
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
