package io.peerwall.p2p.control;

import static io.peerwall.p2p.srtp.SrtpContext.Verdict.OK;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.ice.IceCandidate;
import io.peerwall.p2p.ice.IceDescription;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.rendezvous.RendezvousCodec;
import io.peerwall.p2p.rendezvous.RendezvousMessage;
import io.peerwall.p2p.signaling.SignalingCodec;
import io.peerwall.p2p.signaling.SignalingMessage;
import io.peerwall.p2p.signaling.SignalingProtocolException;
import io.peerwall.p2p.srtp.SrtpContext;
import io.peerwall.p2p.srtp.SrtpContextTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of every network parser this issue added (the RTP/RTCP one has its own,
 * DTLS records are fuzzed in DtlsSessionTest): valid messages, mutated by byte/char flips,
 * deletions, insertions, truncation and splicing. The only allowed outcomes are a decoded message
 * or the parser's documented rejection; anything else (another exception, a hang) fails the test.
 */
class NetworkParserFuzzTest {
  static final int SIGNALING = 40_000;
  static final int CONTROL = 40_000;
  static final int RENDEZVOUS = 30_000;
  static final int SRTP = 40_000;

  private static final String KEY = Identity.generate().publicIdentity().base64();
  private static final String B64 = "AAAAAAAAAAAAAAAAAAAAAA==";

  private static String mutate(Random r, List<String> seeds) {
    String alphabet = "{}[]\":,.-+0123456789abcdefnulltrueAZ= \\u00e9\u0000\uffff\ud800/";
    StringBuilder b = new StringBuilder(seeds.get(r.nextInt(seeds.size())));
    for (int k = 0, n = 1 + r.nextInt(8); k < n && b.length() > 0; k++) {
      int pos = r.nextInt(b.length());
      switch (r.nextInt(5)) {
        case 0 -> b.setCharAt(pos, alphabet.charAt(r.nextInt(alphabet.length())));
        case 1 -> b.deleteCharAt(pos);
        case 2 -> b.insert(pos, alphabet.charAt(r.nextInt(alphabet.length())));
        case 3 -> b.setLength(pos);
        default -> {
          String other = seeds.get(r.nextInt(seeds.size()));
          b.insert(pos, other, 0, Math.min(other.length(), r.nextInt(40)));
        }
      }
    }
    return b.toString();
  }

  private static int run(int n, long seed, List<String> seeds, Consumer<String> parse) {
    Random r = new Random(seed);
    int accepted = 0;
    for (int i = 0; i < n; i++) {
      String s = mutate(r, seeds);
      try {
        parse.accept(s);
        accepted++;
      } catch (IllegalArgumentException e) {
        // rejected: the documented outcome
      }
    }
    return accepted;
  }

  @Test
  void signalingV2Messages() {
    IceDescription ice =
        new IceDescription(
            "abcd",
            "0123456789012345678901",
            List.of(new IceCandidate("1", 1, "udp", 1, "127.0.0.1", 4000, "host", null, null)));
    SignalingMessage.Auth auth = new SignalingMessage.Auth("K7QD-ABC1", B64, 1, B64);
    List<String> seeds =
        List.of(
            SignalingCodec.encode(new SignalingMessage.Hello(2, "Cam", "K7QD-ABC1", KEY)),
            SignalingCodec.encode(new SignalingMessage.Offer(ice, auth)),
            SignalingCodec.encode(new SignalingMessage.Answer(ice, auth)),
            SignalingCodec.encode(new SignalingMessage.PairHello(KEY, "Station", B64)),
            SignalingCodec.encode(new SignalingMessage.PairChallenge(B64, 32768, 3, 1, B64, B64)),
            SignalingCodec.encode(new SignalingMessage.PairProof(B64, B64, B64)),
            SignalingCodec.encode(new SignalingMessage.PairResult(B64, B64)),
            SignalingCodec.encode(new SignalingMessage.Refused("wrong-password", "no", 10)));
    int ok =
        run(
            SIGNALING,
            101,
            seeds,
            s -> {
              try {
                SignalingMessage m = SignalingCodec.decode(s);
                assertThat(SignalingCodec.decode(SignalingCodec.encode(m))).isEqualTo(m);
              } catch (SignalingProtocolException e) {
                throw new IllegalArgumentException(e.getMessage());
              }
            });
    assertThat(ok).isPositive();
  }

  @Test
  void controlMessages() {
    CameraInfo info =
        new CameraInfo("Cam", "m", List.of("main", "sub"), 1, 2, "strong", 3, 4, 5, 6, 7, 8, 9);
    List<String> seeds =
        java.util.stream.Stream.of(
                new ControlMessage.Ping(1),
                new ControlMessage.Pong(2),
                new ControlMessage.KeyframeRequest(),
                new ControlMessage.KeyframeRequest("sub"),
                new ControlMessage.SelectStreams(3, List.of("main", "sub")),
                new ControlMessage.SelectStreams(3, List.of("sub")),
                new ControlMessage.InfoRequest(4),
                new ControlMessage.Info(4, info),
                new ControlMessage.ChangePassword(5, "old pw", "new pw"),
                new ControlMessage.Unpair(6, "K7QD-ABC1"),
                new ControlMessage.Result(7, true, ""),
                new ControlMessage.Result(12, false, "no", "locked-out", 900_000),
                new ControlMessage.Bye("x"),
                new ControlMessage.PasswordFactsRequest(8),
                new ControlMessage.PasswordFactsReply(8, AuditCodecTest.FULL),
                new ControlMessage.PasswordFactsReply(8, AuditCodecTest.LEGACY),
                new ControlMessage.SiteKeyCreate(9),
                new ControlMessage.SiteKeyExport(10, KEY),
                new ControlMessage.SiteKeySealed(10, B64),
                new ControlMessage.SiteKeyImport(11, KEY, B64))
            .map(m -> new String(ControlCodec.encode(m), StandardCharsets.UTF_8))
            .toList();
    Random bytes = new Random(9);
    int ok =
        run(
            CONTROL,
            202,
            seeds,
            s -> {
              byte[] b = s.getBytes(StandardCharsets.UTF_8);
              if (bytes.nextInt(10) == 0 && b.length > 0) {
                b[bytes.nextInt(b.length)] = (byte) bytes.nextInt(); // invalid UTF-8 too
              }
              ControlMessage m = ControlCodec.decode(b, b.length);
              byte[] again = ControlCodec.encode(m);
              assertThat(ControlCodec.decode(again, again.length)).isEqualTo(m);
            });
    assertThat(ok).isPositive();
  }

  @Test
  void rendezvousMessages() {
    List<String> seeds =
        java.util.stream.Stream.of(
                new RendezvousMessage.Challenge(B64, KEY),
                new RendezvousMessage.Register(KEY, B64),
                new RendezvousMessage.Registered("K7QD-ABC1"),
                new RendezvousMessage.Open(1, "K7QD-ABC1"),
                new RendezvousMessage.Data(2, "{\"type\":\"bye\",\"reason\":\"x\"}"),
                new RendezvousMessage.Close(3, "closed"),
                new RendezvousMessage.Ping())
            .map(RendezvousCodec::encode)
            .toList();
    int ok =
        run(
            RENDEZVOUS,
            303,
            seeds,
            s -> {
              RendezvousMessage m = RendezvousCodec.decode(s);
              assertThat(RendezvousCodec.decode(RendezvousCodec.encode(m))).isEqualTo(m);
            });
    assertThat(ok).isPositive();
  }

  @Test
  void srtpAndSrtcpUnprotect() {
    byte[] k = new byte[16];
    byte[] salt = new byte[14];
    SrtpContext tx = new SrtpContext(k, salt);
    SrtpContext rx = new SrtpContext(k, salt);
    Random r = new Random(404);
    int ok = 0;
    int rejected = 0;
    for (int i = 0; i < SRTP; i++) {
      byte[] plain;
      byte[] p;
      if (i % 2 == 0) {
        plain = SrtpContextTest.rtp(i & 0xFFFF, 7, r.nextInt(300), r);
        p = tx.protectRtp(plain, 0, plain.length);
      } else {
        plain = new byte[8 + 4 * r.nextInt(10)];
        plain[0] = (byte) 0x80;
        plain[1] = (byte) 200;
        p = tx.protectRtcp(plain, 0, plain.length);
      }
      byte[] sent = p.clone();
      int mutations = r.nextInt(4);
      for (int m = 0; m < mutations && p.length > 0; m++) {
        switch (r.nextInt(3)) {
          case 0 -> p[r.nextInt(p.length)] ^= (byte) (1 << r.nextInt(8));
          case 1 -> p = java.util.Arrays.copyOf(p, r.nextInt(p.length));
          default -> p[r.nextInt(p.length)] = (byte) r.nextInt();
        }
      }
      // Mutations can cancel out (the same bit flipped twice, a byte set to its own value):
      // what counts is whether the bytes that arrive are the bytes that were sent.
      boolean forged = !java.util.Arrays.equals(p, sent);
      SrtpContext.Verdict v =
          i % 2 == 0 ? rx.unprotectRtp(p, 0, p.length) : rx.unprotectRtcp(p, 0, p.length);
      if (forged) {
        assertThat(v).as("packet %d was changed on the way: never accepted", i).isNotEqualTo(OK);
        rejected++;
      } else {
        assertThat(v).as("packet %d arrived as sent: accepted", i).isEqualTo(OK);
        assertThat(java.util.Arrays.copyOf(p, plain.length))
            .as("packet %d decrypts to what was protected", i)
            .isEqualTo(plain);
        ok++;
      }
    }
    assertThat(rejected).isGreaterThan(SRTP / 2);
    assertThat(ok).isPositive();
  }
}
