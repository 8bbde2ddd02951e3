package io.peerwall.p2p.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.ice.IceServerList;
import io.peerwall.p2p.ice.TurnServer;
import io.peerwall.p2p.identity.Identity;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the parsers this issue added to the rendezvous protocol: the ICE
 * server grant (parsed after its signature verified, but bounded and strict regardless), the new
 * rendezvous messages, and rendezvous addresses as people type them. The only allowed outcomes are
 * a parsed value that round-trips, or an IllegalArgumentException.
 */
class RendezvousParserFuzzTest {
  private static final int GRANTS = 30_000;
  private static final int MESSAGES = 20_000;
  private static final int ADDRESSES = 10_000;
  private static final String ID = Identity.generate().id();
  private static final String KEY = Identity.generate().publicIdentity().base64();
  private static final String B64 = "AAAAAAAAAAAAAAAAAAAAAA==";

  static String mutate(Random r, List<String> seeds) {
    String alphabet = "{}[]\":,.-+0123456789abcdefnulltrueAZ= \\u00e9\u0000\uffff\ud800/#";
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
      try {
        parse.accept(mutate(r, seeds));
        accepted++;
      } catch (IllegalArgumentException e) {
        // rejected: the documented outcome
      }
    }
    return accepted;
  }

  private static String grant(IceServerList servers) {
    return new IceServerGrant(ID, ID, B64, Instant.ofEpochSecond(1_700_000_000), servers).toJson();
  }

  @Test
  void iceServerGrants() {
    InetSocketAddress v4 = new InetSocketAddress("203.0.113.5", 3478);
    InetSocketAddress v6 = new InetSocketAddress("2001:db8::5", 3478);
    List<String> seeds =
        List.of(
            grant(IceServerList.NONE),
            grant(new IceServerList(List.of(v4, v6), List.of())),
            grant(
                new IceServerList(
                    List.of(v4),
                    List.of(
                        new TurnServer(
                            v4, "1700003600:" + ID, B64, Instant.ofEpochSecond(1_700_003_600)),
                        TurnServer.of(v6, "static-user", "static-pass")))));
    int ok =
        run(
            GRANTS,
            505,
            seeds,
            s -> {
              IceServerGrant g = IceServerGrant.parse(s);
              assertThat(IceServerGrant.parse(g.toJson())).isEqualTo(g);
            });
    assertThat(ok).isPositive();
  }

  @Test
  void newRendezvousMessages() {
    List<String> seeds =
        java.util.stream.Stream.of(
                new RendezvousMessage.Challenge(B64, KEY),
                new RendezvousMessage.Challenge(B64, null),
                new RendezvousMessage.IceRequest(KEY, B64, B64),
                new RendezvousMessage.IceGrant(grant(IceServerList.NONE), B64),
                new RendezvousMessage.Ping(),
                new RendezvousMessage.Pong())
            .map(RendezvousCodec::encode)
            .toList();
    int ok =
        run(
            MESSAGES,
            606,
            seeds,
            s -> {
              RendezvousMessage m = RendezvousCodec.decode(s);
              assertThat(RendezvousCodec.decode(RendezvousCodec.encode(m))).isEqualTo(m);
            });
    assertThat(ok).isPositive();
  }

  @Test
  void rendezvousAddresses() {
    List<String> seeds =
        List.of(
            "rdv.example.org:7800",
            "rdv.example.org:7800#" + ID,
            "[2001:db8::1]:7800#" + ID.toLowerCase(),
            "203.0.113.9:443");
    int ok =
        run(
            ADDRESSES,
            707,
            seeds,
            s -> {
              RendezvousAddress a = RendezvousAddress.parse(s);
              assertThat(RendezvousAddress.parse(a.toString())).isEqualTo(a);
            });
    assertThat(ok).isPositive();
  }
}
