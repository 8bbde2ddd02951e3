package io.peerwall.decoder.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.testing.ProbeResult;
import io.peerwall.decoder.testing.Tools;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fragmented layout (signed exports, docs/decisions/0057) is written box after box, going back
 * at most to fill in a box's size (FFmpeg's count of bytes written exceeds the file's size by a few
 * size fields at most), while faststart rewrites the whole file; both hold the same pictures.
 */
class Mp4ExporterLayoutTest {
  private static final long BASE = Recordings.BASE_EPOCH_MICROS;

  @TempDir Path dir;

  @Test
  void theFragmentedLayoutIsWrittenOnceBoxAfterBoxWithOneFragmentPerGop() throws Exception {
    List<AccessUnit> units = Recordings.stream(180); // 12 s, a keyframe every second
    List<RecordedSegment> segments =
        Recordings.record(units, dir, 4).stream().map(SegmentSummary::toRecordedSegment).toList();
    Path fragmented = dir.resolve("fragmented.mp4");
    Path faststart = dir.resolve("faststart.mp4");
    ExportResult f =
        Mp4Exporter.export(
            segments,
            BASE + 2_000_000,
            BASE + 9_000_000,
            fragmented,
            "Door",
            Mp4Exporter.Layout.FRAGMENTED);
    ExportResult s =
        Mp4Exporter.export(
            segments,
            BASE + 2_000_000,
            BASE + 9_000_000,
            faststart,
            "Door",
            Mp4Exporter.Layout.FASTSTART);

    List<String> boxes = topLevelBoxes(fragmented);
    assertThat(f.bytes()).isEqualTo(Files.size(fragmented));
    assertThat(f.bytesWritten() - f.bytes())
        .as("bytes the fragmented export wrote twice")
        .isBetween(0L, 4L * 8 * boxes.size());
    assertThat(s.bytesWritten() - s.bytes())
        .as("faststart rewrites the media")
        .isGreaterThan(s.bytes() / 2);
    assertThat(f.frames()).isEqualTo(s.frames()).isEqualTo(106);

    assertThat(boxes.subList(0, 2)).containsExactly("ftyp", "moov");
    // Keyframes at 2, 3, ... 9 s: eight GOPs, the last of one picture (9.0 s).
    assertThat(boxes.stream().filter("moof"::equals).count()).isEqualTo(8);
    assertThat(boxes).doesNotContain("mfra");
    ProbeResult probe = Tools.probe(fragmented);
    assertThat(probe.errors()).isEmpty();
    assertThat(probe.frames()).isEqualTo(106);
  }

  private static List<String> topLevelBoxes(Path file) throws Exception {
    List<String> types = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(raw)) {
      long remaining = Files.size(file);
      while (remaining >= 8) {
        long size = in.readInt() & 0xffffffffL;
        byte[] type = new byte[4];
        in.readFully(type);
        types.add(new String(type, StandardCharsets.US_ASCII));
        in.skipNBytes(size - 8);
        remaining -= size;
      }
    }
    return types;
  }
}
