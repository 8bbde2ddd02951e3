package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.peerwall.decoder.EncodedClip;
import io.peerwall.recorder.review.FramePosition;
import io.peerwall.recorder.review.LiveEdge;
import io.peerwall.recorder.review.ReviewIndex;
import io.peerwall.recorder.review.TimelineRequest;
import io.peerwall.recorder.review.TimelineView;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review API on files the recorder really wrote: exact frames found through the keyframe index
 * (and only one GOP of the file read), the segment being recorded readable up to its last whole
 * frame while it is written, and a timeline of a recording with a break in it.
 */
@Timeout(120)
class ReviewOnRecordingsTest {
  static final long T0 = RecorderRoundTripTest.T0;
  static final long S = 1_000_000;

  @TempDir Path dataDir;
  @TempDir Path work;

  /** Frame n of the clip is at T0 + n / 15 s. */
  private static long timeOf(EncodedClip clip, long n) {
    return T0 + n * S / clip.fps();
  }

  @Test
  void theExactFrameAtAnyTimeIsTheLastOneAtOrBeforeIt() throws Exception {
    EncodedClip clip = TestMedia.small();
    try (Recorder recorder = Recorder.open(dataDir, RecorderRoundTripTest.config())) {
      RecorderInput input = recorder.camera("cam-1", "One");
      for (int n = 0; n < 300; n++) {
        input.accept(TestMedia.unit(clip, n, T0));
      }
    }
    // Every frame as the files hold it, read the slow way.
    List<long[]> frames = new ArrayList<>(); // time, segment id, offset
    try (Recordings recordings = Recordings.open(dataDir)) {
      for (SegmentInfo s : recordings.segments("cam-1", 0, Long.MAX_VALUE)) {
        SegmentReader.read(
            s,
            (unit, offset, length) -> {
              frames.add(new long[] {unit.ptsMicros(), s.id(), offset});
              return true;
            });
      }
    }
    assertThat(frames).hasSize(300);
    Random random = new Random(11);
    try (ReviewIndex review = ReviewIndex.open(dataDir)) {
      assertThat(review.exactFrame("cam-1", T0 - 1)).isEmpty();
      assertThat(review.exactFrame("nobody", T0)).isEmpty();
      for (int i = 0; i < 80; i++) {
        long t = T0 - S / 2 + (long) (random.nextDouble() * 22 * S);
        Optional<FramePosition> found = review.exactFrame("cam-1", t);
        long[] expected = null;
        for (long[] f : frames) {
          if (f[0] <= t) {
            expected = f;
          }
        }
        if (expected == null) {
          assertThat(found).as("t = %d", t).isEmpty();
          continue;
        }
        FramePosition p = found.orElseThrow();
        assertThat(p.frameMicros()).as("t = %d", t).isCloseTo(expected[0], within(12L));
        assertThat(p.segment().id()).isEqualTo(expected[1]);
        assertThat(p.offset()).isEqualTo(expected[2]);
        assertThat(p.keyframeMicros()).isLessThanOrEqualTo(p.frameMicros());
        assertThat(p.inside()).isEqualTo(t < p.segment().endMicros());
      }
    }
  }

  @Test
  void anExactSeekReadsOnlyTheGopItNeeds() throws Exception {
    EncodedClip clip = TestMedia.small();
    try (Recorder recorder = Recorder.open(dataDir, RecorderRoundTripTest.config())) {
      RecorderInput input = recorder.camera("cam-1", "One");
      for (int n = 0; n < 150; n++) {
        input.accept(TestMedia.unit(clip, n, T0));
      }
    }
    long t = timeOf(clip, 22) + 1000; // in the second GOP (keyframes every 15 frames)
    FramePosition before;
    try (ReviewIndex review = ReviewIndex.open(dataDir)) {
      before = review.exactFrame("cam-1", t).orElseThrow();
    }
    List<KeyframeIndex.Keyframe> keys = KeyframeIndex.decode(before.segment().keyframes());
    assertThat(before.keyframe().frame()).isEqualTo(15);
    long next = keys.get(keys.indexOf(before.keyframe()) + 1).offset();
    // Destroy everything before the keyframe and everything after the next one's first packets:
    // the seek gives the same frame, so it read neither.
    Path file = before.segment().file();
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write(new byte[(int) before.keyframe().offset()]);
      f.setLength(next + 3 * 188);
    }
    try (ReviewIndex review = ReviewIndex.open(dataDir)) {
      FramePosition after = review.exactFrame("cam-1", t).orElseThrow();
      assertThat(after.frame()).isEqualTo(before.frame()).isEqualTo(22);
      assertThat(after.offset()).isEqualTo(before.offset());
      assertThat(after.frameMicros()).isEqualTo(before.frameMicros());
    }
  }

  @Test
  void theSegmentBeingRecordedIsReadableUpToItsLastWholeFrame() throws Exception {
    EncodedClip clip = TestMedia.small();
    RecorderConfig config =
        RecorderConfig.defaults()
            .withSegmentLength(Duration.ofSeconds(60))
            .withMotionFromMainStream(false);
    try (Recorder recorder = Recorder.open(dataDir, config)) {
      RecorderInput input = recorder.camera("cam-live", "Live");
      int fed = 150; // 10 s: the one-minute segment stays open
      for (int n = 0; n < fed - 1; n++) {
        input.accept(TestMedia.unit(clip, n, T0));
      }
      assertThat(recorder.flush(Duration.ofSeconds(20))).isTrue();
      // Fed faster than real time, the row was last refreshed a second ago (at frame 1); the
      // next frame refreshes it, as the camera's frames do at least once a second.
      Thread.sleep(1100);
      input.accept(TestMedia.unit(clip, fed - 1, T0));
      assertThat(recorder.flush(Duration.ofSeconds(20))).isTrue();
      try (ReviewIndex review = ReviewIndex.open(dataDir)) {
        LiveEdge live = review.liveEdge("cam-live").orElseThrow();
        assertThat(live.segment().closed()).isFalse();
        assertThat(live.frames()).isEqualTo(fed);
        assertThat(live.lastFrameMicros()).isCloseTo(timeOf(clip, fed - 1), within(12L));
        assertThat(live.readableBytes()).isLessThanOrEqualTo(Files.size(live.segment().file()));
        // The row covers every frame written when it was refreshed.
        assertThat(live.indexedEndMicros())
            .isBetween(live.lastFrameMicros(), live.lastFrameMicros() + S / clip.fps() + 12);
        // What may be read plays: exactly the frames fed, no decoding errors.
        Path prefix = work.resolve("prefix.ts");
        try (FileChannel in = FileChannel.open(live.segment().file());
            FileChannel out =
                FileChannel.open(prefix, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          in.transferTo(0, live.readableBytes(), out);
        }
        assertThat(TestMedia.ffprobeFrames(prefix)).isEqualTo(fed);
        assertThat(TestMedia.decodeErrors(prefix)).isEmpty();
        // Seeking and the timeline work inside it too.
        assertThat(review.exactFrame("cam-live", timeOf(clip, 75) + 100).orElseThrow().frame())
            .isEqualTo(75);
        TimelineView view =
            review.timeline(
                TimelineRequest.forWidth(List.of("cam-live"), T0 - S, T0 + 20 * S, 2000));
        TimelineView.CameraTrack track = view.cameras().get(0);
        assertThat(track.liveEdgeMicros()).contains(live.indexedEndMicros());
        assertThat(track.recorded()).hasSize(1);
        assertThat(track.recorded().get(0).endMicros()).isEqualTo(live.indexedEndMicros());
      }
    }
    try (ReviewIndex review = ReviewIndex.open(dataDir)) {
      assertThat(review.liveEdge("cam-live")).as("nothing recorded after close").isEmpty();
    }
  }

  @Test
  void aTimelineShowsTheBreakAndMergesWhatIsNarrowerThanAPixel() throws Exception {
    EncodedClip clip = TestMedia.small();
    try (Recorder recorder = Recorder.open(dataDir, RecorderRoundTripTest.config())) {
      RecorderInput input = recorder.camera("cam-j", "Jumpy");
      for (int n = 0; n < 150; n++) {
        input.accept(TestMedia.unit(clip, n, T0));
      }
      for (int n = 150; n < 300; n++) { // the camera's clock leaps 30 s ahead
        var u = TestMedia.unit(clip, n, T0);
        input.accept(
            new io.peerwall.decoder.AccessUnit(
                u.codec(), u.data(), u.ptsMicros(), u.captureEpochMicros() + 30 * S, u.keyframe()));
      }
    }
    try (ReviewIndex review = ReviewIndex.open(dataDir)) {
      TimelineView fine =
          review.timeline(new TimelineRequest(List.of("cam-j"), T0 - S, T0 + 60 * S, S / 10));
      TimelineView.CameraTrack track = fine.cameras().get(0);
      assertThat(track.recorded()).hasSize(2);
      assertThat(track.recorded().get(0).startMicros()).isEqualTo(T0);
      assertThat(track.recorded().get(1).startMicros()).isEqualTo(T0 + 40 * S);
      assertThat(track.gaps())
          .extracting(TimelineView.GapMark::reason)
          .containsExactly("clock-jump", "stopped");
      assertThat(track.gaps().get(0).endMicros()).contains(T0 + 40 * S);
      // At a minute a pixel, the 30 s break is narrower than a pixel: one range of 50 s, 20 s
      // recorded.
      TimelineView coarse =
          review.timeline(new TimelineRequest(List.of("cam-j"), T0 - S, T0 + 60 * S, 60 * S));
      assertThat(coarse.cameras().get(0).recorded())
          .singleElement()
          .satisfies(r -> assertThat(r.coverage()).isCloseTo(0.4, within(0.01)));
    }
  }
}
