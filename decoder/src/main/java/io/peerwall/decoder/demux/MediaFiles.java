package io.peerwall.decoder.demux;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.Redaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads whole video files into memory, for benchmarks and simulated cameras. */
public final class MediaFiles {

  /** Refuse to load more than this into memory; a clip for looping is seconds, not hours. */
  static final long MAX_CLIP_BYTES = 512L * 1024 * 1024;

  private MediaFiles() {}

  /**
   * Reads the video stream of an MP4, MKV, TS or raw H.264/H.265 file into an {@link EncodedClip},
   * starting at its first keyframe, packets passed through (Annex B, parameter sets on keyframes).
   * Units are renumbered in decode order, unit i at i / fps, so the clip loops seamlessly.
   *
   * @param fallbackFps frame rate to use when the file does not declare one (raw streams)
   * @throws IOException if the file cannot be read, has no passthrough video stream or no keyframe
   */
  public static EncodedClip readClip(Path file, int fallbackFps) throws IOException {
    String name = Redaction.redact(file.toString());
    if (!Files.isRegularFile(file)) {
      throw new IOException("cannot open " + name + ": no such file");
    }
    try (MediaInput input = MediaInput.open(file.toString(), name, InputOptions.file())) {
      if (input.codec() == null) {
        throw new IOException(
            name
                + ": "
                + input.codecName()
                + " video cannot be passed through (H.264, H.265, "
                + "VP8, VP9 or AV1 needed)");
      }
      int fps = (int) Math.round(input.frameRate());
      if (fps <= 0 || fps > 240) {
        fps = fallbackFps;
      }
      List<AccessUnit> units = new ArrayList<>();
      long bytes = 0;
      AccessUnit unit;
      while ((unit = input.readUnit()) != null) {
        if (units.isEmpty() && !unit.keyframe()) {
          continue; // a clip must start where a decoder can
        }
        bytes += unit.data().length;
        if (bytes > MAX_CLIP_BYTES) {
          throw new IOException(name + " is too large to load into memory");
        }
        long pts = units.size() * 1_000_000L / fps;
        units.add(new AccessUnit(unit.codec(), unit.data(), pts, 0L, unit.keyframe()));
      }
      if (units.isEmpty()) {
        throw new IOException(name + " has no keyframe");
      }
      return new EncodedClip(input.codec(), input.width(), input.height(), fps, units);
    }
  }
}
