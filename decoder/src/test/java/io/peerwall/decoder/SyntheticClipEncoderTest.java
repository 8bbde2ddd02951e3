package io.peerwall.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticClipEncoderTest {

  @Test
  void demoClipHasOneUnitPerFrameRegularTimestampsAndSelfContainedKeyframes() {
    EncodedClip clip = TestClips.demo();

    assertThat(clip.codec()).isEqualTo(VideoCodec.H264);
    assertThat(clip.width()).isEqualTo(640);
    assertThat(clip.height()).isEqualTo(360);
    assertThat(clip.fps()).isEqualTo(15);
    assertThat(clip.frameCount()).isEqualTo(60);
    assertThat(clip.durationMicros()).isEqualTo(4_000_000);
    assertThat(clip.keyframeIndices()).containsExactly(0, 15, 30, 45);
    for (int i = 0; i < clip.frameCount(); i++) {
      AccessUnit unit = clip.units().get(i);
      assertThat(unit.ptsMicros()).isEqualTo(i * 1_000_000L / 15);
      assertThat(unit.captureEpochMicros()).isZero();
      assertThat(unit.data()).startsWith(0, 0, 0, 1);
      List<Integer> types = nalTypes(unit.data());
      if (unit.keyframe()) {
        assertThat(types).as("keyframe %d", i).containsSubsequence(7, 8, 5);
      } else {
        assertThat(types).as("frame %d", i).doesNotContain(5).contains(1);
      }
    }
  }

  @Test
  void demoClipEncodesWellUnderASecondOrTwo() {
    long first = TestClips.demoEncodeMillis();
    long started = TestClips.processCpuNanos();
    EncodedClip again = SyntheticClipEncoder.encode(TestClips.DEMO);
    long warm = (TestClips.processCpuNanos() - started) / 1_000_000;
    System.out.println("METRIC demo clip encode CPU ms (warm): " + warm);
    // Measured 0.2-0.7 s cold (native library and font loading) and ~0.15 s warm on 2 cores, in
    // wall time on an idle machine; bounded here in CPU time, which other builds do not stretch.
    assertThat(first).isLessThan(3_000);
    assertThat(warm).isLessThan(1_500);
    // One thread, same input: the encoder is deterministic, so a cached clip equals a fresh one.
    assertThat(again.units().get(17).data()).isEqualTo(TestClips.demo().units().get(17).data());
  }

  @Test
  void everyKeyframeCarriesParameterSetsEvenWithAShortGop() {
    EncodedClip clip =
        SyntheticClipEncoder.encode(
            SyntheticClipSpec.defaults("Gop").withSize(160, 96).withGop(4).withFps(10));
    assertThat(clip.frameCount()).isEqualTo(40);
    assertThat(clip.keyframeIndices()).hasSize(10);
    for (int index : clip.keyframeIndices()) {
      assertThat(nalTypes(clip.units().get(index).data())).startsWith(7, 8);
    }
  }

  @Test
  void movingBlockAdvancesEveryFrameAndIsPainted() {
    TestPatternPainter painter = TestClips.demoPainter();
    BufferedImage image = new BufferedImage(640, 360, BufferedImage.TYPE_3BYTE_BGR);
    for (int i = 0; i < 40; i++) {
      Rectangle block = painter.movingBlock(i);
      assertThat(painter.movingBand().contains(block)).isTrue();
      assertThat(block.x).isNotEqualTo(painter.movingBlock(i + 1).x);
      painter.paint(image, i);
      assertThat(image.getRGB(block.x + block.width / 2, block.y + block.height / 2) & 0xffffff)
          .isEqualTo(0xffffff);
      if (block.x > 2) {
        assertThat(image.getRGB(block.x - 2, block.y + 1) & 0xffffff).isZero();
      }
    }
  }

  @Test
  void clockTextShowsClipTimeAndFrameNumber() {
    assertThat(TestPatternPainter.clockText(0, 15)).isEqualTo("00:00.000  #00000");
    assertThat(TestPatternPainter.clockText(19, 15)).isEqualTo("00:01.266  #00019");
    assertThat(TestPatternPainter.clockText(15 * 75, 15)).isEqualTo("01:15.000  #01125");
  }

  @Test
  void builtInBlockFontDrawsTextWhenSystemFontsAreUnavailable() {
    TestPatternPainter painter = new TestPatternPainter("Garage 2", 320, 180, 15, false);
    BufferedImage image = new BufferedImage(320, 180, BufferedImage.TYPE_3BYTE_BGR);
    painter.paint(image, 7);
    // Name box (top left) and clock box (bottom left) each hold both white and black pixels.
    assertThat(countWhite(image, new Rectangle(0, 0, 160, 25))).isGreaterThan(50);
    assertThat(countWhite(image, new Rectangle(0, 150, 160, 30))).isGreaterThan(50);
  }

  private static int countWhite(BufferedImage image, Rectangle area) {
    int count = 0;
    for (int y = area.y; y < area.y + area.height; y++) {
      for (int x = area.x; x < area.x + area.width; x++) {
        if ((image.getRGB(x, y) & 0xffffff) == 0xffffff) {
          count++;
        }
      }
    }
    return count;
  }

  static List<Integer> nalTypes(byte[] data) {
    List<Integer> types = new ArrayList<>();
    for (AnnexB.NalUnit nal : AnnexB.split(data)) {
      types.add(AnnexB.nalType(VideoCodec.H264, data[nal.offset()]));
    }
    return types;
  }
}
