package io.peerwall.decoder.mux;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.Redaction;
import io.peerwall.decoder.demux.InputOptions;
import io.peerwall.decoder.demux.MediaInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads segment files back: their statistics (to rebuild index rows after a crash, or to check a
 * file) and their access units (for playback and snapshots). A segment cut off by a crash reads up
 * to its last complete picture.
 */
public final class SegmentInspector {

  private SegmentInspector() {}

  /** Counts the pictures and measures the time a segment covers. */
  public static SegmentStats inspect(Path file) throws IOException {
    try (MediaInput input = open(file)) {
      long frames = 0;
      long keyframes = 0;
      long firstPts = 0;
      long lastPts = 0;
      AccessUnit unit;
      while ((unit = input.readUnit()) != null) {
        if (frames == 0) {
          firstPts = unit.ptsMicros();
        }
        frames++;
        keyframes += unit.keyframe() ? 1 : 0;
        lastPts = Math.max(lastPts, unit.ptsMicros());
      }
      return new SegmentStats(
          file,
          input.codec(),
          input.width(),
          input.height(),
          frames,
          keyframes,
          firstPts,
          lastPts,
          Files.size(file));
    }
  }

  /**
   * Hands every access unit of a segment to {@code units}, in order (ptsMicros on the file's
   * timeline, captureEpochMicros 0).
   */
  public static void readUnits(Path file, Consumer<AccessUnit> units) throws IOException {
    try (MediaInput input = open(file)) {
      AccessUnit unit;
      while ((unit = input.readUnit()) != null) {
        units.accept(unit);
      }
    }
  }

  private static MediaInput open(Path file) throws IOException {
    String name = Redaction.redact(file.toString());
    MediaInput input = MediaInput.open(file.toString(), name, InputOptions.file());
    if (input.codec() == null || !input.codec().usesNalUnits()) {
      String codec = input.codecName();
      input.close();
      throw new IOException(name + " holds " + codec + ", not a PeerWall segment");
    }
    return input;
  }
}
