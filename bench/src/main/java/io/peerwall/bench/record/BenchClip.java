package io.peerwall.bench.record;

import io.peerwall.decoder.ClipCache;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.decoder.demux.MediaFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The stream {@code bench record} records: 4 s of a camera-like picture at the asked size, rate and
 * bit rate, a keyframe a second, no B-frames. Made with the ffmpeg command line (libx264, with
 * noise so the encoder really spends the bit rate, as a camera does) and cached; without the
 * command line, PeerWall's own test-pattern encoder, whose bit rate usually falls far short (the
 * figures then say what rate was recorded).
 */
final class BenchClip {
  private BenchClip() {}

  static EncodedClip prepare(
      Path cacheDir, int width, int height, int fps, int bitrate, PrintStream out)
      throws IOException, InterruptedException {
    Files.createDirectories(cacheDir);
    Path file =
        cacheDir.resolve(
            String.format(
                Locale.ROOT, "bench-%dx%d-%dfps-%dk.ts", width, height, fps, bitrate / 1000));
    if (!Files.exists(file)) {
      Path part = file.resolveSibling(file.getFileName() + ".part.ts");
      String rate = bitrate / 1000 + "k";
      ProcessBuilder ffmpeg =
          new ProcessBuilder(
                  "ffmpeg",
                  "-v",
                  "error",
                  "-y",
                  "-f",
                  "lavfi",
                  "-i",
                  "testsrc2=size=" + width + "x" + height + ":rate=" + fps,
                  "-vf",
                  "noise=alls=14:allf=t",
                  "-t",
                  "4",
                  "-c:v",
                  "libx264",
                  "-preset",
                  "veryfast",
                  "-bf",
                  "0",
                  "-g",
                  String.valueOf(fps),
                  "-keyint_min",
                  String.valueOf(fps),
                  "-b:v",
                  rate,
                  "-minrate",
                  rate,
                  "-maxrate",
                  rate,
                  "-bufsize",
                  bitrate / 2000 + "k",
                  "-x264-params",
                  "repeat-headers=1:nal-hrd=cbr",
                  "-pix_fmt",
                  "yuv420p",
                  part.toString())
              .redirectErrorStream(true);
      try {
        Process process = ffmpeg.start();
        String log = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
          throw new IOException("ffmpeg failed: " + log);
        }
        Files.move(part, file);
      } catch (IOException e) {
        out.println(
            "ffmpeg command line unavailable ("
                + e.getMessage().lines().findFirst().orElse("")
                + "); using the built-in test-pattern encoder");
        return new ClipCache(cacheDir)
            .getOrEncode(new SyntheticClipSpec("Bench", width, height, fps, 4 * fps, bitrate, fps));
      }
    }
    return MediaFiles.readClip(file, fps);
  }
}
