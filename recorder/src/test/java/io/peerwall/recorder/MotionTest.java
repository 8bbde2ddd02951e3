package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.H264Encoder;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.recorder.motion.MotionMask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Motion events from decoded video: a still scene in which a bright square moves from 3 s to 6 s.
 * Detection, the exclusion mask, "motion only" recording with pre- and post-roll, event queries.
 */
@Timeout(120)
class MotionTest {
  static final long T0 = RecorderRoundTripTest.T0;
  static final long S = 1_000_000;
  static final int FPS = 10;
  static final int W = 160;
  static final int H = 96;

  static EncodedClip scene;

  @TempDir Path dataDir;

  /** 12 s at 10 fps: still grey; frames 30..59 a white 24x24 square moving left to right. */
  @BeforeAll
  static void encodeScene() {
    List<AccessUnit> units = new ArrayList<>();
    try (H264Encoder encoder = new H264Encoder(W, H, FPS, 300_000, FPS)) {
      byte[] bgr = new byte[W * H * 3];
      for (int i = 0; i < 12 * FPS; i++) {
        Arrays.fill(bgr, (byte) 0x60);
        if (i >= 30 && i < 60) {
          int x0 = 8 + (i - 30) * 4;
          for (int y = 30; y < 54; y++) {
            for (int x = x0; x < x0 + 24; x++) {
              Arrays.fill(bgr, (y * W + x) * 3, (y * W + x) * 3 + 3, (byte) 0xF0);
            }
          }
        }
        encoder.encodeBgr(bgr, i, units::add);
      }
      encoder.finish(units::add);
    }
    scene = new EncodedClip(VideoCodec.H264, W, H, FPS, units);
  }

  private static RecorderConfig config() {
    return RecorderConfig.defaults()
        .withSegmentLength(Duration.ofSeconds(4))
        .withMotionFromMainStream(true);
  }

  /** Feeds the scene frame by frame, letting motion analysis keep up as it would in real time. */
  private static void play(Recorder recorder, RecorderInput input) throws InterruptedException {
    for (int n = 0; n < scene.frameCount(); n++) {
      input.accept(TestMedia.unit(scene, n, T0));
      recorder.awaitQuiet();
    }
  }

  @Test
  void detectsTheMovingSquareAsOneEvent() throws Exception {
    try (Recorder recorder = Recorder.open(dataDir, config())) {
      play(recorder, recorder.camera("cam-m", "Motion"));
    }
    try (Recordings recordings = Recordings.open(dataDir)) {
      List<Recordings.MotionEvent> events = recordings.events(List.of("cam-m"), 0, Long.MAX_VALUE);
      assertThat(events).hasSize(1);
      Recordings.MotionEvent event = events.get(0);
      assertThat(event.startMicros()).isBetween(T0 + 3 * S, T0 + 3_500_000);
      assertThat(event.endMicros())
          .hasValueSatisfying(end -> assertThat(end).isBetween(T0 + 5_500_000, T0 + 6_100_000));
      assertThat(event.score()).isBetween(0.01, 0.2);
      // Continuous: everything was recorded regardless.
      assertThat(recordings.ranges("cam-m", 0, Long.MAX_VALUE)).hasSize(1);
      // Review navigation.
      assertThat(recordings.nextEvent(List.of("cam-m", "nobody"), T0)).contains(event);
      assertThat(recordings.nextEvent(List.of("cam-m"), event.startMicros())).isEmpty();
      assertThat(recordings.previousEvent(List.of("cam-m"), T0 + 10 * S)).contains(event);
      assertThat(recordings.timeline("cam-m", T0, T0 + 12 * S).events()).containsExactly(event);
      assertThat(recordings.events(List.of("cam-m"), T0 + 4 * S, T0 + 5 * S))
          .containsExactly(event);
    }
  }

  @Test
  void anExcludedAreaRaisesNoEvent() throws Exception {
    try (Recorder recorder = Recorder.open(dataDir, config())) {
      RecorderInput input = recorder.camera("cam-m", "Motion");
      // The square's path: rows 30..54 of 96 (cells 2..5 of 9), all columns.
      MotionMask mask = MotionMask.NONE.excluding(0, 2, 16, 6);
      recorder.configure("cam-m", input.settings().withMotion(50, mask));
      play(recorder, input);
    }
    try (Recordings recordings = Recordings.open(dataDir);
        RecordingIndex index = RecordingIndex.open(dataDir)) {
      assertThat(recordings.events(List.of("cam-m"), 0, Long.MAX_VALUE)).isEmpty();
      assertThat(index.settings("cam-m").motionMask().isExcluded(3, 4)).isTrue();
    }
  }

  @Test
  void motionOnlyRecordsTheEventWithPreAndPostRoll() throws Exception {
    try (Recorder recorder = Recorder.open(dataDir, config().withMotionFromMainStream(false))) {
      RecorderInput input = recorder.camera("cam-m", "Motion");
      recorder.configure(
          "cam-m",
          input
              .settings()
              .withMode(RecordingMode.MOTION)
              .withRolls(Duration.ofSeconds(2), Duration.ofSeconds(2)));
      play(recorder, input);
    }
    try (Recordings recordings = Recordings.open(dataDir)) {
      Recordings.MotionEvent event = recordings.events(List.of("cam-m"), 0, Long.MAX_VALUE).get(0);
      List<Recordings.Range> ranges = recordings.ranges("cam-m", 0, Long.MAX_VALUE);
      assertThat(ranges).hasSize(1);
      Recordings.Range range = ranges.get(0);
      // Pre-roll: from the keyframe at least 2 s before the motion (a keyframe every second).
      assertThat(range.startMicros())
          .isBetween(event.startMicros() - 3 * S, event.startMicros() - 2 * S);
      // Post-roll: 2 s after the event's end.
      long end = event.endMicros().orElseThrow();
      assertThat(range.endMicros()).isBetween(end + 2 * S - 200_000, end + 2 * S + 300_000);
      Optional<Recordings.SeekPoint> before = recordings.seek("cam-m", range.startMicros() - 1);
      assertThat(before).isEmpty();
      for (SegmentInfo s : recordings.segments("cam-m", 0, Long.MAX_VALUE)) {
        assertThat(TestMedia.decodeErrors(s.file())).isEmpty();
      }
    }
  }
}
