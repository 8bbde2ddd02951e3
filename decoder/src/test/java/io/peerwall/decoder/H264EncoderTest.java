package io.peerwall.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUYV422;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.junit.jupiter.api.Test;

class H264EncoderTest {

  @Test
  void aKeyframeRequestMakesTheNextPictureAnIdr() {
    TestPatternPainter painter = new TestPatternPainter("Idr", 160, 90, 15);
    java.awt.image.BufferedImage picture =
        new java.awt.image.BufferedImage(160, 90, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    List<AccessUnit> units = new ArrayList<>();
    try (H264Encoder encoder = new H264Encoder(160, 90, 15, 200_000, 300)) {
      for (int i = 0; i < 20; i++) {
        if (i == 7 || i == 13) {
          encoder.requestKeyframe();
        }
        painter.paint(picture, i, "clock " + i);
        encoder.encode(picture, i, units::add);
      }
    }
    assertThat(units).hasSize(20);
    List<Integer> keyframes = new ArrayList<>();
    for (int i = 0; i < units.size(); i++) {
      if (units.get(i).keyframe()) {
        keyframes.add(i);
      }
    }
    assertThat(keyframes).containsExactly(0, 7, 13);
    // Forced IDRs carry SPS and PPS like the first one.
    assertThat(AnnexB.nalType(VideoCodec.H264, units.get(7).data()[4])).isEqualTo(7);
  }

  @Test
  void encodesDecodedPicturesOfAnotherSizeAndFormat() {
    // What a webcam delivers: packed YUYV at its own size, scaled to the encoder's in one step.
    AVFrame yuyv = av_frame_alloc();
    List<AccessUnit> units = new ArrayList<>();
    try (H264Encoder encoder = new H264Encoder(320, 240, 15, 300_000, 15)) {
      yuyv.format(AV_PIX_FMT_YUYV422).width(640).height(480);
      assertThat(av_frame_get_buffer(yuyv, 0)).isZero();
      for (int i = 0; i < 5; i++) {
        // Mid-grey picture: Y = 128, U = V = 128.
        yuyv.data(0).capacity((long) yuyv.linesize(0) * 480).fill(128);
        encoder.encodeFrame(yuyv, i, units::add);
      }
    } finally {
      av_frame_free(yuyv);
    }
    assertThat(units).hasSize(5);
    FrameBuffer tile = new FrameBuffer(32, 24);
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H264)) {
      for (AccessUnit unit : units) {
        assertThat(decoder.decode(unit, tile)).isEqualTo(DecodeStatus.FRAME);
      }
      assertThat(decoder.sourceWidth()).isEqualTo(320);
    }
    int grey = tile.argbAt(16, 12) & 0xff;
    assertThat(grey).isBetween(118, 138);
  }
}
