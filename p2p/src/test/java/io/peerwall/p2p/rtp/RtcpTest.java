package io.peerwall.p2p.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.transport.PacketClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpTest {

  @Test
  void compoundReceiverReportWithPliParses() {
    byte[] p = new byte[100];
    Rtcp.ReportBlock block =
        new Rtcp.ReportBlock(0xAABBCCDDL, 12, -3, 70_000, 450, 0x1234_5678L, 65_536);
    int w = Rtcp.writeReceiverReport(p, 0, 42, block);
    w += Rtcp.writeSdesCname(p, w, 42, "abcdefgh");
    w += Rtcp.writePli(p, w, 42, 0xAABBCCDDL);
    assertThat(w % 4).isZero();
    assertThat(PacketClass.classify(p, 0, w)).isEqualTo(PacketClass.RTCP);
    List<String> seen = new ArrayList<>();
    boolean ok =
        Rtcp.parse(
            p,
            0,
            w,
            new Rtcp.Handler() {
              @Override
              public void onReceiverReport(long ssrc, List<Rtcp.ReportBlock> blocks) {
                seen.add("rr " + ssrc);
                assertThat(blocks).containsExactly(block);
              }

              @Override
              public void onPli(long senderSsrc, long mediaSsrc) {
                seen.add("pli " + senderSsrc + " " + Long.toHexString(mediaSsrc));
              }
            });
    assertThat(ok).isTrue();
    assertThat(seen).containsExactly("rr 42", "pli 42 aabbccdd");
  }

  @Test
  void senderReportParses() {
    byte[] p = new byte[64];
    long ntp = NtpTime.fromEpochMicros(1_700_000_000_000_000L);
    int w = Rtcp.writeSenderReport(p, 0, 7, ntp, 123_456, 10, 9_999);
    w += Rtcp.writeSdesCname(p, w, 7, "x");
    long[] got = new long[5];
    assertThat(
            Rtcp.parse(
                p,
                0,
                w,
                new Rtcp.Handler() {
                  @Override
                  public void onSenderReport(long ssrc, long n, long rtp, long pc, long oc) {
                    got[0] = ssrc;
                    got[1] = n;
                    got[2] = rtp;
                    got[3] = pc;
                    got[4] = oc;
                  }
                }))
        .isTrue();
    assertThat(got).containsExactly(7, ntp, 123_456, 10, 9_999);
  }

  @Test
  void malformedCompoundsDispatchNothing() {
    byte[] p = new byte[40];
    int w = Rtcp.writeReceiverReport(p, 0, 1, null);
    w += Rtcp.writePli(p, w, 1, 2);
    List<String> seen = new ArrayList<>();
    Rtcp.Handler h =
        new Rtcp.Handler() {
          @Override
          public void onPli(long s, long m) {
            seen.add("pli");
          }
        };
    assertThat(Rtcp.parse(p, 0, w - 1, h)).isFalse(); // truncated
    byte[] badLen = p.clone();
    badLen[3] = 50; // first packet claims 204 bytes
    assertThat(Rtcp.parse(badLen, 0, w, h)).isFalse();
    byte[] badVer = p.clone();
    badVer[8] = 0x41;
    assertThat(Rtcp.parse(badVer, 0, w, h)).isFalse();
    byte[] shortPli = p.clone();
    shortPli[11] = 1; // PLI length 1 word: 8 bytes, too short for media SSRC
    assertThat(Rtcp.parse(shortPli, 0, 16, h)).isFalse();
    assertThat(seen).isEmpty();
    assertThat(Rtcp.parse(p, 0, w, h)).isTrue();
    assertThat(seen).containsExactly("pli");
  }

  @Test
  void receptionStatisticsReportLoss() {
    ReceptionStatistics st = new ReceptionStatistics(90_000);
    long t = 0;
    for (int s = 0; s < 100; s++) {
      t = s * 10_000_000L; // 10 ms apart, 900 ticks apart: no jitter
      if (s % 10 == 0) {
        continue; // 10 % loss
      }
      st.onPacket(5, 1000 + s, s * 900L, t);
    }
    Rtcp.ReportBlock b = st.report(t);
    assertThat(b.ssrc()).isEqualTo(5);
    assertThat(b.cumulativeLost()).isEqualTo(9); // first packet (0) never seen: base is 1001
    assertThat(b.extendedHighestSeq()).isEqualTo(1099);
    assertThat(b.fractionLost()).isBetween(20, 26); // ~9/99 * 256
    assertThat(b.jitter()).isLessThan(5);
  }
}
