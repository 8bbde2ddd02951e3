package io.peerwall.decoder.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.DecodeStatus;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.MediaClock;
import io.peerwall.decoder.StreamDecoder;
import io.peerwall.decoder.VideoCodec;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sub stream encoder with real libopenh264: keyframes on request, drops, the raw tap. */
@Timeout(60)
class SubStreamEncoderTest {

  @Test
  void sizesKeepTheAspectRatioAndHalveSmallStreams() {
    assertThat(SubStreamEncoder.sizeFor(1280, 720)).containsExactly(640, 360);
    assertThat(SubStreamEncoder.sizeFor(1920, 1080)).containsExactly(640, 360);
    assertThat(SubStreamEncoder.sizeFor(640, 360)).containsExactly(320, 180);
    assertThat(SubStreamEncoder.sizeFor(640, 480)).containsExactly(320, 240);
    assertThat(SubStreamEncoder.sizeFor(1280, 960)).containsExactly(480, 360);
  }

  @Test
  void encodesOfferedPicturesSmallerAndAnswersAKeyframeRequest() throws Exception {
    CollectingSink sink = new CollectingSink();
    AVFrame picture = greyPicture(320, 180);
    try (SubStreamEncoder sub =
        new SubStreamEncoder("Unit", 160, 90, 15, 100_000, 1000, MediaClock.system())) {
      sub.accept(picture); // not running yet: ignored
      assertThat(sub.framesOffered()).isZero();
      sub.start(sink);
      for (int i = 1; i <= 5; i++) {
        sub.accept(picture);
        assertThat(sink.awaitCount(i, 10)).isTrue();
      }
      sub.requestKeyframe();
      sub.accept(picture);
      assertThat(sink.awaitCount(6, 10)).isTrue();
      assertThat(sub.framesDropped()).isZero();
      assertThat(sub.health().width()).isEqualTo(160);
    } finally {
      av_frame_free(picture);
    }
    List<AccessUnit> units = sink.units();
    assertThat(units).hasSize(6);
    assertThat(units)
        .extracting(AccessUnit::keyframe)
        .containsExactly(true, false, false, false, false, true);
    assertThat(sink.threadName()).isEqualTo("substream-source-Unit");
    for (int i = 1; i < units.size(); i++) {
      assertThat(units.get(i).ptsMicros()).isGreaterThan(units.get(i - 1).ptsMicros());
    }
    assertThat(decodedSize(units)).containsExactly(160, 90);
  }

  @Test
  void dropsTheOldestPictureWhenTheEncoderIsBehindAndCountsIt() throws Exception {
    CountDownLatch inSink = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CollectingSink collected = new CollectingSink();
    AVFrame picture = greyPicture(320, 180);
    try (SubStreamEncoder sub =
        new SubStreamEncoder("Slow", 160, 90, 15, 100_000, 15, MediaClock.system())) {
      sub.start(
          unit -> {
            collected.accept(unit);
            inSink.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      sub.accept(picture);
      // The encoder thread holds the first picture's unit in the (stalled) sink.
      assertThat(inSink.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 5; i++) {
        sub.accept(picture);
      }
      assertThat(sub.framesOffered()).isEqualTo(6);
      assertThat(sub.framesDropped()).isEqualTo(5 - SubStreamEncoder.QUEUE_CAPACITY);
      release.countDown();
      assertThat(collected.awaitCount(1 + SubStreamEncoder.QUEUE_CAPACITY, 10)).isTrue();
      sub.stop();
      assertThat(collected.size()).isEqualTo(1 + SubStreamEncoder.QUEUE_CAPACITY);
    } finally {
      release.countDown();
      av_frame_free(picture);
    }
  }

  @Test
  void tapsTheLiveTestPatternBeforeItIsEncoded() throws Exception {
    CollectingSink mainSink = new CollectingSink();
    CollectingSink subSink = new CollectingSink();
    try (TestPatternSource main =
            new TestPatternSource("Live", 320, 180, 15, 300_000, 15, MediaClock.system());
        SubStreamEncoder sub = SubStreamEncoder.attachTo(main, MediaClock.system())) {
      assertThat(sub.width()).isEqualTo(160);
      assertThat(sub.height()).isEqualTo(90);
      sub.start(subSink);
      main.start(mainSink);
      assertThat(subSink.awaitCount(10, 20)).isTrue();
      assertThat(mainSink.awaitCount(10, 20)).isTrue();
      main.stop();
      long offered = sub.framesOffered();
      assertThat(offered).isGreaterThanOrEqualTo(10);
      assertThat(
              subSink.await(u -> u.size() + sub.framesDropped() >= offered, 20, TimeUnit.SECONDS))
          .isTrue();
    }
    assertThat(subSink.threadName()).isEqualTo("substream-source-Live");
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .as("the encoder thread ends with the source")
        .doesNotContain("substream-source-Live");
    assertThat(subSink.units().get(0).keyframe()).isTrue();
    assertThat(decodedSize(subSink.units())).containsExactly(160, 90);
    assertThat(decodedSize(mainSink.units())).containsExactly(320, 180);
  }

  private static int[] decodedSize(List<AccessUnit> units) {
    FrameBuffer tile = new FrameBuffer(32, 18);
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H264)) {
      for (AccessUnit unit : units) {
        assertThat(decoder.decode(unit, tile)).isEqualTo(DecodeStatus.FRAME);
      }
      return new int[] {decoder.sourceWidth(), decoder.sourceHeight()};
    }
  }

  /** A mid-grey YUV 4:2:0 picture, as a raw source's encoder would show it to the tap. */
  private static AVFrame greyPicture(int width, int height) {
    AVFrame frame = av_frame_alloc();
    frame.format(AV_PIX_FMT_YUV420P).width(width).height(height);
    assertThat(av_frame_get_buffer(frame, 0)).isZero();
    frame.data(0).capacity((long) frame.linesize(0) * height).fill(128);
    frame.data(1).capacity((long) frame.linesize(1) * height / 2).fill(128);
    frame.data(2).capacity((long) frame.linesize(2) * height / 2).fill(128);
    return frame;
  }
}
