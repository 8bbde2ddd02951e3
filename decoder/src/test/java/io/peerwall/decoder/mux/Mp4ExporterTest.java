package io.peerwall.decoder.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.decoder.demux.MediaFiles;
import io.peerwall.decoder.testing.NalPayloads;
import io.peerwall.decoder.testing.ProbeResult;
import io.peerwall.decoder.testing.Tools;
import io.peerwall.testsupport.Environment;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4ExporterTest {

  private static final long BASE = Recordings.BASE_EPOCH_MICROS;

  @TempDir Path dir;

  @Test
  void exportsARangeAcrossSegmentsToAFaststartMp4WithTheCamerasBytes() throws Exception {
    List<AccessUnit> units = Recordings.stream(180); // 12 s
    List<SegmentSummary> segments = Recordings.record(units, dir, 4); // 0-4, 4-8, 8-12 s
    assertThat(segments).hasSize(3);
    Path out = dir.resolve("export.mp4");
    // 2.5 s .. 9.2 s: starts at the keyframe at 2 s (unit 30), ends with unit 138 (9.2 s).
    ExportResult result =
        Mp4Exporter.export(
            segments.stream().map(SegmentSummary::toRecordedSegment).toList(),
            BASE + 2_500_000,
            BASE + 9_200_000,
            out,
            "Front Door");
    assertThat(result.frames()).isEqualTo(109);
    assertThat(result.segmentsUsed()).isEqualTo(3);
    assertThat(result.startEpochMicros()).isEqualTo(BASE + 2_000_000);
    assertThat(result.durationMicros()).isCloseTo(109 * 1_000_000L / 15, within(2_000L));
    assertThat(Files.exists(dir.resolve("export.mp4.part"))).isFalse();

    ProbeResult probe = Tools.probe(out);
    assertThat(probe.errors()).isEmpty();
    assertThat(probe.format()).contains("mp4");
    assertThat(probe.codec()).isEqualTo("h264");
    assertThat(probe.width()).isEqualTo(640);
    assertThat(probe.frames()).isEqualTo(109);
    assertThat(probe.durationSeconds()).isCloseTo(109 / 15.0, within(0.07));
    // Decodes cleanly start to end with an independent FFmpeg.
    assertThat(
            Tools.stderrOf(
                Tools.bundledFfmpeg(), "-v", "error", "-i", out.toString(), "-f", "null", "-"))
        .isEmpty();
    assertThat(topLevelBoxes(out)).containsSubsequence("ftyp", "moov", "mdat");
    // Stream copy: the exported pictures are the recorded ones, byte for byte.
    byte[] annexB =
        Tools.run(
            Tools.bundledFfmpeg(),
            "-v",
            "error",
            "-i",
            out.toString(),
            "-c:v",
            "copy",
            "-bsf:v",
            "h264_mp4toannexb",
            "-f",
            "h264",
            "-");
    assertThat(NalPayloads.withoutParameterSets(VideoCodec.H264, NalPayloads.of(annexB)))
        .isEqualTo(
            NalPayloads.withoutParameterSets(
                VideoCodec.H264, NalPayloads.of(units.subList(30, 139))));
  }

  @Test
  void h265IsRecordedAndExportedAsHvc1() throws Exception {
    Environment.require(
        Tools.systemHasEncoder("libx265"), "SKIPPED: Debian's ffmpeg with libx265 is needed");
    Path source = dir.resolve("x265.mkv");
    Tools.run(
        Tools.systemFfmpeg(),
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x180:rate=15",
        "-t",
        "6",
        "-c:v",
        "libx265",
        "-preset",
        "ultrafast",
        "-x265-params",
        "keyint=15:min-keyint=15:bframes=0:log-level=error",
        source.toString());
    EncodedClip clip = MediaFiles.readClip(source, 15);
    List<AccessUnit> units = new ArrayList<>();
    for (AccessUnit u : clip.units()) {
      units.add(
          new AccessUnit(u.codec(), u.data(), u.ptsMicros(), BASE + u.ptsMicros(), u.keyframe()));
    }
    List<SegmentSummary> segments = Recordings.record(units, dir, 2);
    assertThat(segments).hasSize(3);
    ProbeResult segment = Tools.probe(segments.get(1).file());
    assertThat(segment.codec()).isEqualTo("hevc");
    assertThat(segment.frames()).isEqualTo(30);
    assertThat(segment.errors()).isEmpty();
    Path out = dir.resolve("h265.mp4");
    ExportResult result =
        Mp4Exporter.export(
            segments.stream().map(SegmentSummary::toRecordedSegment).toList(),
            BASE + 1_000_000,
            BASE + 4_950_000,
            out,
            null);
    assertThat(result.frames()).isEqualTo(60); // 1.0 s .. 4.933 s
    ProbeResult probe = Tools.probe(out);
    assertThat(probe.codec()).isEqualTo("hevc");
    assertThat(probe.frames()).isEqualTo(60);
    assertThat(probe.errors()).isEmpty();
    assertThat(
            Tools.runText(
                    Tools.ffprobe(),
                    "-v",
                    "error",
                    "-show_entries",
                    "stream=codec_tag_string",
                    "-of",
                    "csv=p=0",
                    out.toString())
                .trim())
        .isEqualTo("hvc1");
  }

  @Test
  void aRangeWithoutPicturesIsAClearError() throws Exception {
    List<SegmentSummary> segments = Recordings.record(Recordings.stream(30), dir, 60);
    List<RecordedSegment> recorded = new ArrayList<>();
    segments.forEach(s -> recorded.add(s.toRecordedSegment()));
    Path out = dir.resolve("none.mp4");
    assertThatThrownBy(
            () -> Mp4Exporter.export(recorded, BASE + 60_000_000, BASE + 70_000_000, out, null))
        .hasMessageContaining("no recorded picture between");
    assertThat(Files.exists(out)).isFalse();
    assertThat(Files.exists(dir.resolve("none.mp4.part"))).isFalse();
  }

  /** The four-character types of the MP4's top-level boxes, in file order. */
  private static List<String> topLevelBoxes(Path file) throws Exception {
    List<String> types = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(raw)) {
      long remaining = Files.size(file);
      while (remaining >= 8) {
        long size = in.readInt() & 0xffffffffL;
        byte[] type = new byte[4];
        in.readFully(type);
        long header = 8;
        if (size == 1) {
          size = in.readLong();
          header = 16;
        }
        types.add(new String(type, StandardCharsets.US_ASCII));
        in.skipNBytes(size - header);
        remaining -= size;
      }
    }
    return types;
  }
}
