package io.peerwall.p2p.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.rtp.NtpTime;
import io.peerwall.p2p.rtp.Rtcp;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class SrtpContextTest {
  private static final HexFormat HEX = HexFormat.of();

  /** RFC 3711 Appendix B.3: AES-CM key derivation. */
  @Test
  void keyDerivationMatchesRfc3711TestVectors() {
    byte[] key = HEX.parseHex("E1F97A0D3E018BE0D64FA32C06DE4139");
    byte[] salt = HEX.parseHex("0EC675AD498AFEEBB6960B3AABE6");
    assertThat(HEX.formatHex(SrtpKdf.derive(key, salt, SrtpKdf.RTP_ENCRYPTION, 16)))
        .isEqualToIgnoringCase("C61E7A93744F39EE10734AFE3FF7A087");
    assertThat(HEX.formatHex(SrtpKdf.derive(key, salt, SrtpKdf.RTP_SALT, 14)))
        .isEqualToIgnoringCase("30CBBC08863D8C85D49DB34A9AE1");
    assertThat(HEX.formatHex(SrtpKdf.derive(key, salt, SrtpKdf.RTP_AUTH, 20)))
        .isEqualToIgnoringCase("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4");
  }

  public static byte[] rtp(int seq, long ssrc, int payload, Random r) {
    byte[] p = new byte[12 + payload];
    p[0] = (byte) 0x80;
    p[1] = 96;
    p[2] = (byte) (seq >>> 8);
    p[3] = (byte) seq;
    p[8] = (byte) (ssrc >>> 24);
    p[9] = (byte) (ssrc >>> 16);
    p[10] = (byte) (ssrc >>> 8);
    p[11] = (byte) ssrc;
    for (int i = 12; i < p.length; i++) {
      p[i] = (byte) r.nextInt();
    }
    return p;
  }

  private static SrtpContext[] pair() {
    byte[] k = new byte[16];
    byte[] s = new byte[14];
    new Random(1).nextBytes(k);
    new Random(2).nextBytes(s);
    return new SrtpContext[] {new SrtpContext(k, s), new SrtpContext(k, s)};
  }

  @Test
  void roundTripsAcrossSequenceWrapAndRejectsTamperingAndReplays() {
    SrtpContext[] c = pair();
    Random r = new Random(3);
    for (int i = 0; i < 70_000; i += 7) {
      int seq = (65_500 + i) & 0xFFFF;
      byte[] plain = rtp(seq, 0x1234, 100, r);
      byte[] prot = c[0].protectRtp(plain, 0, plain.length);
      assertThat(prot).hasSize(plain.length + SrtpContext.TAG);
      assertThat(Arrays.copyOfRange(prot, 12, plain.length))
          .isNotEqualTo(Arrays.copyOfRange(plain, 12, plain.length));
      byte[] copy = prot.clone();
      assertThat(c[1].unprotectRtp(copy, 0, copy.length)).isEqualTo(SrtpContext.Verdict.OK);
      assertThat(Arrays.copyOf(copy, plain.length)).isEqualTo(plain);
      if (i % 700 == 0) {
        assertThat(c[1].unprotectRtp(prot.clone(), 0, prot.length))
            .isEqualTo(SrtpContext.Verdict.REPLAYED);
        byte[] tampered = prot.clone();
        tampered[20] ^= 1;
        assertThat(c[1].unprotectRtp(tampered, 0, tampered.length))
            .isIn(SrtpContext.Verdict.AUTH_FAILED, SrtpContext.Verdict.REPLAYED);
      }
    }
    byte[] plain = rtp(5, 0x99, 10, r);
    byte[] forged = Arrays.copyOf(plain, plain.length + SrtpContext.TAG);
    assertThat(c[1].unprotectRtp(forged, 0, forged.length))
        .isEqualTo(SrtpContext.Verdict.AUTH_FAILED);
  }

  @Test
  void srtcpRoundTripsAndRejectsTampering() {
    SrtpContext[] c = pair();
    byte[] p = new byte[64];
    int n = Rtcp.writeSenderReport(p, 0, 0x42, NtpTime.now(), 1234, 10, 1000);
    byte[] prot = c[0].protectRtcp(p, 0, n);
    byte[] copy = prot.clone();
    assertThat(c[1].unprotectRtcp(copy, 0, copy.length)).isEqualTo(SrtpContext.Verdict.OK);
    assertThat(Arrays.copyOf(copy, n)).isEqualTo(Arrays.copyOf(p, n));
    assertThat(c[1].unprotectRtcp(prot.clone(), 0, prot.length))
        .isEqualTo(SrtpContext.Verdict.REPLAYED);
    byte[] next = c[0].protectRtcp(p, 0, n);
    next[10] ^= 0x40;
    assertThat(c[1].unprotectRtcp(next, 0, next.length)).isEqualTo(SrtpContext.Verdict.AUTH_FAILED);
  }
}
