package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.decoder.EncodedClip;
import io.peerwall.recorder.export.ClipExport;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Export to MP4 (validated with ffprobe) and verify against files deleted, cut or altered. */
@Timeout(120)
class ExportAndVerifyTest {
  static final long T0 = RecorderRoundTripTest.T0;
  static final long S = 1_000_000;

  @TempDir Path dataDir;
  @TempDir Path out;

  /** 0..20 s recorded, 20..30 s nothing (the camera was offline), 30..40 s recorded. */
  @BeforeEach
  void record() throws Exception {
    EncodedClip clip = TestMedia.small();
    try (Recorder recorder = Recorder.open(dataDir, RecorderRoundTripTest.config())) {
      RecorderInput input = recorder.camera("cam-x", "Export");
      for (int n = 0; n < 300; n++) {
        input.accept(TestMedia.unit(clip, n, T0));
      }
      for (int n = 0; n < 150; n++) {
        input.accept(TestMedia.unit(clip, n, T0 + 30 * S));
      }
    }
  }

  @Test
  void exportsAnMp4ThatFfprobeAcceptsAcrossSegmentsAndAGap() throws Exception {
    Path mp4 = out.resolve("clip.mp4");
    List<ClipExport.Progress> progress = new ArrayList<>();
    ClipExport.Result result;
    try (Recordings recordings = Recordings.open(dataDir)) {
      assertThat(recordings.ranges("cam-x", T0, T0 + 60 * S)).hasSize(2);
      result =
          ClipExport.export(recordings, "cam-x", T0 + 3_500_000, T0 + 35 * S, mp4, progress::add);
    }
    // Starts at the keyframe at or before 3.5 s (one a second), ends before 35 s.
    assertThat(result.export().startEpochMicros()).isEqualTo(T0 + 3 * S);
    assertThat(result.export().frames()).isEqualTo(17 * 15 + 5 * 15);
    assertThat(result.missingSegments()).isEmpty();
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1).fraction()).isEqualTo(1.0);

    String probe =
        TestMedia.run(
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=format_name:stream=codec_name,width,height,nb_frames",
            "-of",
            "default=nw=1",
            mp4.toString());
    assertThat(probe)
        .contains(
            "format_name=mov,mp4",
            "codec_name=h264",
            "width=320",
            "height=180",
            "nb_frames=" + (17 * 15 + 5 * 15));
    // The track and the container both last 3 s .. 35 s of wall clock, the gap included (the
    // picture before the gap stays on screen through it), not longer.
    assertThat(streamDuration(mp4))
        .as("3 s .. 35 s of wall clock, gap included")
        .isBetween(31.9, 32.1);
    assertThat(formatDuration(mp4)).as("container duration").isBetween(31.9, 32.1);
    assertThat(TestMedia.ffprobeFrames(mp4)).isEqualTo(17 * 15 + 5 * 15);
    assertThat(TestMedia.decodeErrors(mp4)).isEmpty();
    List<Double> times = TestMedia.packetTimes(mp4);
    for (int i = 1; i < times.size(); i++) {
      assertThat(times.get(i)).as("packet %d", i).isGreaterThan(times.get(i - 1));
    }
    // faststart: the index (moov) comes before the media (mdat).
    String head = new String(Files.readAllBytes(mp4), 0, 4096, StandardCharsets.ISO_8859_1);
    assertThat(head.indexOf("moov"))
        .isPositive()
        .isLessThan(Math.max(0, head.indexOf("mdat")) + 4096);
    assertThat(head.indexOf("mdat") < 0 || head.indexOf("moov") < head.indexOf("mdat")).isTrue();
  }

  @Test
  void exportWithinOneStretchHasTheRequestedDuration() throws Exception {
    Path mp4 = out.resolve("short.mp4");
    try (Recordings recordings = Recordings.open(dataDir)) {
      ClipExport.export(recordings, "cam-x", T0 + 3_500_000, T0 + 14_200_000, mp4, p -> {});
    }
    String format =
        TestMedia.run(
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "format=duration",
                "-of",
                "csv=p=0",
                mp4.toString())
            .trim();
    // From the keyframe at 3 s (frame 45) to the last frame at or before 14.2 s (frame 213).
    assertThat(Double.parseDouble(format)).isBetween(11.1, 11.3);
    assertThat(streamDuration(mp4)).isBetween(11.1, 11.3);
    assertThat(TestMedia.ffprobeFrames(mp4)).isEqualTo(169);
    assertThat(TestMedia.decodeErrors(mp4)).isEmpty();
  }

  private static double formatDuration(Path mp4) throws Exception {
    return Double.parseDouble(
        TestMedia.run(
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "format=duration",
                "-of",
                "csv=p=0",
                mp4.toString())
            .trim());
  }

  private static double streamDuration(Path mp4) throws Exception {
    return Double.parseDouble(
        TestMedia.run(
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=duration",
                "-of",
                "csv=p=0",
                mp4.toString())
            .trim());
  }

  @Test
  void exportOfANothingRangeSaysSo() {
    try (Recordings recordings = Recordings.open(dataDir)) {
      assertThatThrownBy(
              () ->
                  ClipExport.export(
                      recordings,
                      "cam-x",
                      T0 + 21 * S,
                      T0 + 29 * S,
                      out.resolve("none.mp4"),
                      p -> {}))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("nothing recorded for cam-x");
    }
  }

  @Test
  void verifyFindsFilesDeletedCutOrAlteredAndStartUpRepairsTheIndex() throws Exception {
    List<SegmentInfo> segments;
    try (Recordings recordings = Recordings.open(dataDir)) {
      assertThat(Verifier.verify(recordings, null, true, s -> {}).ok()).isTrue();
      segments = recordings.segments("cam-x", 0, Long.MAX_VALUE);
    }
    SegmentInfo deleted = segments.get(1);
    SegmentInfo cut = segments.get(2);
    SegmentInfo altered = segments.get(3);
    Files.delete(deleted.file());
    try (RandomAccessFile f = new RandomAccessFile(cut.file().toFile(), "rw")) {
      f.setLength(cut.bytes() / 2);
    }
    try (RandomAccessFile f = new RandomAccessFile(altered.file().toFile(), "rw")) {
      f.seek(altered.bytes() / 2);
      f.write(0x5A);
    }
    Files.copy(segments.get(0).file(), segments.get(0).file().resolveSibling("stray.ts"));
    try (Recordings recordings = Recordings.open(dataDir)) {
      Verifier.Report report = Verifier.verify(recordings, null, true, s -> {});
      assertThat(report.ok()).isFalse();
      assertThat(report.problems())
          .extracting(Verifier.Problem::kind, Verifier.Problem::file)
          .contains(
              org.assertj.core.groups.Tuple.tuple(Verifier.Kind.MISSING, deleted.file()),
              org.assertj.core.groups.Tuple.tuple(Verifier.Kind.SIZE, cut.file()),
              org.assertj.core.groups.Tuple.tuple(Verifier.Kind.ALTERED, altered.file()));
      assertThat(report.problems()).anyMatch(p -> p.kind() == Verifier.Kind.UNINDEXED);
    }
    // Start-up notices the newest hours: the missing file becomes a gap, the cut one shrinks.
    try (Recorder recorder = Recorder.open(dataDir, RecorderRoundTripTest.config())) {
      assertThat(recorder.startupMessages())
          .anyMatch(
              m -> m.contains("missing") && m.contains(deleted.file().getFileName().toString()))
          .anyMatch(m -> m.contains("shorter") && m.contains(cut.file().getFileName().toString()));
    }
    try (Recordings recordings = Recordings.open(dataDir)) {
      assertThat(recordings.gaps("cam-x", 0, Long.MAX_VALUE))
          .extracting(Recordings.Gap::reason)
          .contains("missing");
      SegmentInfo shrunk =
          recordings.segments("cam-x", cut.startMicros(), cut.startMicros() + 1).stream()
              .filter(s -> s.id() == cut.id())
              .findFirst()
              .orElseThrow();
      assertThat(shrunk.damaged()).isTrue();
      assertThat(shrunk.frames()).isLessThan(cut.frames()).isPositive();
      assertThat(TestMedia.decodeErrors(shrunk.file())).isEmpty();
      Verifier.Report after = Verifier.verify(recordings, null, true, s -> {});
      assertThat(after.problems())
          .extracting(Verifier.Problem::kind)
          .doesNotContain(Verifier.Kind.MISSING, Verifier.Kind.SIZE)
          .contains(Verifier.Kind.ALTERED, Verifier.Kind.DAMAGED);
    }
  }
}
