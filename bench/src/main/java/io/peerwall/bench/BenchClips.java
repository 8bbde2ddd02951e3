package io.peerwall.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the benchmark clips once and keeps them in the work directory.
 *
 * <p>The content is chosen to cost what a camera stream costs to decode: FFmpeg's testsrc2 (moving
 * shapes, gradients, text) with temporal noise on top (like sensor noise, so every macroblock
 * carries residual data), at a camera's bit rate and GOP, High profile without B-frames (what IP
 * cameras send) when libx264 is available. libopenh264's Constrained Baseline output (CAVLC, no
 * noise to speak of) decodes much faster than real camera video and would flatter the figures.
 */
final class BenchClips {

  /** What to make. */
  record Spec(int width, int height, int fps, int seconds, int bitrateKbps, int gop) {
    String fileName(String encoder) {
      return "bench-"
          + width
          + "x"
          + height
          + "-"
          + fps
          + "fps-"
          + seconds
          + "s-"
          + bitrateKbps
          + "k-g"
          + gop
          + "-"
          + encoder
          + ".mp4";
    }
  }

  /** A clip on disk and how it was made. */
  record Clip(Path file, Spec spec, String encoder, String description) {}

  private final Path directory;

  BenchClips(Path directory) {
    this.directory = directory;
  }

  /** The clip for {@code spec}, encoded now if it is not in the work directory yet. */
  Clip get(Spec spec) throws IOException {
    FfmpegTools.Encoder encoder = FfmpegTools.clipEncoder();
    Files.createDirectories(directory);
    Path file = directory.resolve(spec.fileName(encoder.name()));
    String description =
        "testsrc2 + temporal noise, "
            + encoder.name()
            + (encoder.name().equals("libx264")
                ? " High profile (CABAC), no B-frames"
                : " Constrained Baseline")
            + ", "
            + spec.bitrateKbps()
            + " kbit/s, GOP "
            + spec.gop();
    if (!Files.isRegularFile(file)) {
      Path partial = directory.resolve(file.getFileName() + ".part.mp4");
      List<String> command =
          new ArrayList<>(
              List.of(
                  encoder.binary(),
                  "-hide_banner",
                  "-v",
                  "error",
                  "-y",
                  "-f",
                  "lavfi",
                  "-i",
                  "testsrc2=size="
                      + spec.width()
                      + "x"
                      + spec.height()
                      + ":rate="
                      + spec.fps()
                      + ",noise=alls=12:allf=t",
                  "-t",
                  Integer.toString(spec.seconds()),
                  "-pix_fmt",
                  "yuv420p",
                  "-c:v",
                  encoder.name(),
                  "-g",
                  Integer.toString(spec.gop()),
                  "-b:v",
                  spec.bitrateKbps() + "k",
                  "-maxrate",
                  spec.bitrateKbps() + "k",
                  "-bufsize",
                  2 * spec.bitrateKbps() + "k"));
      if (encoder.name().equals("libx264")) {
        command.addAll(List.of("-preset", "veryfast", "-profile:v", "high", "-bf", "0"));
      }
      command.add(partial.toString());
      Processes.check(command, 600);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return new Clip(file, spec, encoder.name(), description);
  }
}
