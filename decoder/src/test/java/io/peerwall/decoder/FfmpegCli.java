package io.peerwall.decoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the system ffmpeg/ffprobe for cross-checks; tests skip when they are absent. */
final class FfmpegCli {

  static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");
  static final Path FFPROBE = Path.of("/usr/bin/ffprobe");

  private FfmpegCli() {}

  static boolean available() {
    return Files.isExecutable(FFMPEG) && Files.isExecutable(FFPROBE);
  }

  /** Runs a command, returns stdout; fails with stderr if the exit code is not 0. */
  static byte[] run(String... command) {
    return io.peerwall.decoder.testing.Tools.run(command);
  }

  static String runText(String... command) throws IOException, InterruptedException {
    return new String(run(command), StandardCharsets.UTF_8);
  }

  /** Writes the units back to back: a raw Annex B elementary stream. */
  static void writeElementaryStream(List<AccessUnit> units, Path file) throws IOException {
    try (var out = Files.newOutputStream(file)) {
      for (AccessUnit unit : units) {
        out.write(unit.data());
      }
    }
  }

  /**
   * Splits an elementary stream written with access unit delimiters into access units, one per
   * delimiter, with pts = index * 1e6 / fps (decode order).
   */
  static List<AccessUnit> splitAtDelimiters(VideoCodec codec, byte[] stream, int fps) {
    List<AnnexB.NalUnit> nals = AnnexB.split(stream);
    List<Integer> starts = new ArrayList<>();
    for (AnnexB.NalUnit nal : nals) {
      if (AnnexB.isAccessUnitDelimiter(codec, AnnexB.nalType(codec, stream[nal.offset()]))) {
        starts.add(
            nal.offset() - 4 >= 0 && stream[nal.offset() - 4] == 0
                ? nal.offset() - 4
                : nal.offset() - 3);
      }
    }
    List<AccessUnit> units = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      int from = starts.get(i);
      int to = i + 1 < starts.size() ? starts.get(i + 1) : stream.length;
      byte[] data = java.util.Arrays.copyOfRange(stream, from, to);
      units.add(
          new AccessUnit(
              codec, data, i * 1_000_000L / fps, 0, AnnexB.containsKeyframe(codec, data)));
    }
    return units;
  }
}
