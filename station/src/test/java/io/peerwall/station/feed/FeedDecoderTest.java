package io.peerwall.station.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.station.adaptive.StreamChoice;
import io.peerwall.station.adaptive.StreamControl;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adaptive switching with two real H.264 streams of one camera: a 640x360 main stream and a 320x180
 * sub stream, encoded from the same picture, interleaved as two sessions would deliver them.
 */
class FeedDecoderTest {
  private static EncodedClip main;
  private static EncodedClip sub;

  /** A camera offering both streams; records what the station asked of it. */
  private static final class TwoStreams implements StreamControl {
    final List<String> calls = new ArrayList<>();

    @Override
    public boolean offers(StreamChoice stream) {
      return true;
    }

    @Override
    public int announcedHeight(StreamChoice stream) {
      return stream == StreamChoice.SUB ? 180 : 360;
    }

    @Override
    public void start(StreamChoice stream) {
      calls.add("start " + stream);
    }

    @Override
    public void stop(StreamChoice stream) {
      calls.add("stop " + stream);
    }

    @Override
    public void requestKeyframe(StreamChoice stream) {
      calls.add("keyframe " + stream);
    }
  }

  @BeforeAll
  static void encode() {
    SyntheticClipSpec spec =
        SyntheticClipSpec.defaults("Adaptive").withDuration(Duration.ofSeconds(3));
    main = SyntheticClipEncoder.encode(spec);
    sub = SyntheticClipEncoder.encode(spec.withSize(320, 180));
  }

  @Test
  void switchesToTheMainStreamWithoutAGapWhenTheTileGrows() {
    TripleBuffer<FrameBuffer> frames = new TripleBuffer<>(() -> new FrameBuffer(320, 180));
    FeedStats stats = new FeedStats();
    TwoStreams camera = new TwoStreams();
    try (FeedDecoder decoder =
        new FeedDecoder(frames, stats, Clock.systemUTC(), camera, 320, 180)) {
      assertThat(decoder.activeStream()).isEqualTo(StreamChoice.SUB);
      List<Integer> shownWidths = new ArrayList<>();
      int switchedAt = -1;
      for (int i = 0; i < 40; i++) {
        if (i == 20) {
          decoder.requestOutputSize(1280, 720); // maximized: mid-GOP (keyframes at 0, 15, 30)
        }
        decoder.onUnit(StreamChoice.MAIN, unit(main, i));
        decoder.onUnit(StreamChoice.SUB, unit(sub, i));
        FrameBuffer shown = frames.takeLatest();
        assertThat(shown).as("a new picture at step %d (no gap)", i).isNotNull();
        assertThat(shown.hasFrame()).isTrue();
        shownWidths.add(shown.sourceWidth());
        if (switchedAt < 0 && shown.sourceWidth() == 640) {
          switchedAt = i;
          assertThat(shown.width()).isEqualTo(1280);
        }
      }
      // The sub stream stayed on screen until the main stream's first picture (its keyframe at 30).
      assertThat(switchedAt).isEqualTo(30);
      assertThat(shownWidths.subList(0, 30)).containsOnly(320);
      assertThat(shownWidths.subList(30, 40)).containsOnly(640);
      assertThat(decoder.activeStream()).isEqualTo(StreamChoice.MAIN);
      assertThat(decoder.pendingStream()).isNull();
      assertThat(camera.calls).containsSubsequence("start MAIN", "keyframe MAIN", "stop SUB");
      assertThat(stats.snapshot().decodeErrors()).isZero();
    }
  }

  @Test
  void hiddenTilesDecodeOnlyKeyframesAndRecoverWhenShown() {
    TripleBuffer<FrameBuffer> frames = new TripleBuffer<>(() -> new FrameBuffer(320, 180));
    FeedStats stats = new FeedStats();
    TwoStreams camera = new TwoStreams();
    try (FeedDecoder decoder =
        new FeedDecoder(
            frames,
            stats,
            Clock.systemUTC(),
            StreamControl.mainOnly(() -> camera.requestKeyframe(StreamChoice.MAIN)),
            320,
            180)) {
      for (int i = 0; i < 5; i++) {
        decoder.onUnit(StreamChoice.MAIN, unit(main, i));
      }
      assertThat(stats.snapshot().framesDecoded()).isEqualTo(5);
      frames.takeLatest();
      decoder.setVisible(false);
      for (int i = 5; i < 35; i++) {
        decoder.onUnit(StreamChoice.MAIN, unit(main, i));
      }
      // Only the keyframes at 15 and 30 were decoded, and nothing was published for display.
      assertThat(stats.snapshot().framesDecoded()).isEqualTo(7);
      assertThat(frames.takeLatest()).isNull();
      decoder.setVisible(true);
      camera.calls.clear();
      decoder.onUnit(StreamChoice.MAIN, unit(main, 35)); // references skipped: not decodable
      assertThat(frames.takeLatest()).isNull();
      assertThat(camera.calls).contains("keyframe MAIN");
      for (int i = 36; i < 46; i++) {
        decoder.onUnit(StreamChoice.MAIN, unit(main, i));
      }
      FrameBuffer shown = frames.takeLatest();
      assertThat(shown).isNotNull(); // from the keyframe at 45 on
      assertThat(stats.snapshot().decodeErrors()).isZero();
    }
  }

  @Test
  void aSwitchThatNeverArrivesTimesOutKeepsThePictureAndBacksOff() {
    TripleBuffer<FrameBuffer> frames = new TripleBuffer<>(() -> new FrameBuffer(1280, 720));
    FeedStats stats = new FeedStats();
    TwoStreams camera = new TwoStreams();
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    try (FeedDecoder decoder =
        new FeedDecoder(frames, stats, Clock.systemUTC(), nanos::get, camera, 1280, 720)) {
      assertThat(decoder.activeStream()).isEqualTo(StreamChoice.MAIN);
      decoder.onUnit(StreamChoice.MAIN, unit(main, 0));
      decoder.requestOutputSize(320, 180);
      // The camera accepts the switch but never sends the sub stream: main keeps coming.
      for (int i = 1; i < 20; i++) {
        decoder.onUnit(StreamChoice.MAIN, unit(main, i));
        FrameBuffer shown = frames.takeLatest();
        assertThat(shown).isNotNull();
        assertThat(shown.hasFrame()).isTrue();
        nanos.addAndGet(FeedDecoder.SWITCH_TIMEOUT_NANOS / 10);
      }
      assertThat(decoder.pendingStream()).as("given up").isNull();
      assertThat(decoder.activeStream()).isEqualTo(StreamChoice.MAIN);
      // Given up: the shown stream is asked for again, the failed one not at once.
      assertThat(camera.calls).containsSubsequence("start SUB", "stop SUB", "start MAIN");
      assertThat(camera.calls.stream().filter("start SUB"::equals)).hasSize(1);
      nanos.addAndGet(FeedDecoder.RETRY_BASE_NANOS);
      decoder.onUnit(StreamChoice.MAIN, unit(main, 20));
      assertThat(decoder.pendingStream())
          .as("tried again after the back-off")
          .isEqualTo(StreamChoice.SUB);
      assertThat(stats.snapshot().decodeErrors()).isZero();
    }
  }

  @Test
  void aCameraThatSwitchesItsOneStreamKeepsTheOldPictureUntilTheNewOnesFirst() {
    TripleBuffer<FrameBuffer> frames = new TripleBuffer<>(() -> new FrameBuffer(1280, 720));
    TwoStreams camera = new TwoStreams();
    try (FeedDecoder decoder =
        new FeedDecoder(frames, new FeedStats(), Clock.systemUTC(), camera, 1280, 720)) {
      for (int i = 0; i < 20; i++) {
        decoder.onUnit(StreamChoice.MAIN, unit(main, i));
      }
      assertThat(frames.takeLatest().sourceWidth()).isEqualTo(640);
      decoder.requestOutputSize(320, 180);
      // As a session does: main stops, sub starts from its cached GOP's keyframe (unit 15).
      int published = 0;
      for (int i = 15; i < 30; i++) {
        decoder.onUnit(StreamChoice.SUB, unit(sub, i));
        FrameBuffer shown = frames.takeLatest();
        if (shown != null) {
          published++;
          assertThat(shown.hasFrame()).isTrue();
          assertThat(shown.sourceWidth()).isEqualTo(320);
        }
      }
      assertThat(published).isEqualTo(15);
      assertThat(frames.lastTaken().hasFrame()).isTrue();
      assertThat(decoder.activeStream()).isEqualTo(StreamChoice.SUB);
    }
  }

  private static AccessUnit unit(EncodedClip clip, int i) {
    AccessUnit u = clip.units().get(i % clip.frameCount());
    return new AccessUnit(u.codec(), u.data(), i * 66_667L, 0, u.keyframe());
  }
}
