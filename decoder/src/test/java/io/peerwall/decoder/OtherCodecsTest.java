package io.peerwall.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.demux.MediaFiles;
import io.peerwall.decoder.testing.TestMedia;
import io.peerwall.testsupport.Environment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * VP8, VP9 and AV1: keyframe detection from the bitstream, decoding to tiles, keyframes-only mode
 * and recovery after corruption, on clips made by libvpx and libaom (the bundled ffmpeg).
 */
class OtherCodecsTest {

  private static final int FPS = 15;
  private static final int GOP = 10;

  @ParameterizedTest
  @EnumSource(
      value = VideoCodec.class,
      names = {"VP8", "VP9", "AV1"})
  void keyframesAreRecognisedFromTheBitstreamAlone(VideoCodec codec) throws Exception {
    EncodedClip clip = clip(codec);
    int keyframes = 0;
    for (int i = 0; i < clip.frameCount(); i++) {
      AccessUnit unit = clip.units().get(i);
      boolean expected = i % GOP == 0;
      assertThat(CodedFrames.isKeyframe(codec, unit.data()))
          .as("%s unit %d", codec, i)
          .isEqualTo(expected);
      assertThat(AnnexB.containsKeyframe(codec, unit.data())).isEqualTo(expected);
      keyframes += expected ? 1 : 0;
    }
    assertThat(keyframes).isEqualTo(clip.frameCount() / GOP);
    // Nothing odd makes the parsers throw.
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] junk = new byte[random.nextInt(40)];
      random.nextBytes(junk);
      CodedFrames.isKeyframe(codec, junk);
    }
    assertThat(CodedFrames.isKeyframe(codec, new byte[0])).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = VideoCodec.class,
      names = {"VP8", "VP9", "AV1"})
  void decodesToATileAndRecoversAtTheNextKeyframe(VideoCodec codec) throws Exception {
    Environment.require(
        StreamDecoder.isSupported(codec),
        "SKIPPED: this FFmpeg build has no " + codec + " decoder");
    EncodedClip clip = clip(codec);
    List<AccessUnit> units = clip.units();
    FrameBuffer tile = new FrameBuffer(160, 90);
    try (StreamDecoder decoder = new StreamDecoder(codec)) {
      // Starting mid-GOP waits for a keyframe, recognised without the flag.
      assertThat(decoder.decode(units.get(3), tile)).isEqualTo(DecodeStatus.WAITING_FOR_KEYFRAME);
      AccessUnit key = units.get(GOP);
      AccessUnit unflagged = new AccessUnit(codec, key.data(), key.ptsMicros(), 0, false);
      assertThat(decoder.decode(unflagged, tile)).isEqualTo(DecodeStatus.FRAME);
      for (int i = GOP + 1; i < 2 * GOP; i++) {
        assertThat(decoder.decode(units.get(i), tile))
            .as("%s unit %d", codec, i)
            .isEqualTo(DecodeStatus.FRAME);
      }
      // Truncated and garbled units: reported, never thrown; the next keyframe recovers.
      AccessUnit broken = units.get(2 * GOP + 1);
      DecodeStatus status =
          decoder.decode(
              new AccessUnit(codec, Arrays.copyOf(broken.data(), 5), broken.ptsMicros(), 0, false),
              tile);
      assertThat(status)
          .isIn(DecodeStatus.ERROR_NEEDS_KEYFRAME, DecodeStatus.NO_FRAME, DecodeStatus.FRAME);
      decoder.signalLoss();
      assertThat(decoder.decode(units.get(2 * GOP + 2), tile))
          .isEqualTo(DecodeStatus.WAITING_FOR_KEYFRAME);
      assertThat(decoder.decode(units.get(3 * GOP), tile)).isEqualTo(DecodeStatus.FRAME);
      assertThat(decoder.keyframeNeeded()).isFalse();
      assertThat(tile.sourceWidth()).isEqualTo(320);
      assertThat(Pictures.opaque(tile)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = VideoCodec.class,
      names = {"VP8", "VP9", "AV1"})
  void keyframesOnlyModeSkipsEverythingElse(VideoCodec codec) throws Exception {
    Environment.require(StreamDecoder.isSupported(codec), "SKIPPED: no " + codec + " decoder");
    EncodedClip clip = clip(codec);
    FrameBuffer tile = new FrameBuffer(96, 54);
    try (StreamDecoder decoder =
        new StreamDecoder(codec, DecoderOptions.defaults().withKeyframesOnly(true))) {
      int frames = 0;
      for (AccessUnit unit : clip.units()) {
        DecodeStatus status = decoder.decode(unit, tile);
        assertThat(status).isEqualTo(unit.keyframe() ? DecodeStatus.FRAME : DecodeStatus.SKIPPED);
        frames += status == DecodeStatus.FRAME ? 1 : 0;
      }
      assertThat(frames).isEqualTo(clip.frameCount() / GOP);
      assertThat(decoder.unitsSkipped()).isEqualTo(clip.frameCount() - frames);
    }
  }

  @ParameterizedTest
  @EnumSource(VideoCodec.class)
  void supportIsReportedForEveryCodec(VideoCodec codec) {
    // H.264, H.265, VP8 and VP9 are native FFmpeg decoders; AV1 needs libdav1d or libaom.
    if (codec != VideoCodec.AV1) {
      assertThat(StreamDecoder.isSupported(codec)).isTrue();
    }
    String name = StreamDecoder.decoderName(codec);
    System.out.println("METRIC decoder for " + codec + ": " + name);
  }

  private static EncodedClip clip(VideoCodec codec) throws Exception {
    Path file =
        switch (codec) {
          case VP8 -> TestMedia.vp8(320, 180, FPS, 4, GOP);
          case VP9 -> TestMedia.vp9(320, 180, FPS, 4, GOP);
          case AV1 -> TestMedia.av1(320, 180, FPS, 4, GOP);
          default -> throw new IllegalArgumentException(codec.toString());
        };
    EncodedClip clip = MediaFiles.readClip(file, FPS);
    assertThat(clip.codec()).isEqualTo(codec);
    assertThat(clip.frameCount()).isEqualTo(4 * FPS);
    return clip;
  }
}
