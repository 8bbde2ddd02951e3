package io.peerwall.p2p.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.ice.IceCandidate;
import io.peerwall.p2p.ice.IceDescription;
import io.peerwall.p2p.signaling.SignalingMessage.Answer;
import io.peerwall.p2p.signaling.SignalingMessage.Bye;
import io.peerwall.p2p.signaling.SignalingMessage.ErrorMessage;
import io.peerwall.p2p.signaling.SignalingMessage.Hello;
import io.peerwall.p2p.signaling.SignalingMessage.Offer;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SignalingCodecTest {
  static final String KEY = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQc=";
  static final SignalingMessage.Auth AUTH =
      new SignalingMessage.Auth("K7QD-ABC1", "AAAAAAAAAAAAAAAAAAAAAA==", 1234, "MEUCIQ==");

  static IceDescription desc(int candidates) {
    List<IceCandidate> cs = new ArrayList<>();
    for (int i = 0; i < candidates; i++) {
      cs.add(
          new IceCandidate(
              String.valueOf(i + 1),
              1,
              "udp",
              2130706431L - i,
              "127.0.0.1",
              40000 + i,
              "host",
              null,
              null));
    }
    cs.add(new IceCandidate("9", 1, "udp", 1694498815L, "::1", 5000, "srflx", "127.0.0.1", 40000));
    return new IceDescription("Ab+/", "0123456789abcdefABCDEF", cs);
  }

  @Test
  void everyMessageRoundTrips() throws Exception {
    List<SignalingMessage> all =
        List.of(
            new Hello(2, "Front door ☂", "K7QD-ABC1", KEY),
            new Offer(desc(3), AUTH),
            new Answer(desc(1), AUTH),
            new Bye("closed by user"),
            new ErrorMessage(""));
    for (SignalingMessage m : all) {
      String line = SignalingCodec.encode(m);
      assertThat(line).doesNotContain("\n");
      assertThat(SignalingCodec.decode(line)).isEqualTo(m);
    }
    assertThat(SignalingCodec.encode(new Offer(desc(1), AUTH)))
        .startsWith("{\"type\":\"offer\",\"ice\":{\"ufrag\":\"Ab+/\",\"pwd\":")
        .contains("\"candidates\":[{\"foundation\":\"1\",\"component\":1,\"transport\":\"udp\"")
        .contains("\"relatedAddress\":\"127.0.0.1\",\"relatedPort\":40000");
  }

  @Test
  void malformedLinesAreProtocolErrors() {
    String offer = SignalingCodec.encode(new Offer(desc(1), AUTH));
    String hello = SignalingCodec.encode(new Hello(2, "cam", "ID1", KEY));
    List<String> bad = new ArrayList<>();
    bad.add("");
    bad.add(" ");
    bad.add("{");
    bad.add("[]");
    bad.add("null");
    bad.add("42");
    bad.add("\"hello\"");
    bad.add("{\"type\":1}");
    bad.add("{\"type\":\"HELLO\"}");
    bad.add("{\"type\":\"subscribe\",\"x\":1}");
    bad.add("{\"type\":\"bye\"}");
    bad.add("{\"type\":\"bye\",\"reason\":5}");
    bad.add("{\"type\":\"bye\",\"reason\":\"a\",\"extra\":true}");
    bad.add("{\"type\":\"bye\",\"reason\":\"a\nb\"}");
    bad.add("{\"type\":\"bye\",\"reason\":\"a\"} trailing");
    bad.add("{\"type\":\"bye\",\"type\":\"error\",\"reason\":\"dup\"}");
    bad.add("{\"type\":\"bye\",\"reason\":\"" + "x".repeat(513) + "\"}");
    bad.add(hello.replace("\"version\":2", "\"version\":\"2\""));
    bad.add(hello.replace("\"version\":2", "\"version\":1.5"));
    bad.add(hello.replace("\"cam\"", "\"" + "c".repeat(129) + "\""));
    bad.add(hello.replace("\"cam\"", "\"\""));
    bad.add(hello.replace("\"ID1\"", "\"id 1\""));
    bad.add(hello.replace("\"ID1\"", "\"" + "I".repeat(65) + "\""));
    bad.add("{\"type\":\"offer\"}");
    bad.add("{\"type\":\"offer\",\"ice\":[]}");
    bad.add(offer.replace("\"candidates\":[", "\"candidates\":[1,"));
    bad.add(offer.replace("\"127.0.0.1\"", "\"localhost\""));
    bad.add(offer.replace("\"pwd\":\"", "\"pwd\":\"!"));
    bad.add("{\"type\":\"offer\",\"ice\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
    bad.add("{\"type\":\"bye\",\"reason\":\"" + "x".repeat(70_000) + "\"}");
    bad.add("{\"type\":\"bye\",\"reason\":1" + "0".repeat(100) + "}");
    String tooMany = SignalingCodec.encode(new Offer(desc(31), AUTH)); // 32 candidates: fine
    assertThat(tooMany.length()).isLessThan(SignalingCodec.MAX_LINE_BYTES);
    bad.add(
        tooMany.replace(
            "\"candidates\":[",
            "\"candidates\":[{\"foundation\":\"x\",\"component\":1,\"transport\":\"udp\","
                + "\"priority\":1,\"address\":\"127.0.0.1\",\"port\":1,\"type\":\"host\"},"));
    for (String line : bad) {
      assertThatThrownBy(
              () -> SignalingCodec.decode(line), line.length() > 80 ? line.substring(0, 80) : line)
          .isInstanceOf(SignalingProtocolException.class);
    }
  }

  @Test
  void seededFuzzOnlyEverYieldsMessagesOrProtocolErrors() {
    Random r = new Random(77);
    List<String> seeds =
        List.of(
            SignalingCodec.encode(new Hello(2, "Front door", "PW-1", KEY)),
            SignalingCodec.encode(new Offer(desc(4), AUTH)),
            SignalingCodec.encode(new Bye("x")));
    String alphabet = "{}[]\":,.-0123456789abcdefnulltrue \\u00e9\u0000\uffff\ud800";
    int decoded = 0;
    int rejected = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder(seeds.get(r.nextInt(seeds.size())));
      for (int k = 0, n = 1 + r.nextInt(6); k < n && b.length() > 0; k++) {
        int pos = r.nextInt(b.length());
        switch (r.nextInt(3)) {
          case 0 -> b.setCharAt(pos, alphabet.charAt(r.nextInt(alphabet.length())));
          case 1 -> b.deleteCharAt(pos);
          default -> b.insert(pos, alphabet.charAt(r.nextInt(alphabet.length())));
        }
      }
      try {
        SignalingCodec.decode(b.toString());
        decoded++;
      } catch (SignalingProtocolException e) {
        rejected++;
      }
    }
    assertThat(rejected).isGreaterThan(15_000);
    assertThat(decoded + rejected).isEqualTo(20_000);
  }

  @Test
  void lineReaderEnforcesItsLimitAndEncoding() throws Exception {
    byte[] ok = "abc\r\ndef\n".getBytes(StandardCharsets.UTF_8);
    BoundedLineReader r = new BoundedLineReader(new ByteArrayInputStream(ok), 16);
    assertThat(r.readLine()).isEqualTo("abc");
    assertThat(r.readLine()).isEqualTo("def");
    assertThat(r.readLine()).isNull();

    BoundedLineReader longLine =
        new BoundedLineReader(new ByteArrayInputStream(new byte[1 << 20]), 64 * 1024);
    assertThatThrownBy(longLine::readLine)
        .isInstanceOf(SignalingProtocolException.class)
        .hasMessageContaining("longer than 65536");

    BoundedLineReader badUtf8 =
        new BoundedLineReader(new ByteArrayInputStream(new byte[] {'a', (byte) 0xC3, '\n'}), 16);
    assertThatThrownBy(badUtf8::readLine).isInstanceOf(SignalingProtocolException.class);

    BoundedLineReader cut = new BoundedLineReader(new ByteArrayInputStream(new byte[] {'a'}), 16);
    assertThatThrownBy(cut::readLine).isInstanceOf(EOFException.class);
  }
}
