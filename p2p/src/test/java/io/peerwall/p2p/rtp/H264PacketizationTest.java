package io.peerwall.p2p.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.testutil.SyntheticFrames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class H264PacketizationTest {
  private static final int MTU = 1200;

  private final List<EncodedFrame> frames = new ArrayList<>();
  private final List<String> losses = new ArrayList<>();
  private final AtomicLong clock = new AtomicLong();
  private H264Depacketizer depacketizer;

  @BeforeEach
  void setUp() {
    depacketizer =
        new H264Depacketizer(
            1,
            H264Depacketizer.Limits.defaults(),
            clock::get,
            new H264Depacketizer.Listener() {
              @Override
              public void onFrame(EncodedFrame frame) {
                frames.add(frame);
              }

              @Override
              public void onFrameLost(String reason) {
                losses.add(reason);
              }
            });
  }

  private static H264Packetizer packetizer(int initialSeq) {
    return new H264Packetizer(0x1234_5678L, 96, MTU, 1, initialSeq, 4 << 20);
  }

  private void push(byte[] packet) {
    RtpPacket p = RtpPacket.parse(packet, 0, packet.length);
    assertThat(p).isNotNull();
    depacketizer.push(p);
  }

  private static int nalType(byte[] packet) {
    RtpPacket p = RtpPacket.parse(packet, 0, packet.length);
    return packet[p.payloadOffset()] & 0x1F;
  }

  @Test
  void spsPpsAndSmallSliceGoIntoOneStapA() {
    Random r = new Random(1);
    byte[] au =
        SyntheticFrames.annexB(
            List.of(
                SyntheticFrames.nal(r, 7, 20),
                SyntheticFrames.nal(r, 8, 6),
                SyntheticFrames.nal(r, 5, 500)));
    List<byte[]> pkts = packetizer(10).packetize(new EncodedFrame(au, 90_000, 1_000_000, true));
    assertThat(pkts).hasSize(1);
    assertThat(nalType(pkts.get(0))).isEqualTo(H264Packetizer.TYPE_STAP_A);
    RtpPacket p = RtpPacket.parse(pkts.get(0), 0, pkts.get(0).length);
    assertThat(p.marker()).isTrue();
    assertThat(p.sequenceNumber()).isEqualTo(10);
    assertThat(p.timestamp()).isEqualTo(90_000);
    assertThat(p.payloadType()).isEqualTo(96);
    assertThat(p.findExtension(1)).isNotEqualTo(-1);
    push(pkts.get(0));
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).annexB()).isEqualTo(au);
    assertThat(frames.get(0).keyframe()).isTrue();
    assertThat(frames.get(0).captureEpochMicros()).isEqualTo(1_000_000);
  }

  @Test
  void singleNalUnitPacketWithoutCaptureTime() {
    Random r = new Random(2);
    byte[] au = SyntheticFrames.annexB(List.of(SyntheticFrames.nal(r, 1, 800)));
    List<byte[]> pkts = packetizer(0).packetize(new EncodedFrame(au, 3000, -1, false));
    assertThat(pkts).hasSize(1);
    assertThat(pkts.get(0)).hasSize(12 + 800);
    assertThat(nalType(pkts.get(0))).isEqualTo(1);
    push(pkts.get(0));
    assertThat(frames.get(0).annexB()).isEqualTo(au);
    assertThat(frames.get(0).captureEpochMicros()).isEqualTo(-1);
    assertThat(frames.get(0).keyframe()).isFalse();
  }

  @Test
  void everyPacketCarriesTheFramesPayloadTypeAndTheFrameKeepsIt() {
    Random r = new Random(21);
    H264Packetizer pk = packetizer(500);
    List<Integer> sent = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      EncodedFrame f = SyntheticFrames.frame(r, i, -1);
      // Default (main), then the sub stream from the second keyframe on, then main again.
      EncodedFrame tagged = i < 30 ? f : f.withPayloadType(i < 45 ? 97 : 96);
      int expected = i < 30 || i >= 45 ? 96 : 97;
      sent.add(expected);
      for (byte[] packet : pk.packetize(tagged)) {
        assertThat(RtpPacket.parse(packet, 0, packet.length).payloadType()).isEqualTo(expected);
        push(packet);
      }
    }
    assertThat(losses).isEmpty();
    assertThat(frames.stream().map(EncodedFrame::payloadType).toList()).isEqualTo(sent);
  }

  @Test
  void aPayloadTypeChangeEndsAFrameEvenWithTheSameTimestampAndNoMarker() {
    Random r = new Random(22);
    H264Packetizer pk = packetizer(7);
    byte[] main = SyntheticFrames.annexB(List.of(SyntheticFrames.nal(r, 1, 300)));
    byte[] sub = SyntheticFrames.annexB(List.of(SyntheticFrames.nal(r, 5, 200)));
    byte[] first = pk.packetize(new EncodedFrame(main, 9000, -1, false)).get(0);
    RtpWriter.setMarker(first, 0, false); // as if the camera switched before the marker
    byte[] second = pk.packetize(new EncodedFrame(sub, 9000, -1, true, 97)).get(0);
    push(first);
    push(second);
    assertThat(losses).isEmpty();
    assertThat(frames).hasSize(2);
    assertThat(frames.get(0).payloadType()).isEqualTo(96);
    assertThat(frames.get(0).annexB()).isEqualTo(main);
    assertThat(frames.get(1).payloadType()).isEqualTo(97);
    assertThat(frames.get(1).annexB()).isEqualTo(sub);
  }

  @Test
  void largeNalIsFragmentedWithinTheMtuAndMarkerOnlyOnTheLast() {
    Random r = new Random(3);
    byte[] au =
        SyntheticFrames.annexB(
            List.of(SyntheticFrames.nal(r, 7, 15), SyntheticFrames.nal(r, 5, 25_000)));
    H264Packetizer pk = packetizer(65_530); // wraps around 65535 -> 0
    List<byte[]> pkts = pk.packetize(new EncodedFrame(au, 0xFFFF_FFFFL + 10, 5, true));
    assertThat(pkts.size()).isGreaterThan(20);
    int expectedSeq = 65_530;
    for (int i = 0; i < pkts.size(); i++) {
      byte[] b = pkts.get(i);
      RtpPacket p = RtpPacket.parse(b, 0, b.length);
      assertThat(b.length).isLessThanOrEqualTo(MTU);
      assertThat(p.sequenceNumber()).isEqualTo(expectedSeq);
      expectedSeq = (expectedSeq + 1) & 0xFFFF;
      assertThat(p.marker()).isEqualTo(i == pkts.size() - 1);
      assertThat(p.timestamp()).isEqualTo(9); // 2^32 + 10 truncated to 32 bits
      assertThat(p.findExtension(1) != -1).isEqualTo(i == 0);
    }
    assertThat(nalType(pkts.get(0))).isEqualTo(7); // SPS alone: the IDR doesn't fit with it
    assertThat(nalType(pkts.get(1))).isEqualTo(H264Packetizer.TYPE_FU_A);
    assertThat(pk.nextSequenceNumber()).isEqualTo(expectedSeq);
    pkts.forEach(this::push);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).annexB()).isEqualTo(au);
  }

  @Test
  void manyRandomFramesRoundTripByteForByte() {
    Random r = new Random(4);
    H264Packetizer pk = packetizer(r.nextInt(65536));
    List<EncodedFrame> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      EncodedFrame f = SyntheticFrames.frame(r, i, 1_700_000_000_000_000L + i * 33_333L);
      sent.add(f);
      pk.packetize(f).forEach(this::push);
    }
    assertThat(losses).isEmpty();
    assertThat(frames).hasSize(sent.size());
    for (int i = 0; i < sent.size(); i++) {
      assertThat(frames.get(i).annexB()).isEqualTo(sent.get(i).annexB());
      assertThat(frames.get(i).rtpTimestamp()).isEqualTo(sent.get(i).rtpTimestamp());
      assertThat(frames.get(i).captureEpochMicros())
          .isBetween(sent.get(i).captureEpochMicros() - 1, sent.get(i).captureEpochMicros() + 1);
      assertThat(frames.get(i).keyframe()).isEqualTo(sent.get(i).keyframe());
    }
  }

  @Test
  void droppedFuAFragmentDropsThatFrameAndReportsAGap() {
    Random r = new Random(5);
    H264Packetizer pk = packetizer(100);
    EncodedFrame f0 = SyntheticFrames.frame(r, 0, 0); // keyframe, FU-A
    EncodedFrame f1 = SyntheticFrames.frame(r, 5, 0); // > 10 KB, FU-A
    EncodedFrame f2 = SyntheticFrames.frame(r, 6, 0);
    EncodedFrame f3 = SyntheticFrames.frame(r, 7, 0);
    pk.packetize(f0).forEach(this::push);
    List<byte[]> p1 = pk.packetize(f1);
    assertThat(nalType(p1.get(3))).isEqualTo(H264Packetizer.TYPE_FU_A);
    p1.remove(3); // a middle fragment is lost
    p1.forEach(this::push);
    List<byte[]> rest = new ArrayList<>(pk.packetize(f2));
    rest.addAll(pk.packetize(f3));
    rest.forEach(this::push);
    clock.addAndGet(1_000_000_000L);
    depacketizer.tick();
    assertThat(losses).hasSize(1).allMatch(s -> s.contains("sequence gap"));
    assertThat(frames)
        .extracting(EncodedFrame::annexB)
        .containsExactly(f0.annexB(), f2.annexB(), f3.annexB());
    assertThat(depacketizer.framesLost()).isEqualTo(1);
  }

  @Test
  void lostMarkerPacketDropsTheFrameAndTheAmbiguousNextOne() {
    Random r = new Random(6);
    H264Packetizer pk = packetizer(7);
    EncodedFrame f1 = SyntheticFrames.frame(r, 5, 0);
    EncodedFrame f2 = SyntheticFrames.frame(r, 6, 0);
    EncodedFrame f3 = SyntheticFrames.frame(r, 8, 0);
    List<byte[]> p1 = pk.packetize(f1);
    p1.remove(p1.size() - 1); // last fragment, with the marker
    p1.forEach(this::push);
    // The hole could as well have been f2's first packet: f2 can't be trusted complete.
    pk.packetize(f2).forEach(this::push);
    clock.addAndGet(1_000_000_000L);
    depacketizer.tick();
    pk.packetize(f3).forEach(this::push);
    assertThat(losses).hasSize(2);
    assertThat(depacketizer.framesLost()).isEqualTo(2);
    assertThat(frames).extracting(EncodedFrame::annexB).containsExactly(f3.annexB());
  }

  @Test
  void firstFrameReorderedIsStillReassembled() {
    Random r = new Random(12);
    H264Packetizer pk = packetizer(500);
    EncodedFrame key = SyntheticFrames.frame(r, 0, 0);
    List<byte[]> p = new ArrayList<>(pk.packetize(key));
    Collections.swap(p, 0, 2); // an FU-A middle piece arrives first
    Collections.swap(p, 1, 3);
    p.forEach(this::push);
    assertThat(losses).isEmpty();
    assertThat(frames).extracting(EncodedFrame::annexB).containsExactly(key.annexB());
  }

  @Test
  void lossIsOnlyDeclaredAfterTheReorderWindow() {
    Random r = new Random(7);
    H264Packetizer pk = packetizer(0);
    EncodedFrame f = SyntheticFrames.frame(r, 5, 0);
    List<byte[]> p = pk.packetize(f);
    byte[] held = p.remove(1);
    p.forEach(this::push); // fewer than 32 packets after the hole, clock not advanced
    assertThat(losses).isEmpty();
    assertThat(frames).isEmpty();
    push(held); // arrives late but within the window
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).annexB()).isEqualTo(f.annexB());
  }

  @Test
  void reorderedPacketsWithinAndAcrossFramesAreReassembled() {
    Random r = new Random(8);
    H264Packetizer pk = packetizer(60_000);
    List<EncodedFrame> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      EncodedFrame f = SyntheticFrames.frame(r, i, 1000L * i);
      sent.add(f);
      List<byte[]> p = new ArrayList<>(pk.packetize(f));
      for (int from = 0; from < p.size(); from += 16) {
        // Reordered within the frame, up to 16 packets deep (the window is 32).
        Collections.shuffle(p.subList(from, Math.min(p.size(), from + 16)), r);
      }
      p.forEach(this::push);
    }
    assertThat(losses).isEmpty();
    assertThat(frames)
        .extracting(EncodedFrame::annexB)
        .containsExactlyElementsOf(sent.stream().map(EncodedFrame::annexB).toList());
  }

  @Test
  void duplicatesAndLatePacketsAreIgnored() {
    Random r = new Random(9);
    H264Packetizer pk = packetizer(0);
    EncodedFrame f = SyntheticFrames.frame(r, 1, 0);
    List<byte[]> p = pk.packetize(f);
    p.forEach(this::push);
    p.forEach(this::push); // all late now
    assertThat(frames).hasSize(1);
    assertThat(depacketizer.packetsLate()).isEqualTo(p.size());
    EncodedFrame g = SyntheticFrames.frame(r, 5, 0);
    List<byte[]> q = pk.packetize(g);
    push(q.get(0));
    push(q.get(0));
    assertThat(depacketizer.packetsDuplicate()).isEqualTo(1);
  }

  @Test
  void joiningMidFrameDropsOnlyThatFrame() {
    Random r = new Random(10);
    H264Packetizer pk = packetizer(0);
    EncodedFrame f1 = SyntheticFrames.frame(r, 5, 0);
    EncodedFrame f2 = SyntheticFrames.frame(r, 6, 0);
    List<byte[]> p1 = pk.packetize(f1);
    p1.subList(2, p1.size()).forEach(this::push); // first two fragments never seen
    pk.packetize(f2).forEach(this::push);
    assertThat(frames).isEmpty(); // the start might still be reordered: wait out the window
    clock.addAndGet(100_000_000L);
    depacketizer.tick();
    assertThat(losses).containsExactly("stream joined mid-frame");
    assertThat(frames).extracting(EncodedFrame::annexB).containsExactly(f2.annexB());
  }

  @Test
  void malformedPayloadsDropTheFrame() {
    byte[][] payloads = {
      {24, 0, 9, 0x67}, // STAP-A NAL size past the end
      {24, 0}, // empty STAP-A
      {24, 0, 1, 0x1E}, // STAP-A with reserved NAL type
      {0x7C, (byte) 0xC5, 1}, // FU-A with start and end bits
      {0x7C, 0x45, 1}, // FU-A end without start
      {0x7C, (byte) 0x85, 1}, // FU-A start, then the frame ends
      {0x79, 1, 2}, // STAP-B: unsupported
      {0x7D, 1, 2}, // FU-B: unsupported
      {0x60}, // reserved type 0
    };
    int seq = 0;
    for (byte[] pl : payloads) {
      byte[] pkt = new byte[12 + pl.length];
      RtpWriter.writeHeader(pkt, 0, true, 96, seq, seq * 3000L, 1, false, 1, 0);
      System.arraycopy(pl, 0, pkt, 12, pl.length);
      push(pkt);
      seq++;
    }
    byte[] empty = new byte[12];
    RtpWriter.writeHeader(empty, 0, true, 96, seq, seq * 3000L, 1, false, 1, 0);
    push(empty);
    assertThat(frames).isEmpty();
    assertThat(depacketizer.framesMalformed()).isEqualTo(payloads.length + 1);
    assertThat(losses).hasSize(payloads.length + 1).allMatch(s -> s.startsWith("malformed"));
  }

  @Test
  void framesAboveTheLimitsAreDropped() {
    H264Depacketizer small =
        new H264Depacketizer(
            1,
            new H264Depacketizer.Limits(10_000, 4, 32, 1_000_000_000L, 1000),
            clock::get,
            new H264Depacketizer.Listener() {
              @Override
              public void onFrame(EncodedFrame frame) {
                frames.add(frame);
              }

              @Override
              public void onFrameLost(String reason) {
                losses.add(reason);
              }
            });
    Random r = new Random(11);
    H264Packetizer pk = new H264Packetizer(1, 96, MTU, 1, 0, 1 << 20);
    List<byte[]> nals = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      nals.add(SyntheticFrames.nal(r, 1, 20)); // 5 NALs > limit of 4
    }
    for (byte[] b : pk.packetize(new EncodedFrame(SyntheticFrames.annexB(nals), 0, -1, false))) {
      small.push(RtpPacket.parse(b, 0, b.length));
    }
    for (byte[] b :
        pk.packetize(
            new EncodedFrame(
                SyntheticFrames.annexB(List.of(SyntheticFrames.nal(r, 1, 15_000))),
                3000,
                -1,
                false))) {
      small.push(RtpPacket.parse(b, 0, b.length));
    }
    assertThat(frames).isEmpty();
    assertThat(small.framesMalformed()).isEqualTo(2);
  }

  @Test
  void senderRefusesNonAnnexBAndOversizedFrames() {
    H264Packetizer pk = new H264Packetizer(1, 96, MTU, 1, 0, 1000);
    assertThatThrownBy(() -> pk.packetize(new EncodedFrame(new byte[] {1, 2, 3}, 0, -1, false)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pk.packetize(new EncodedFrame(new byte[2000], 0, -1, false)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void annexBSplitHandlesThreeAndFourByteStartCodesAndTrailingZeros() {
    byte[] b = {9, 0, 0, 1, 0x67, 1, 0, 0, 0, 0, 1, 0x68, 2, 0, 0, 0, 1, 0, 0, 1, 0x65, 3, 0, 0};
    List<int[]> nals = NalSplitter.split(b);
    assertThat(nals).hasSize(3);
    assertThat(nals.get(0)).containsExactly(4, 2);
    assertThat(nals.get(1)).containsExactly(11, 2);
    assertThat(nals.get(2)).containsExactly(20, 2);
  }
}
