package io.peerwall.p2p.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The small rules of paths and candidates, on a moved clock where time matters. */
class PathRulesTest {
  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void silenceCountsFromTheLastPacketOrConsentAnswerOnceArmed() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    PathWatch w = new PathWatch(Duration.ofMillis(2500), now::get);
    long received = now.get();
    now.addAndGet(10_000_000_000L);
    assertThat(w.lostBecause(received)).as("not armed: the DTLS handshake may pause").isNull();
    w.arm();
    now.addAndGet(2_000_000_000L);
    assertThat(w.lostBecause(received)).as("armed 2 s ago").isNull();
    w.consentConfirmed();
    now.addAndGet(2_000_000_000L);
    assertThat(w.lostBecause(received)).as("consent answered 2 s ago").isNull();
    now.addAndGet(600_000_000L);
    assertThat(w.lostBecause(received)).isEqualTo("no packet from the peer for 2600 ms");
    assertThat(w.lostBecause(now.get() - 100_000_000L)).as("a packet 0.1 s ago").isNull();
  }

  @Test
  void aConsentFailureCountsOnlyWhenNothingElseArrivesEither() {
    AtomicLong now = new AtomicLong(5_000_000_000L);
    PathWatch w = new PathWatch(Duration.ofMillis(2500), now::get);
    w.consentFailed();
    assertThat(w.lostBecause(now.get() - 200_000_000L)).as("media still arrives").isNull();
    assertThat(w.lostBecause(now.get() - 1_500_000_000L)).contains("ICE consent expired");
  }

  @Test
  void aConsentFailureFollowedByDatagramsIsForgotten() {
    AtomicLong now = new AtomicLong(5_000_000_000L);
    PathWatch w = new PathWatch(Duration.ofMillis(2500), now::get);
    w.arm();
    w.consentFailed(); // a check lost under 1-in-3 loss while media still flows
    now.addAndGet(100_000_000L);
    long afterFailure = now.get();
    assertThat(w.lostBecause(afterFailure)).as("a datagram after the failure").isNull();
    now.addAndGet(1_500_000_000L); // then a 1.5 s outage, shorter than the silence limit
    assertThat(w.lostBecause(afterFailure)).as("judged by the silence rule only").isNull();
    now.addAndGet(1_500_000_000L);
    assertThat(w.lostBecause(afterFailure)).startsWith("no packet from the peer for");
  }

  @Test
  void pathKinds() throws Exception {
    assertThat(PathKind.of(PathType.HOST, ip("192.168.1.5"), PathType.HOST, ip("192.168.1.9")))
        .isEqualTo(PathKind.LAN);
    assertThat(PathKind.of(PathType.HOST, ip("127.0.0.2"), PathType.HOST, ip("127.0.0.3")))
        .isEqualTo(PathKind.LAN);
    assertThat(PathKind.of(PathType.HOST, ip("fd00::2"), PathType.HOST, ip("fd00::3")))
        .isEqualTo(PathKind.LAN);
    assertThat(PathKind.of(PathType.HOST, ip("203.0.113.1"), PathType.HOST, ip("198.51.100.2")))
        .as("two public hosts")
        .isEqualTo(PathKind.DIRECT);
    assertThat(PathKind.of(PathType.HOST, ip("100.64.0.2"), PathType.HOST, ip("100.64.0.3")))
        .as("carrier-grade NAT space is not a LAN")
        .isEqualTo(PathKind.DIRECT);
    assertThat(PathKind.of(PathType.HOST, ip("10.1.0.2"), PathType.SRFLX, ip("100.64.0.3")))
        .isEqualTo(PathKind.DIRECT);
    assertThat(PathKind.of(PathType.PRFLX, ip("10.1.0.2"), PathType.HOST, ip("10.2.0.2")))
        .isEqualTo(PathKind.DIRECT);
    assertThat(PathKind.of(PathType.HOST, ip("10.1.0.2"), PathType.RELAY, ip("100.64.0.1")))
        .isEqualTo(PathKind.RELAY);
    assertThat(PathKind.RELAY.label()).isEqualTo("relay");
    assertThat(PathKind.LAN.toString()).isEqualTo("LAN");
  }

  @Test
  void remoteCandidatesAreFilteredOnlyForAddressesNobodyListensOn() throws Exception {
    for (String ok :
        List.of(
            "10.1.0.2",
            "192.168.1.9",
            "100.64.0.3",
            "203.0.113.9",
            "127.0.0.1",
            "2001:db8::7",
            "fd00::3")) {
      assertThat(RemoteCandidateFilter.isUsable(ip(ok))).as(ok).isTrue();
    }
    for (String bad :
        List.of(
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.251",
            "239.255.255.250",
            "::",
            "ff02::1",
            "fe80::1")) {
      assertThat(RemoteCandidateFilter.isUsable(ip(bad))).as(bad).isFalse();
    }
  }

  @Test
  void hostAddressesExcludeWhatNoPeerCanReach() throws Exception {
    for (String no :
        List.of("127.0.0.1", "::1", "169.254.3.4", "fe80::1", "224.0.0.1", "0.0.0.0")) {
      assertThat(HostAddresses.isSuitable(ip(no))).as(no).isFalse();
    }
    for (String yes : List.of("10.0.0.2", "192.168.7.3", "203.0.113.4", "2001:db8::1", "fd12::1")) {
      assertThat(HostAddresses.isSuitable(ip(yes))).as(yes).isTrue();
    }
    // Whatever this machine has: never more than the cap, never an unsuitable one, IPv4 first.
    List<InetAddress> here = HostAddresses.suitable();
    assertThat(here).hasSizeLessThanOrEqualTo(HostAddresses.MAX_ADDRESSES);
    assertThat(here).allMatch(HostAddresses::isSuitable);
  }

  @Test
  void serverAddressesAreIpLiteralsOnly() {
    assertThat(IceServerList.parseAddress("203.0.113.5:3478"))
        .isEqualTo(new InetSocketAddress("203.0.113.5", 3478));
    assertThat(IceServerList.parseAddress("[2001:db8::5]:3478").getPort()).isEqualTo(3478);
    for (String bad :
        List.of(
            "turn.example.org:3478",
            "203.0.113.5",
            "203.0.113.5:0",
            "203.0.113.5:70000",
            "2001:db8::5:3478",
            "[2001:db8::5]",
            "")) {
      assertThatThrownBy(() -> IceServerList.parseAddress(bad), bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void serverListsMergeBoundedAndDropExpiredCredentials() {
    InetSocketAddress a = new InetSocketAddress("203.0.113.5", 3478);
    InetSocketAddress b = new InetSocketAddress("203.0.113.6", 3478);
    Instant now = Instant.ofEpochSecond(1_700_000_000);
    TurnServer fresh = new TurnServer(a, "u", "p", now.plusSeconds(60));
    TurnServer stale = new TurnServer(b, "u", "p", now.minusSeconds(1));
    IceServerList settings = new IceServerList(List.of(a), List.of(TurnServer.of(a, "s", "t")));
    IceServerList granted = new IceServerList(List.of(a, b), List.of(fresh, stale));
    IceServerList both = settings.plus(granted);
    assertThat(both.stun()).containsExactly(a, b);
    assertThat(both.turn()).extracting(TurnServer::username).containsExactly("s", "u");
    assertThat(granted.withoutExpired(now).turn()).containsExactly(fresh);
    assertThat(granted.earliestExpiry()).isEqualTo(now.minusSeconds(1));
    assertThatThrownBy(() -> new IceServerList(List.of(a, a, a, a, a), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
