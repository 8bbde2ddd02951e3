package io.peerwall.decoder.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * The command-line tools tests use: the ffmpeg/ffprobe binaries bundled with JavaCV (always there,
 * same FFmpeg as our natives) and Debian's (an independent build, with libx264/libx265), if
 * installed.
 */
public final class Tools {

  private static final Path SYSTEM_FFMPEG = Path.of("/usr/bin/ffmpeg");
  private static final Path SYSTEM_FFPROBE = Path.of("/usr/bin/ffprobe");

  private static String bundledFfmpeg;
  private static String bundledFfprobe;

  private Tools() {}

  /** JavaCV's ffmpeg binary. */
  public static synchronized String bundledFfmpeg() {
    if (bundledFfmpeg == null) {
      bundledFfmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    }
    return bundledFfmpeg;
  }

  /** ffprobe for validation: Debian's if installed (independent of our FFmpeg), else JavaCV's. */
  public static synchronized String ffprobe() {
    if (Files.isExecutable(SYSTEM_FFPROBE)) {
      return SYSTEM_FFPROBE.toString();
    }
    if (bundledFfprobe == null) {
      bundledFfprobe = Loader.load(org.bytedeco.ffmpeg.ffprobe.class);
    }
    return bundledFfprobe;
  }

  /** Debian's ffmpeg, or null if it is not installed. */
  public static String systemFfmpeg() {
    return Files.isExecutable(SYSTEM_FFMPEG) ? SYSTEM_FFMPEG.toString() : null;
  }

  /** Whether Debian's ffmpeg is installed and has {@code encoder}. */
  public static boolean systemHasEncoder(String encoder) {
    String ffmpeg = systemFfmpeg();
    if (ffmpeg == null) {
      return false;
    }
    return runText(ffmpeg, "-hide_banner", "-encoders").contains(" " + encoder + " ");
  }

  /** Runs a command; returns stdout; fails with stderr if the exit code is not 0. */
  public static byte[] run(String... command) {
    try {
      Process process = new ProcessBuilder(List.of(command)).start();
      process.getOutputStream().close();
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      byte[] out = readAll(process.getInputStream());
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "exit "
                + process.exitValue()
                + ": "
                + String.join(" ", command)
                + "\n"
                + new String(err.join(), StandardCharsets.UTF_8));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String runText(String... command) {
    return new String(run(command), StandardCharsets.UTF_8);
  }

  /** stderr of a command that may fail (for "no errors" checks). */
  public static String stderrOf(String... command) {
    try {
      Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(false).start();
      process.getOutputStream().close();
      CompletableFuture<byte[]> out =
          CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      byte[] err = readAll(process.getErrorStream());
      process.waitFor(120, TimeUnit.SECONDS);
      out.join();
      return new String(err, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ffprobe's count of decodable frames, with -v error output that must be empty. */
  public static ProbeResult probe(Path file) {
    String ffprobe = ffprobe();
    String out =
        runText(
            ffprobe,
            "-v",
            "error",
            "-count_frames",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=codec_name,width,height,nb_read_frames:format=duration,format_name",
            "-of",
            "default=noprint_wrappers=1",
            file.toString());
    String errors = stderrOf(ffprobe, "-v", "error", "-count_frames", file.toString());
    List<String> lines = new ArrayList<>(out.lines().toList());
    return ProbeResult.parse(lines, errors);
  }
}
