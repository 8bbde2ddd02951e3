package io.peerwall.decoder.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Video files for tests, made once per test JVM with the bundled ffmpeg (testsrc2, libopenh264) and
 * cached in a temporary directory.
 */
public final class TestMedia {

  private static final Map<String, Path> made = new HashMap<>();
  private static Path directory;

  private TestMedia() {}

  /**
   * An H.264 file: testsrc2 at {@code width}x{@code height}, {@code fps}, {@code seconds} long, a
   * keyframe every {@code gop} frames, in the container of {@code extension} (mp4, mkv, ts).
   */
  public static Path h264(int width, int height, int fps, int seconds, int gop, String extension) {
    return encode(
        "libopenh264",
        List.of("-b:v", Integer.toString(width * height * fps / 8)),
        width,
        height,
        fps,
        seconds,
        gop,
        extension);
  }

  /** A VP8 WebM file (libvpx, real-time settings). */
  public static Path vp8(int width, int height, int fps, int seconds, int gop) {
    return encode(
        "libvpx",
        List.of("-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k", "-auto-alt-ref", "0"),
        width,
        height,
        fps,
        seconds,
        gop,
        "webm");
  }

  /** A VP9 WebM file (libvpx-vp9, real-time settings, no hidden alt-ref frames). */
  public static Path vp9(int width, int height, int fps, int seconds, int gop) {
    return encode(
        "libvpx-vp9",
        List.of("-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k", "-lag-in-frames", "0"),
        width,
        height,
        fps,
        seconds,
        gop,
        "webm");
  }

  /** An AV1 Matroska file (libaom, fastest real-time settings). */
  public static Path av1(int width, int height, int fps, int seconds, int gop) {
    return encode(
        "libaom-av1",
        List.of("-usage", "realtime", "-cpu-used", "8", "-b:v", "300k", "-lag-in-frames", "0"),
        width,
        height,
        fps,
        seconds,
        gop,
        "mkv");
  }

  /** Encodes testsrc2 with the bundled ffmpeg; cached per JVM by all parameters. */
  public static synchronized Path encode(
      String encoder,
      List<String> encoderOptions,
      int width,
      int height,
      int fps,
      int seconds,
      int gop,
      String extension) {
    String key =
        encoder
            + "-"
            + width
            + "x"
            + height
            + "_"
            + fps
            + "-"
            + seconds
            + "s-g"
            + gop
            + "-"
            + Integer.toHexString(encoderOptions.hashCode())
            + "."
            + extension;
    Path file = made.get(key);
    if (file == null) {
      file = directory().resolve(key);
      List<String> command =
          new ArrayList<>(
              List.of(
                  Tools.bundledFfmpeg(),
                  "-v",
                  "error",
                  "-y",
                  "-f",
                  "lavfi",
                  "-i",
                  "testsrc2=size=" + width + "x" + height + ":rate=" + fps,
                  "-t",
                  Integer.toString(seconds),
                  "-pix_fmt",
                  "yuv420p",
                  "-c:v",
                  encoder,
                  "-g",
                  Integer.toString(gop)));
      command.addAll(encoderOptions);
      command.add(file.toString());
      Tools.run(command.toArray(String[]::new));
      made.put(key, file);
    }
    return file;
  }

  /** A scratch directory for this JVM's media files. */
  public static synchronized Path directory() {
    if (directory == null) {
      try {
        directory = Files.createTempDirectory("peerwall-test-media");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      directory.toFile().deleteOnExit();
    }
    return directory;
  }
}
