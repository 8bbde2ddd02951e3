package io.peerwall.p2p.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.testutil.Holders;
import io.peerwall.p2p.testutil.SyntheticFrames;
import io.peerwall.p2p.testutil.TestPeers;
import io.peerwall.p2p.testutil.ThreadLeaks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * One host tries to take every signaling slot of a camera, over real TCP on loopback (the attackers
 * bind 127.0.0.x source addresses), while a properly paired station connects and must get frames.
 * The first-line deadline is shortened so the test sees holders dropped: to 5 s where a station
 * connects (it reads the hello, then gathers ICE candidates before its offer: a cold ice4j in a
 * loaded JVM took ~2 s), to 1.5 s where only holders do.
 */
@Timeout(90)
class SlotExhaustionTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Duration FIRST_LINE = Duration.ofMillis(1500);
  private static final Duration STATION_FIRST_LINE = Duration.ofSeconds(5);
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final BlockingQueue<CameraSession> started = new LinkedBlockingQueue<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    ThreadLeaks.assertNone();
  }

  private SignalingServer server(int maxSessions) throws Exception {
    return server(maxSessions, STATION_FIRST_LINE);
  }

  private SignalingServer server(int maxSessions, Duration firstLine) throws Exception {
    SignalingServer.Config base = SignalingServer.Config.loopback("Porch", TestPeers.camera());
    SignalingServer s =
        new SignalingServer(
            new SignalingServer.Config(
                    base.bindAddress(),
                    0,
                    base.cameraName(),
                    base.credentials(),
                    base.ice(),
                    base.media(),
                    maxSessions,
                    base.handshakeTimeout(),
                    base.deadAfter())
                .withLimits(new ConnectionLimits(16, 4, firstLine, Duration.ofMillis(300))),
            started::add);
    s.start();
    toClose.add(s);
    return s;
  }

  private static InetSocketAddress at(SignalingServer s) {
    return new InetSocketAddress(LOOPBACK, s.port());
  }

  private Holders holders(String from, SignalingServer s, int silent, int dripping, boolean back)
      throws Exception {
    Holders h = Holders.start(InetAddress.getByName(from), at(s), silent, dripping, back);
    toClose.add(h);
    return h;
  }

  /** Holders that come back, once all of them hold a slot. */
  private Holders admittedHolders(String from, SignalingServer s, int silent, int dripping)
      throws Exception {
    Holders h = holders(from, s, silent, dripping, true);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (h.admitted() < silent + dripping && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(h.admitted()).as("holders admitted").isEqualTo(silent + dripping);
    return h;
  }

  private static List<Long> held(List<Holders> all, Function<Holders, List<Long>> kind) {
    return all.stream().flatMap(h -> kind.apply(h).stream()).toList();
  }

  /** The paired station connects now and gets a frame; returns how long connecting took (ms). */
  private long stationGetsFrames(SignalingClient station, SignalingServer server) throws Exception {
    BlockingQueue<EncodedFrame> got = new LinkedBlockingQueue<>();
    long t0 = System.nanoTime();
    StationSession st = station.connect(at(server), got::add);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    toClose.add(st);
    CameraSession c = started.poll(5, TimeUnit.SECONDS);
    assertThat(c).isNotNull();
    c.sender().send(SyntheticFrames.frame(new Random(1), 0, -1));
    assertThat(got.poll(5, TimeUnit.SECONDS)).as("a frame reaches the station").isNotNull();
    return ms;
  }

  @Test
  void sixtyFourSilentAndDrippingConnectionsFromOneAddressDoNotKeepAStationOut() throws Exception {
    SignalingServer server = server(8);
    SignalingClient station = TestPeers.pairedClient(server);
    Logger log = (Logger) LoggerFactory.getLogger(SignalingServer.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    log.addAppender(lines);
    toClose.add(() -> log.detachAppender(lines));

    // Two of each kind take the address's four slots before the other 60 join, so both kinds are
    // admitted whatever order the threads race in: the checks below are about each kind being
    // dropped at the deadline, so each kind must have held a slot.
    Holders drippers = admittedHolders("127.0.0.2", server, 0, 2);
    Holders silent = admittedHolders("127.0.0.2", server, 2, 0);
    Holders rest = holders("127.0.0.2", server, 30, 30, true);
    List<Holders> attack = List.of(drippers, silent, rest);
    AtomicInteger maxHandshakes = new AtomicInteger();
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                maxHandshakes.accumulateAndGet(server.connectionStats().handshakes(), Math::max);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "test-sampler");
    sampler.start();
    toClose.add(
        () -> {
          sampler.interrupt();
          sampler.join(1000);
        });
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (rest.refused() < 200 && System.nanoTime() < deadline) {
      Thread.sleep(20); // the attack is in full swing: its share taken, the rest refused
    }

    long connectMillis = stationGetsFrames(station, server);
    Thread.sleep(STATION_FIRST_LINE.toMillis() + 1000); // the attack goes on past a deadline
    for (Holders h : attack) {
      h.close();
    }
    List<Long> heldSilent = held(attack, Holders::heldSilentMillis);
    List<Long> heldDripping = held(attack, Holders::heldDrippingMillis);
    ConnectionStats s = server.connectionStats();
    System.out.printf(
        "64 holders at one address: station connected in %d ms; %d refused, %d admitted, held"
            + " at most %d ms (silent) / %d ms (dripping); %s%n",
        connectMillis,
        attack.stream().mapToLong(Holders::refused).sum(),
        attack.stream().mapToLong(Holders::admitted).sum(),
        heldSilent.stream().mapToLong(Long::longValue).max().orElse(0),
        heldDripping.stream().mapToLong(Long::longValue).max().orElse(0),
        s);

    assertThat(connectMillis).isLessThan(5000);
    // The address never held more than its share (+ the station's own handshake).
    assertThat(maxHandshakes.get()).isLessThanOrEqualTo(4 + 1);
    assertThat(s.refusedPerAddress()).isPositive();
    assertThat(s.refusedAtCapacity()).isZero();
    // Silent and dripping holders alike were dropped: none was held past the first-line deadline.
    assertThat(heldSilent).isNotEmpty();
    assertThat(heldDripping).isNotEmpty();
    long bound = STATION_FIRST_LINE.toMillis() + 1000;
    assertThat(heldSilent).allSatisfy(ms -> assertThat(ms).isLessThan(bound));
    assertThat(heldDripping).allSatisfy(ms -> assertThat(ms).isLessThan(bound));
    // Hundreds of refusals, one log line for that address (per minute).
    assertThat(
            lines.list.stream().filter(e -> e.getFormattedMessage().contains("127.0.0.2")).count())
        .isEqualTo(1);
  }

  @Test
  void holdersAtManyAddressesGiveWayToAStationAtItsOwn() throws Exception {
    SignalingServer server = server(8);
    SignalingClient station = TestPeers.pairedClient(server);
    for (int a = 2; a <= 9; a++) {
      holders("127.0.0." + a, server, 3, 3, true); // 48 holders for 16 handshake slots
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (server.connectionStats().refusedAtCapacity() < 100 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.connectionStats().handshakes()).isEqualTo(16);

    long connectMillis = stationGetsFrames(station, server);
    System.out.printf(
        "48 holders at 8 addresses: station connected in %d ms; %s%n",
        connectMillis, server.connectionStats());
    assertThat(connectMillis).isLessThan(5000);
  }

  @Test
  void aStationBehindTheHoldersAddressTakesBackAnOldPendingOne() throws Exception {
    // Holders that stay (10 s first-line deadline) and do not come back once dropped.
    SignalingServer server = server(8, Duration.ofSeconds(10));
    SignalingClient station = TestPeers.pairedClient(server);
    Holders same = holders("127.0.0.1", server, 4, 0, false); // the station's own address
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (server.connectionStats().handshakes() < 4 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.connectionStats().handshakes())
        .as("the address's share is taken")
        .isEqualTo(4);
    Thread.sleep(400); // older than evictableAfter

    stationGetsFrames(station, server);
    assertThat(server.connectionStats().evicted()).isEqualTo(1);
    assertThat(same.admitted()).isEqualTo(4);
  }

  @Test
  void holdersAreDroppedAtTheFirstLineDeadlineHoweverTheyDrip() throws Exception {
    SignalingServer server = server(8, FIRST_LINE);
    Holders h = holders("127.0.0.3", server, 1, 1, false);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (h.heldSilentMillis().size() + h.heldDrippingMillis().size() < 2
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(h.heldSilentMillis()).singleElement().satisfies(ms -> assertDropped(ms));
    assertThat(h.heldDrippingMillis()).singleElement().satisfies(ms -> assertDropped(ms));
    assertThat(server.connectionStats().firstLineTimeouts()).isEqualTo(2);
  }

  private static void assertDropped(long heldMillis) {
    assertThat(heldMillis).isBetween(FIRST_LINE.toMillis() - 200, FIRST_LINE.toMillis() + 1000);
  }

  @Test
  void sessionsHaveTheirOwnCapacityAndAFullCameraSaysSo() throws Exception {
    SignalingServer server = server(1);
    SignalingClient first = TestPeers.pairedClient(server);
    SignalingClient second = TestPeers.pairedClient(server);
    holders("127.0.0.4", server, 4, 0, true); // unauthenticated: they take no session slot
    stationGetsFrames(first, server);
    assertThatThrownBy(() -> second.connect(at(server), f -> {}))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e).hasMessageContaining("maximum of 1 stations"));
    assertThat(server.connectionStats().sessionsFull()).isEqualTo(1);
  }
}
