package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Records a real H.264 stream, then reads it back frame-exact, through the index and ffprobe. */
@Timeout(120)
class RecorderRoundTripTest {
  static final long T0 = 1_763_900_000_000_000L; // 2025-11-23T12:13:20Z

  @TempDir Path dataDir;

  static RecorderConfig config() {
    return RecorderConfig.defaults()
        .withSegmentLength(Duration.ofSeconds(4))
        .withMotionFromMainStream(false);
  }

  @Test
  void recordsFrameExactSegmentsThatPlay() throws Exception {
    EncodedClip clip = TestMedia.small();
    int frames = 300; // 20 s at 15 fps
    try (Recorder recorder = Recorder.open(dataDir, config())) {
      RecorderInput input = recorder.camera("cam-1", "Front door");
      for (int n = 0; n < frames; n++) {
        input.accept(TestMedia.unit(clip, n, T0));
      }
    }
    try (Recordings recordings = Recordings.open(dataDir)) {
      assertThat(recordings.cameras())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo("Front door");
                assertThat(c.dir()).isEqualTo("front-door_cam-1/main");
              });
      List<Recordings.Range> ranges = recordings.ranges("cam-1", T0 - 10_000_000, T0 + 60_000_000);
      assertThat(ranges).hasSize(1);
      assertThat(ranges.get(0).startMicros()).isEqualTo(T0);
      assertThat(ranges.get(0).endMicros()).isCloseTo(T0 + 20_000_000, within(20L));

      List<SegmentInfo> segments = recordings.segments("cam-1", T0, T0 + 20_000_000);
      assertThat(segments.size()).isBetween(4, 7);
      assertThat(segments.stream().mapToLong(SegmentInfo::frames).sum()).isEqualTo(frames);
      List<AccessUnit> read = new ArrayList<>();
      for (int i = 0; i < segments.size(); i++) {
        SegmentInfo s = segments.get(i);
        assertThat(s.closed()).isTrue();
        assertThat(s.sha256()).hasSize(32);
        assertThat(s.width()).isEqualTo(320);
        assertThat(s.height()).isEqualTo(180);
        if (i > 0) {
          assertThat(s.startMicros()).isEqualTo(segments.get(i - 1).endMicros());
        }
        assertThat(SegmentFiles.sha256(s.file(), s.bytes())).isEqualTo(s.sha256());
        assertThat(TestMedia.ffprobeFrames(s.file())).isEqualTo(s.frames());
        assertThat(TestMedia.decodeErrors(s.file())).isEmpty();
        SegmentReader.read(s, (unit, offset, length) -> read.add(unit));
      }
      assertThat(read).hasSize(frames);
      for (int n = 0; n < frames; n++) {
        AccessUnit expected = TestMedia.unit(clip, n, T0);
        AccessUnit actual = read.get(n);
        assertThat(actual.data())
            .as("frame %d", n)
            .isEqualTo(TestMedia.withoutDelimiter(expected.data()));
        assertThat(actual.keyframe()).isEqualTo(expected.keyframe());
        assertThat(actual.ptsMicros())
            .as("time of frame %d", n)
            .isCloseTo(expected.captureEpochMicros(), within(12L));
      }
    }
  }
}
