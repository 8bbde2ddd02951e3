package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad input from the issue: clock jumps, a codec change, no keyframe, a corrupt index; seeking. */
@Timeout(120)
class RecorderEdgeCasesTest {
  static final long T0 = RecorderRoundTripTest.T0;
  static final long S = 1_000_000;
  static final long HOUR = 3600 * S;

  @TempDir Path dataDir;

  private static AccessUnit shifted(AccessUnit u, long captureShift) {
    return new AccessUnit(
        u.codec(), u.data(), u.ptsMicros(), u.captureEpochMicros() + captureShift, u.keyframe());
  }

  @Test
  void aCameraClockThatJumpsStartsANewSegmentAndNeverGoesBack() throws Exception {
    EncodedClip clip = TestMedia.small();
    try (Recorder recorder = Recorder.open(dataDir, RecorderRoundTripTest.config())) {
      RecorderInput input = recorder.camera("cam-j", "Jumpy");
      for (int n = 0; n < 150; n++) { // 0..10 s
        input.accept(TestMedia.unit(clip, n, T0));
      }
      for (int n = 150; n < 300; n++) { // the clock leaps an hour ahead
        input.accept(shifted(TestMedia.unit(clip, n, T0), HOUR));
      }
      for (int n = 300; n < 450; n++) { // and back two hours: before what was recorded
        input.accept(shifted(TestMedia.unit(clip, n, T0), -HOUR));
      }
    }
    try (Recordings recordings = Recordings.open(dataDir)) {
      List<Recordings.Range> ranges = recordings.ranges("cam-j", 0, Long.MAX_VALUE);
      assertThat(ranges).hasSize(2);
      assertThat(ranges.get(0).startMicros()).isEqualTo(T0);
      assertThat(ranges.get(0).endMicros())
          .isCloseTo(T0 + 10 * S, org.assertj.core.data.Offset.offset(20L));
      // After the leap: from the next keyframe (at 10 s on the camera's timeline, so no loss).
      assertThat(ranges.get(1).startMicros()).isEqualTo(T0 + HOUR + 10 * S);
      // The clock going back is clamped: the recording continues where it was.
      assertThat(ranges.get(1).endMicros())
          .isCloseTo(T0 + HOUR + 30 * S, org.assertj.core.data.Offset.offset(100_000L));
      assertThat(recordings.gaps("cam-j", 0, Long.MAX_VALUE))
          .extracting(Recordings.Gap::reason)
          .startsWith("clock-jump");
      List<SegmentInfo> segments = recordings.segments("cam-j", 0, Long.MAX_VALUE);
      for (int i = 1; i < segments.size(); i++) {
        assertThat(segments.get(i).startMicros())
            .isGreaterThanOrEqualTo(segments.get(i - 1).endMicros());
      }
      assertThat(segments.stream().mapToLong(SegmentInfo::frames).sum()).isEqualTo(450);
    }
  }

  @Test
  void aCodecChangeStartsANewSegmentWithNewParameters() throws Exception {
    EncodedClip first = TestMedia.small();
    EncodedClip second =
        SyntheticClipEncoder.encode(
            SyntheticClipSpec.defaults("Other").withSize(160, 96).withBitrate(100_000));
    try (Recorder recorder = Recorder.open(dataDir, RecorderRoundTripTest.config())) {
      RecorderInput input = recorder.camera("cam-c", "Codec");
      // It starts without a keyframe: those units cannot be decoded and are skipped.
      for (int n = 5; n < 15; n++) {
        input.accept(TestMedia.unit(first, n, T0 - 10 * S));
      }
      for (int n = 0; n < 60; n++) {
        input.accept(TestMedia.unit(first, n, T0));
      }
      for (int n = 60; n < 120; n++) { // same timeline, new resolution
        AccessUnit u = second.units().get(n % second.frameCount());
        long pts = n * S / 15;
        input.accept(new AccessUnit(u.codec(), u.data(), pts, T0 + pts, u.keyframe()));
      }
      assertThat(recorder.flush(java.time.Duration.ofSeconds(10))).isTrue();
      assertThat(input.skippedWaitingForKeyframe.get()).isEqualTo(10);
    }
    try (Recordings recordings = Recordings.open(dataDir)) {
      assertThat(recordings.ranges("cam-c", 0, Long.MAX_VALUE)).hasSize(1);
      List<SegmentInfo> segments = recordings.segments("cam-c", 0, Long.MAX_VALUE);
      assertThat(segments.get(0).width()).isEqualTo(320);
      SegmentInfo changed =
          segments.stream().filter(s -> s.width() == 160).findFirst().orElseThrow();
      assertThat(changed.height()).isEqualTo(96);
      assertThat(changed.startMicros()).isEqualTo(T0 + 4 * S);
      assertThat(segments.get(segments.size() - 1).width()).isEqualTo(160);
      for (SegmentInfo s : segments) {
        assertThat(TestMedia.decodeErrors(s.file())).isEmpty();
      }
    }
  }

  @Test
  void seekFindsTheKeyframeAtOrBeforeATimeAndReadsFrameExact() throws Exception {
    EncodedClip clip = TestMedia.small();
    try (Recorder recorder = Recorder.open(dataDir, RecorderRoundTripTest.config())) {
      RecorderInput input = recorder.camera("cam-s", "Seek");
      for (int n = 0; n < 300; n++) {
        input.accept(TestMedia.unit(clip, n, T0));
      }
    }
    try (Recordings recordings = Recordings.open(dataDir)) {
      for (long t : new long[] {T0, T0 + 2_500_000, T0 + 7 * S, T0 + 13_333_333, T0 + 19_900_000}) {
        Recordings.SeekPoint seek = recordings.seek("cam-s", t).orElseThrow();
        assertThat(seek.inside()).isTrue();
        long keyframeTime = T0 + (t - T0) / S * S; // a keyframe every second
        assertThat(seek.keyframeMicros())
            .isCloseTo(keyframeTime, org.assertj.core.data.Offset.offset(12L));
        List<AccessUnit> read = new ArrayList<>();
        SegmentReader.read(
            seek.segment(),
            seek.keyframe(),
            (u, offset, length) -> {
              read.add(u);
              return u.ptsMicros() < t;
            });
        assertThat(read.get(0).keyframe()).isTrue();
        int n = (int) ((keyframeTime - T0) * 15 / S);
        assertThat(read.get(0).data()).isEqualTo(TestMedia.unit(clip, n, T0).data());
        AccessUnit atT = read.get(read.size() - 1);
        int target = n + read.size() - 1;
        assertThat(atT.data()).isEqualTo(TestMedia.unit(clip, target, T0).data());
        assertThat(atT.ptsMicros()).isGreaterThanOrEqualTo(t - 12);
      }
      assertThat(recordings.seek("cam-s", T0 - 1)).isEmpty();
      assertThat(recordings.seek("cam-s", T0 + 25 * S).orElseThrow().inside()).isFalse();
    }
  }

  @Test
  void aCorruptIndexIsMovedAsideAndRebuiltFromTheRecordings() throws Exception {
    EncodedClip clip = TestMedia.small();
    try (Recorder recorder = Recorder.open(dataDir, RecorderRoundTripTest.config())) {
      RecorderInput input = recorder.camera("cam-r", "Rebuilt camera");
      for (int n = 0; n < 300; n++) {
        input.accept(TestMedia.unit(clip, n, T0));
      }
    }
    List<SegmentInfo> before;
    try (Recordings recordings = Recordings.open(dataDir)) {
      before = recordings.segments("cam-r", 0, Long.MAX_VALUE);
    }
    // Checkpointed by the close; now damage the B-tree pages behind the schema.
    try (RandomAccessFile f = new RandomAccessFile(dataDir.resolve("index.db").toFile(), "rw")) {
      long pages = f.length() / 4096;
      for (long page = 2; page < pages; page++) {
        f.seek(page * 4096 + 8);
        f.write(new byte[] {(byte) 0xFF, 0x13, 0x37, (byte) 0xEE, 0x42, 0x00, (byte) 0x99});
      }
    }
    try (Recorder recorder = Recorder.open(dataDir, RecorderRoundTripTest.config())) {
      assertThat(recorder.startupMessages()).anyMatch(m -> m.contains("damaged"));
    }
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dataDir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith("index.db.corrupt-"));
    }
    try (Recordings recordings = Recordings.open(dataDir)) {
      assertThat(recordings.cameras())
          .singleElement()
          .satisfies(c -> assertThat(c.name()).isEqualTo("Rebuilt camera"));
      List<SegmentInfo> after = recordings.segments("cam-r", 0, Long.MAX_VALUE);
      assertThat(after)
          .extracting(SegmentInfo::id)
          .containsExactlyElementsOf(before.stream().map(SegmentInfo::id).toList());
      assertThat(after)
          .extracting(SegmentInfo::frames)
          .containsExactlyElementsOf(before.stream().map(SegmentInfo::frames).toList());
      assertThat(after)
          .extracting(SegmentInfo::startMicros)
          .containsExactlyElementsOf(before.stream().map(SegmentInfo::startMicros).toList());
      assertThat(recordings.ranges("cam-r", 0, Long.MAX_VALUE)).hasSize(1);
      assertThat(Verifier.verify(recordings, null, true, s -> {}).problems())
          .extracting(Verifier.Problem::kind)
          .containsOnly(Verifier.Kind.RECOVERED);
    }
  }
}
