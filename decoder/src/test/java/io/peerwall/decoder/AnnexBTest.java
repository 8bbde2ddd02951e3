package io.peerwall.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnnexBTest {

  private static final byte[] SPS = {0x67, 0x42, 0x00, 0x1f};
  private static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
  private static final byte[] IDR = {0x65, (byte) 0x88, 0x01, 0x02};
  private static final byte[] NON_IDR = {0x41, (byte) 0x9a, 0x03};

  @Test
  void splitsThreeAndFourByteStartCodesAndSkipsTrailingZeros() {
    byte[] data = {
      0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, (byte) 0xce, 0, 0, 0, 1, 0x65, 0x11, 0, 0
    };
    List<AnnexB.NalUnit> nals = AnnexB.split(data);
    assertThat(nals)
        .containsExactly(
            new AnnexB.NalUnit(4, 2), new AnnexB.NalUnit(9, 2), new AnnexB.NalUnit(15, 2));
    assertThat(AnnexB.containsKeyframe(VideoCodec.H264, data)).isTrue();
  }

  @Test
  void garbageYieldsNoUnitsAndNoException() {
    assertThat(AnnexB.split(new byte[0])).isEmpty();
    assertThat(AnnexB.split(new byte[] {1, 2, 3, 4, 5})).isEmpty();
    assertThat(AnnexB.split(new byte[] {0, 0, 1})).isEmpty();
    assertThat(AnnexB.containsKeyframe(VideoCodec.H265, new byte[] {0, 0, 1, 0, 0, 1})).isFalse();
  }

  @Test
  void classifiesH265Types() {
    // IDR_W_RADL (19): header byte 19 << 1 = 0x26; VPS (32): 0x40.
    assertThat(AnnexB.nalType(VideoCodec.H265, (byte) 0x26)).isEqualTo(19);
    assertThat(AnnexB.isKeyframeNal(VideoCodec.H265, 19)).isTrue();
    assertThat(AnnexB.isKeyframeNal(VideoCodec.H265, 1)).isFalse();
    assertThat(AnnexB.isParameterSet(VideoCodec.H265, AnnexB.nalType(VideoCodec.H265, (byte) 0x40)))
        .isTrue();
  }

  @Test
  void injectorPrependsRememberedParameterSetsToBareKeyframes() {
    ParameterSetInjector injector = new ParameterSetInjector(VideoCodec.H264);
    byte[] first = annexB(SPS, PPS, IDR);
    assertThat(injector.process(first)).isSameAs(first);
    assertThat(injector.process(annexB(NON_IDR))).isEqualTo(annexB(NON_IDR));

    byte[] bareIdr = annexB(IDR);
    assertThat(injector.process(bareIdr)).isEqualTo(annexB(SPS, PPS, IDR));
  }

  @Test
  void injectorKeepsAccessUnitDelimiterFirstAndNormalisesStartCodes() {
    ParameterSetInjector injector = new ParameterSetInjector(VideoCodec.H264);
    injector.learn(annexB(SPS, PPS));
    byte[] aud = {0x09, (byte) 0xf0};
    byte[] shortCodes = {0, 0, 1, 0x09, (byte) 0xf0, 0, 0, 1, 0x65, (byte) 0x88, 0x01, 0x02};
    assertThat(injector.process(shortCodes)).isEqualTo(annexB(aud, SPS, PPS, IDR));
  }

  static byte[] annexB(byte[]... nals) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] nal : nals) {
      out.writeBytes(AnnexB.START_CODE);
      out.writeBytes(nal);
    }
    return out.toByteArray();
  }
}
