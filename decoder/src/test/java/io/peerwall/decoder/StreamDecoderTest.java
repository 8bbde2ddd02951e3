package io.peerwall.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamDecoderTest {

  private final EncodedClip clip = TestClips.demo();
  private final List<AccessUnit> units = clip.units();
  private final TestPatternPainter painter = TestClips.demoPainter();

  @Test
  void decodesEveryUnitToATileAndThePatternMoves() {
    FrameBuffer tile = new FrameBuffer(320, 180);
    byte[] previous = null;
    Rectangle band = Pictures.scaled(painter.movingBand(), 640, 320, 2);
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H264)) {
      assertThat(decoder.keyframeNeeded()).isTrue();
      int frames = 0;
      for (int i = 0; i < units.size(); i++) {
        AccessUnit unit = retimed(units.get(i), 1_700_000_000_000_000L + i);
        DecodeStatus status = decoder.decode(unit, tile);
        if (status == DecodeStatus.FRAME) {
          frames++;
          // Low delay: the picture of unit i comes out with unit i.
          assertThat(tile.ptsMicros()).isEqualTo(unit.ptsMicros());
          assertThat(tile.captureEpochMicros()).isEqualTo(unit.captureEpochMicros());
          assertBlockAt(tile, i);
          byte[] now = Pictures.copy(tile);
          if (previous != null) {
            assertThat(meanAbsDiff(previous, now, tile, band))
                .as("frame %d vs previous", i)
                .isGreaterThan(5);
          }
          previous = now;
        } else {
          assertThat(status).isEqualTo(DecodeStatus.NO_FRAME);
        }
      }
      assertThat(frames).isGreaterThanOrEqualTo(units.size() - 1);
      if (decoder.flush(tile) == DecodeStatus.FRAME) {
        frames++;
      }
      assertThat(frames).isEqualTo(units.size());
      assertThat(decoder.framesDecoded()).isEqualTo(units.size());
      assertThat(decoder.decodeErrors()).isZero();
      assertThat(decoder.keyframeNeeded()).as("after flush").isTrue();
      assertThat(decoder.sourceWidth()).isEqualTo(640);
      assertThat(tile.sequence()).isEqualTo(units.size());
      assertThat(tile.sourceWidth()).isEqualTo(640);
      assertThat(Pictures.opaque(tile)).isTrue();
    }
  }

  @Test
  void coloursSurviveTheRoundTrip() {
    FrameBuffer tile = new FrameBuffer(640, 360);
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H264)) {
      assertThat(decoder.decode(units.get(0), tile)).isEqualTo(DecodeStatus.FRAME);
    }
    // Middle of the second bar (yellow, 192/192/0) and of the last bar (blue, 0/0/192): catches a
    // swapped R/B order or a wrong YUV matrix or range.
    int yellow = tile.argbAt(640 * 3 / 14, 150);
    int blue = tile.argbAt(640 * 13 / 14, 150);
    assertThat(channels(yellow)).satisfies(c -> assertNear(c, 255, 192, 192, 0));
    assertThat(channels(blue)).satisfies(c -> assertNear(c, 255, 0, 0, 192));
  }

  @Test
  void outputSizeMayChangeBetweenCalls() {
    int[][] sizes = {{320, 180}, {160, 90}, {480, 270}, {320, 180}};
    FrameBuffer[] tiles = new FrameBuffer[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      tiles[i] = new FrameBuffer(sizes[i][0], sizes[i][1]);
    }
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H264)) {
      for (int i = 0; i < units.size(); i++) {
        FrameBuffer tile = tiles[(i / 5) % tiles.length];
        assertThat(decoder.decode(units.get(i), tile)).isEqualTo(DecodeStatus.FRAME);
        assertBlockAt(tile, i);
        assertThat(Pictures.opaque(tile)).isTrue();
      }
    }
  }

  @Test
  void inputResolutionMayChangeMidStream() {
    EncodedClip small = TestClips.small();
    FrameBuffer tile = new FrameBuffer(320, 180);
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H264)) {
      for (AccessUnit unit : small.units().subList(0, 20)) {
        assertThat(decoder.decode(unit, tile)).isEqualTo(DecodeStatus.FRAME);
      }
      assertThat(decoder.sourceWidth()).isEqualTo(320);
      long offset = small.units().get(19).ptsMicros() + 66_666;
      for (int i = 0; i < 20; i++) {
        AccessUnit unit = units.get(i);
        AccessUnit shifted =
            new AccessUnit(
                unit.codec(), unit.data(), offset + unit.ptsMicros(), 0, unit.keyframe());
        assertThat(decoder.decode(shifted, tile)).isEqualTo(DecodeStatus.FRAME);
        assertBlockAt(tile, i);
      }
      assertThat(decoder.sourceWidth()).isEqualTo(640);
      assertThat(tile.sourceHeight()).isEqualTo(360);
      assertThat(decoder.decodeErrors()).isZero();
    }
  }

  @Test
  void streamStartingMidGopWaitsForTheNextKeyframe() {
    FrameBuffer tile = new FrameBuffer(320, 180);
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H264)) {
      for (int i = 5; i < 15; i++) {
        assertThat(decoder.decode(units.get(i), tile)).isEqualTo(DecodeStatus.WAITING_FOR_KEYFRAME);
        assertThat(decoder.keyframeNeeded()).isTrue();
      }
      // The keyframe flag is dropped on purpose: the decoder must recognise the IDR itself.
      AccessUnit key = units.get(15);
      AccessUnit unflagged = new AccessUnit(key.codec(), key.data(), key.ptsMicros(), 0, false);
      assertThat(decoder.decode(unflagged, tile)).isEqualTo(DecodeStatus.FRAME);
      assertThat(decoder.keyframeNeeded()).isFalse();
      assertBlockAt(tile, 15);
      assertThat(tile.hasFrame()).isTrue();
      assertThat(decoder.unitsWaitingForKeyframe()).isEqualTo(10);
      assertThat(decoder.decodeErrors()).isZero();
    }
  }

  @Test
  void garbageNeverThrowsAndTheDecoderRecoversAtTheNextKeyframe() {
    Random random = new Random(42);
    FrameBuffer tile = new FrameBuffer(320, 180);
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H264)) {
      // Before any keyframe: random bytes, with and without a keyframe flag / IDR header.
      assertThat(decoder.decode(garbage(random, 3000, -1, false), tile))
          .isEqualTo(DecodeStatus.WAITING_FOR_KEYFRAME);
      assertThat(decoder.decode(garbage(random, 3000, -1, true), tile))
          .isEqualTo(DecodeStatus.ERROR_NEEDS_KEYFRAME);
      assertThat(decoder.decode(garbage(random, 3000, 0x65, true), tile))
          .isEqualTo(DecodeStatus.ERROR_NEEDS_KEYFRAME);
      assertThat(decoder.decode(new AccessUnit(VideoCodec.H264, new byte[0], 0, 0, true), tile))
          .isEqualTo(DecodeStatus.ERROR_NEEDS_KEYFRAME);
      assertThat(decoder.decode(new AccessUnit(VideoCodec.H264, null, 0, 0, false), tile))
          .isEqualTo(DecodeStatus.ERROR_NEEDS_KEYFRAME);
      assertThat(decoder.keyframeNeeded()).isTrue();
      assertThat(tile.hasFrame()).isFalse();

      for (int i = 0; i < 5; i++) {
        assertThat(decoder.decode(units.get(i), tile)).isEqualTo(DecodeStatus.FRAME);
      }
      assertThat(decoder.keyframeNeeded()).isFalse();

      // A truncated P-frame: reported, and the tile keeps the last good picture.
      long shown = tile.sequence();
      assertThat(decoder.decode(truncated(units.get(5), 3), tile))
          .isEqualTo(DecodeStatus.ERROR_NEEDS_KEYFRAME);
      assertThat(decoder.keyframeNeeded()).isTrue();
      assertThat(tile.sequence()).isEqualTo(shown);
      for (int i = 6; i < 15; i++) {
        assertThat(decoder.decode(units.get(i), tile)).isEqualTo(DecodeStatus.WAITING_FOR_KEYFRAME);
      }
      assertThat(decoder.decode(units.get(15), tile)).isEqualTo(DecodeStatus.FRAME);
      assertBlockAt(tile, 15);

      // Garbage that claims to be a P-frame mid-stream.
      assertThat(decoder.decode(garbage(random, 2000, 0x41, false), tile))
          .isEqualTo(DecodeStatus.ERROR_NEEDS_KEYFRAME);
      assertThat(decoder.decode(units.get(17), tile)).isEqualTo(DecodeStatus.WAITING_FOR_KEYFRAME);

      // A truncated keyframe does not end the wait.
      assertThat(decoder.decode(truncated(units.get(30), 2), tile))
          .isEqualTo(DecodeStatus.ERROR_NEEDS_KEYFRAME);
      assertThat(decoder.decode(units.get(31), tile)).isEqualTo(DecodeStatus.WAITING_FOR_KEYFRAME);
      for (int i = 45; i < 60; i++) {
        assertThat(decoder.decode(units.get(i), tile)).isEqualTo(DecodeStatus.FRAME);
        assertBlockAt(tile, i);
      }
      assertThat(decoder.keyframeNeeded()).isFalse();
      assertThat(decoder.decodeErrors()).isEqualTo(7);
    }
  }

  @Test
  void signalledLossWaitsForAKeyframeInsteadOfDecodingAgainstAMissingReference() {
    FrameBuffer tile = new FrameBuffer(320, 180);
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H264)) {
      for (int i = 0; i < 5; i++) {
        decoder.decode(units.get(i), tile);
      }
      decoder.signalLoss(); // unit 5 never arrived
      assertThat(decoder.decode(units.get(6), tile)).isEqualTo(DecodeStatus.WAITING_FOR_KEYFRAME);
      assertThat(decoder.decode(units.get(15), tile)).isEqualTo(DecodeStatus.FRAME);
      assertThat(decoder.decodeErrors()).isZero();
    }
  }

  @Test
  void keyframesOnlyModeDecodesOnlyKeyframes() {
    FrameBuffer tile = new FrameBuffer(160, 90);
    try (StreamDecoder decoder =
        new StreamDecoder(VideoCodec.H264, DecoderOptions.defaults().withKeyframesOnly(true))) {
      int frames = 0;
      for (AccessUnit unit : units) {
        DecodeStatus status = decoder.decode(unit, tile);
        assertThat(status).isEqualTo(unit.keyframe() ? DecodeStatus.FRAME : DecodeStatus.SKIPPED);
        frames += status == DecodeStatus.FRAME ? 1 : 0;
      }
      assertThat(frames).isEqualTo(4);
      assertThat(decoder.unitsSkipped()).isEqualTo(56);
    }
  }

  @Test
  void sendReceiveWithFrameThreadsDeliversEveryPictureAfterFlush() {
    try (StreamDecoder decoder =
        new StreamDecoder(
            VideoCodec.H264, DecoderOptions.defaults().withThreadCount(2).withLowDelay(false))) {
      int received = 0;
      for (AccessUnit unit : units) {
        assertThat(decoder.send(unit)).isEqualTo(DecodeStatus.ACCEPTED);
        while (decoder.receive(null) == DecodeStatus.FRAME) {
          received++;
        }
      }
      // Frame threading holds pictures back; the flush releases them.
      assertThat(received).isLessThan(units.size());
      assertThat(decoder.flush(null)).isEqualTo(DecodeStatus.FRAME);
      assertThat(decoder.framesDecoded()).isEqualTo(units.size());
      assertThat(decoder.keyframeNeeded()).isTrue();
      // After a flush the decoder takes a new stream from its keyframe.
      assertThat(decoder.send(units.get(1))).isEqualTo(DecodeStatus.WAITING_FOR_KEYFRAME);
      assertThat(decoder.send(units.get(0))).isEqualTo(DecodeStatus.ACCEPTED);
    }
  }

  @Test
  void closeIsIdempotentAndUseAfterCloseIsAnError() {
    StreamDecoder decoder = new StreamDecoder(VideoCodec.H265);
    decoder.close();
    decoder.close();
    assertThatThrownBy(() -> decoder.decode(units.get(0), null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void unitOfAnotherCodecIsRejected() {
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H265)) {
      assertThatThrownBy(() -> decoder.decode(units.get(0), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("H265");
    }
  }

  @Test
  void decodesFastEnoughForAWall() {
    FrameBuffer tile = new FrameBuffer(320, 180);
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H264)) {
      for (AccessUnit unit : units) {
        decoder.decode(unit, tile); // warm up
      }
      long started = System.nanoTime();
      int frames = 0;
      for (int loop = 0; loop < 10; loop++) {
        for (AccessUnit unit : units) {
          frames += decoder.decode(unit, tile) == DecodeStatus.FRAME ? 1 : 0;
        }
      }
      double fps = frames / ((System.nanoTime() - started) / 1e9);
      System.out.printf("METRIC decode 640x360 -> 320x180 BGRA, 1 thread: %.0f fps%n", fps);
      assertThat(frames).isEqualTo(10 * units.size());
      assertThat(fps).isGreaterThan(200);
    }
  }

  /** The white block of frame {@code index} is where the painter put it, scaled to the tile. */
  private void assertBlockAt(FrameBuffer tile, int index) {
    Rectangle block = painter.movingBlock(index);
    Rectangle inside = Pictures.scaled(block, 640, tile.width(), 2);
    assertThat(Pictures.meanLuma(tile, inside)).as("block of frame %d", index).isGreaterThan(200);
    Rectangle left = new Rectangle(block.x - 14, block.y + 4, 10, block.height - 8);
    if (left.x >= 0) {
      Rectangle outside = Pictures.scaled(left, 640, tile.width(), 0);
      assertThat(Pictures.meanLuma(tile, outside)).as("left of block %d", index).isLessThan(60);
    }
  }

  private static double meanAbsDiff(byte[] a, byte[] b, FrameBuffer buffer, Rectangle area) {
    long sum = 0;
    int count = 0;
    for (int y = area.y; y < area.y + area.height; y++) {
      for (int x = area.x; x < area.x + area.width; x++) {
        int i = (y * buffer.width() + x) * 4;
        for (int c = 0; c < 3; c++) {
          sum += Math.abs((a[i + c] & 0xff) - (b[i + c] & 0xff));
          count++;
        }
      }
    }
    return (double) sum / count;
  }

  private static AccessUnit retimed(AccessUnit unit, long capture) {
    return new AccessUnit(unit.codec(), unit.data(), unit.ptsMicros(), capture, unit.keyframe());
  }

  private static AccessUnit truncated(AccessUnit unit, int divisor) {
    return new AccessUnit(
        unit.codec(),
        Arrays.copyOf(unit.data(), unit.data().length / divisor),
        unit.ptsMicros(),
        0,
        unit.keyframe());
  }

  /** Random bytes; with {@code nalHeader} >= 0 they follow a start code and that NAL header. */
  private static AccessUnit garbage(Random random, int length, int nalHeader, boolean keyframe) {
    byte[] data = new byte[length];
    random.nextBytes(data);
    if (nalHeader >= 0) {
      data[0] = 0;
      data[1] = 0;
      data[2] = 0;
      data[3] = 1;
      data[4] = (byte) nalHeader;
    }
    return new AccessUnit(VideoCodec.H264, data, 0, 0, keyframe);
  }

  private static int[] channels(int argb) {
    return new int[] {argb >>> 24, (argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff};
  }

  private static void assertNear(int[] argb, int a, int r, int g, int b) {
    assertThat(argb[0]).isEqualTo(a);
    assertThat(argb[1]).isBetween(r - 12, r + 12);
    assertThat(argb[2]).isBetween(g - 12, g + 12);
    assertThat(argb[3]).isBetween(b - 12, b + 12);
  }
}
