package io.peerwall.p2p.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.media.MediaConfig;
import io.peerwall.p2p.media.MediaReceiver;
import io.peerwall.p2p.testutil.MemoryTransport;
import io.peerwall.p2p.testutil.SyntheticFrames;
import io.peerwall.p2p.testutil.ThreadLeaks;
import io.peerwall.p2p.transport.PacketClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Seeded fuzzing of everything that parses datagrams: nothing may throw, counters must move. */
class RtpFuzzTest {
  private static final int ITERATIONS = 100_000;

  private static List<byte[]> corpus(Random r, long ssrc) {
    H264Packetizer pk = new H264Packetizer(ssrc, 96, 1200, 1, r.nextInt(65536), 4 << 20);
    List<byte[]> out = new ArrayList<>();
    int pt = 96;
    for (int i = 0; i < 120; i++) {
      EncodedFrame f = SyntheticFrames.frame(r, i, 1_700_000_000_000_000L + i);
      if (f.keyframe() && r.nextBoolean()) {
        pt = pt == 96 ? 97 : 96; // the camera switches renditions at keyframes (decision 0035)
      }
      out.addAll(pk.packetize(f.withPayloadType(pt)));
    }
    return out;
  }

  /** One fuzzed datagram: garbage, a mutation of a valid packet, or a valid packet. */
  private static byte[] next(Random r, List<byte[]> corpus, int i) {
    byte[] base = corpus.get(i % corpus.size());
    switch (r.nextInt(9)) {
      case 0:
        {
          byte[] g = new byte[r.nextInt(1600)];
          r.nextBytes(g);
          return g;
        }
      case 1:
        {
          byte[] m = base.clone();
          for (int k = 0, n = 1 + r.nextInt(8); k < n; k++) {
            int pos = r.nextInt(m.length);
            m[pos] ^= (byte) (1 << r.nextInt(8));
          }
          return m;
        }
      case 2:
        return Arrays.copyOf(base, r.nextInt(base.length + 1)); // truncated
      case 3:
        {
          byte[] m = base.clone(); // header games: CC, X, P bits and extension length
          m[0] = (byte) (0x80 | r.nextInt(64));
          if (m.length > 15) {
            m[14] = (byte) r.nextInt(256);
            m[15] = (byte) r.nextInt(256);
          }
          return m;
        }
      case 4:
        {
          byte[] m = base.clone(); // payload games: NAL / FU / STAP headers and sizes
          int off = (m[0] & 0x10) != 0 ? 28 : 12;
          for (int k = 0; k < 3 && off + k < m.length; k++) {
            m[off + k] = (byte) r.nextInt(256);
          }
          return m;
        }
      case 5:
        {
          byte[] m = base.clone(); // sequence number jumps
          m[2] = (byte) r.nextInt(256);
          m[3] = (byte) r.nextInt(256);
          return m;
        }
      case 6:
        {
          byte[] m = base.clone(); // payload type games: the other stream's, or a foreign one
          int pt = r.nextBoolean() ? 96 + r.nextInt(2) : r.nextInt(128);
          m[1] = (byte) ((m[1] & 0x80) | pt);
          return m;
        }
      default:
        return base.clone();
    }
  }

  @Test
  void parserDepacketizerAndRtcpSurviveGarbage() {
    Random r = new Random(0xC0FFEE);
    List<byte[]> corpus = corpus(r, 77);
    Map<RtpPacket.Error, Long> errors = new EnumMap<>(RtpPacket.Error.class);
    AtomicLong frames = new AtomicLong();
    AtomicLong lost = new AtomicLong();
    AtomicLong clock = new AtomicLong();
    Set<Integer> payloadTypes = new HashSet<>();
    H264Depacketizer d =
        new H264Depacketizer(
            1,
            H264Depacketizer.Limits.defaults(),
            clock::get,
            new H264Depacketizer.Listener() {
              @Override
              public void onFrame(EncodedFrame frame) {
                frames.incrementAndGet();
                assertThat(frame.annexB().length).isLessThanOrEqualTo(4 << 20);
                payloadTypes.add(frame.payloadType());
              }

              @Override
              public void onFrameLost(String reason) {
                lost.incrementAndGet();
              }
            });
    long parsed = 0;
    long rtcpOk = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] b = next(r, corpus, i);
      clock.addAndGet(1_000_000L);
      PacketClass.classify(b, 0, b.length);
      if (Rtcp.parse(b, 0, b.length, new Rtcp.Handler() {})) {
        rtcpOk++;
      }
      RtpPacket p = RtpPacket.parse(b, 0, b.length, e -> errors.merge(e, 1L, Long::sum));
      if (p != null) {
        parsed++;
        p.findExtension(1 + r.nextInt(14));
        d.push(p);
        assertThat(d.bufferedPackets()).isLessThanOrEqualTo(8192);
      }
    }
    System.out.printf(
        "fuzz: parsed=%d errors=%s frames=%d lost=%d malformed=%d late=%d dup=%d rtcpOk=%d%n",
        parsed,
        errors,
        frames.get(),
        lost.get(),
        d.framesMalformed(),
        d.packetsLate(),
        d.packetsDuplicate(),
        rtcpOk);
    assertThat(errors.keySet()).containsExactlyInAnyOrder(RtpPacket.Error.values());
    assertThat(frames.get()).isPositive();
    assertThat(payloadTypes).contains(96, 97).allMatch(pt -> pt >= 0 && pt <= 127);
    assertThat(d.framesMalformed()).isPositive();
    assertThat(d.framesLost()).isPositive();
    assertThat(d.packetsLate()).isPositive();
  }

  @Test
  void receiverLoopSurvivesGarbageAndCountsIt() throws Exception {
    Random r = new Random(1234);
    List<byte[]> corpus = corpus(r, 99);
    MemoryTransport[] pipe = MemoryTransport.pair();
    AtomicLong delivered = new AtomicLong();
    Set<Integer> deliveredTypes = ConcurrentHashMap.newKeySet();
    MediaReceiver rx =
        new MediaReceiver(
            "fuzz",
            pipe[1],
            MediaConfig.defaults(),
            f -> {
              delivered.incrementAndGet();
              deliveredTypes.add(f.payloadType());
            });
    rx.start();
    try {
      for (byte[] b : corpus.subList(0, 200)) {
        pipe[1].inject(b); // a clean start so frames flow
      }
      for (int i = 0; i < 20_000; i++) {
        pipe[1].inject(next(r, corpus, i));
      }
      long deadline = System.currentTimeMillis() + 20_000;
      while (pipe[1].pending() > 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(200);
      MediaReceiver.Stats s = rx.stats();
      System.out.println("receiver fuzz: " + s);
      assertThat(pipe[1].pending()).isZero();
      // Bad input is rejected by the parsers and counted as such; anything that throws is a bug.
      assertThat(s.internalErrors()).as("datagrams whose handling threw").isZero();
      assertThat(s.malformedPacketsDropped()).isPositive();
      assertThat(s.foreignPacketsDropped()).isPositive();
      assertThat(s.packetsReceived()).isPositive();
      assertThat(s.framesDelivered()).isPositive();
      // Only the session's two payload types get through; the others count as malformed.
      assertThat(deliveredTypes).containsExactlyInAnyOrder(96, 97);
      assertThat(s.framesDroppedGap() + s.framesDroppedMalformed()).isPositive();
      assertThat(s.keyframeRequestsSent()).isPositive(); // PLIs went out through the pipe
    } finally {
      rx.close();
    }
    ThreadLeaks.assertNone();
  }
}
