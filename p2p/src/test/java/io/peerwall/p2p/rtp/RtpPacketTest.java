package io.peerwall.p2p.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

  @Test
  void headerWithCaptureTimeRoundTrips() {
    byte[] p = new byte[28 + 3];
    long ntp = NtpTime.fromEpochMicros(1_700_000_000_123_456L);
    int h = RtpWriter.writeHeader(p, 0, true, 96, 65535, 0xFFFF_FFFEL, 0xDEAD_BEEFL, true, 1, ntp);
    assertThat(h).isEqualTo(28);
    RtpPacket r = RtpPacket.parse(p, 0, p.length);
    assertThat(r).isNotNull();
    assertThat(r.marker()).isTrue();
    assertThat(r.payloadType()).isEqualTo(96);
    assertThat(r.sequenceNumber()).isEqualTo(65535);
    assertThat(r.timestamp()).isEqualTo(0xFFFF_FFFEL);
    assertThat(r.ssrc()).isEqualTo(0xDEAD_BEEFL);
    assertThat(r.payloadOffset()).isEqualTo(28);
    assertThat(r.payloadLength()).isEqualTo(3);
    long ext = r.findExtension(1);
    assertThat(ext & 0xFFFF).isEqualTo(8);
    int off = (int) (ext >>> 16);
    long back = (RtpPacket.u32(p, off) << 32) | RtpPacket.u32(p, off + 4);
    assertThat(back).isEqualTo(ntp);
    assertThat(r.findExtension(2)).isEqualTo(-1);
  }

  @Test
  void ntpConversionIsWithinAMicrosecond() {
    for (long us : new long[] {0, 1, 999_999, 1_700_000_000_123_456L, 2_085_978_496_000_001L}) {
      assertThat(NtpTime.toEpochMicros(NtpTime.fromEpochMicros(us))).isBetween(us - 1, us + 1);
    }
  }

  @Test
  void malformedPacketsAreRejectedWithAReason() {
    List<RtpPacket.Error> errors = new ArrayList<>();
    byte[] good = new byte[12];
    RtpWriter.writeHeader(good, 0, false, 96, 1, 2, 3, false, 1, 0);
    assertThat(RtpPacket.parse(good, 0, 12, errors::add)).isNotNull();
    assertThat(RtpPacket.parse(good, 0, 11, errors::add)).isNull(); // short
    byte[] v1 = good.clone();
    v1[0] = 0x40;
    assertThat(RtpPacket.parse(v1, 0, 12, errors::add)).isNull(); // version 1
    byte[] cc = good.clone();
    cc[0] = (byte) 0x8F; // 15 CSRCs, none present
    assertThat(RtpPacket.parse(cc, 0, 12, errors::add)).isNull();
    byte[] ext = new byte[16];
    System.arraycopy(good, 0, ext, 0, 12);
    ext[0] = (byte) 0x90;
    ext[12] = (byte) 0xBE;
    ext[13] = (byte) 0xDE;
    ext[14] = 0x7F; // 0x7FFF words
    ext[15] = (byte) 0xFF;
    assertThat(RtpPacket.parse(ext, 0, 16, errors::add)).isNull();
    byte[] pad = new byte[14];
    System.arraycopy(good, 0, pad, 0, 12);
    pad[0] = (byte) 0xA0;
    pad[13] = 9; // 9 bytes of padding in a 2-byte payload
    assertThat(RtpPacket.parse(pad, 0, 14, errors::add)).isNull();
    assertThat(RtpPacket.parse(null, 0, 0, errors::add)).isNull();
    assertThat(RtpPacket.parse(good, 5, 12, errors::add)).isNull(); // out of bounds
    assertThat(errors)
        .containsExactly(
            RtpPacket.Error.SHORT,
            RtpPacket.Error.BAD_VERSION,
            RtpPacket.Error.CSRC_OVERFLOW,
            RtpPacket.Error.EXTENSION_OVERFLOW,
            RtpPacket.Error.BAD_PADDING,
            RtpPacket.Error.SHORT,
            RtpPacket.Error.SHORT);
  }

  @Test
  void twoByteExtensionsAndMalformedElementsAreHandled() {
    byte[] p = new byte[12 + 4 + 8];
    RtpWriter.writeHeader(p, 0, false, 96, 1, 2, 3, false, 1, 0);
    p[0] = (byte) 0x90;
    p[12] = 0x10;
    p[13] = 0x00; // two-byte profile
    p[15] = 2; // 8 bytes
    p[16] = 0; // padding
    p[17] = 5; // id 5
    p[18] = 3; // len 3
    p[19] = 1;
    p[20] = 2;
    p[21] = 3;
    RtpPacket r = RtpPacket.parse(p, 0, p.length);
    assertThat(r.findExtension(5)).isEqualTo(((long) 19 << 16) | 3);
    p[18] = 100; // element runs past the block
    assertThat(RtpPacket.parse(p, 0, p.length).findExtension(5)).isEqualTo(-1);
  }
}
