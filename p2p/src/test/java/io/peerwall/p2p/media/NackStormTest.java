package io.peerwall.p2p.media;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.peerwall.p2p.rtp.Rtcp;
import io.peerwall.p2p.testutil.SyntheticFrames;
import io.peerwall.p2p.testutil.ThreadLeaks;
import io.peerwall.p2p.testutil.UdpTransport;
import io.peerwall.p2p.transport.DatagramTransport;
import io.peerwall.p2p.transport.PacketClass;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A paired station can make the camera resend: the real {@link MediaSender} over real UDP sockets
 * on loopback, the test playing the station (it sees every sequence number and writes the NACKs).
 * The retransmission budget runs on a clock the test moves, so its bound is exact.
 */
@Timeout(60)
class NackStormTest {
  private static final long STATION_SSRC = 0x5EED;
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final Map<Integer, AtomicInteger> arrivals = new ConcurrentHashMap<>();
  private final List<Integer> sentOrder = new CopyOnWriteArrayList<>();
  private final Map<Integer, Integer> sizes = new ConcurrentHashMap<>();
  private final AtomicLong bytesArrivedAgain = new AtomicLong();
  private volatile boolean stopped;
  private UdpTransport station;
  private MediaSender sender;

  @AfterEach
  void cleanUp() throws Exception {
    stopped = true;
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    ThreadLeaks.assertNone();
  }

  /** A camera-side sender on {@code transport}; the station side reads the other end. */
  private void start(MediaConfig config, DatagramTransport camera, UdpTransport stationEnd) {
    station = stationEnd;
    sender = new MediaSender("storm", camera, config, clock::get);
    sender.start();
    toClose.add(camera);
    toClose.add(stationEnd);
    toClose.add(sender);
    Thread rx = NamedThreadFactory.start("p2p-test-station-rx", this::stationLoop);
    toClose.add(() -> rx.join(2000));
  }

  private void stationLoop() {
    byte[] buf = new byte[1500];
    while (!stopped) {
      int n;
      try {
        n = station.receive(buf, 0, buf.length, 50);
      } catch (IOException e) {
        return;
      }
      if (n > 0 && PacketClass.classify(buf, 0, n) == PacketClass.RTP) {
        int seq = ((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF);
        AtomicInteger count = arrivals.computeIfAbsent(seq, k -> new AtomicInteger());
        if (count.incrementAndGet() == 1) {
          sizes.put(seq, n);
          sentOrder.add(seq);
        } else {
          bytesArrivedAgain.addAndGet(n);
        }
      }
    }
  }

  /**
   * Sends frames until at least {@code packets} RTP packets arrived; the rest of the test NACKs.
   */
  private void sendFrames(int packets) throws Exception {
    Random r = new Random(7);
    for (int i = 0; sentOrder.size() < packets; i++) {
      sender.send(SyntheticFrames.frame(r, i, -1));
      Thread.sleep(2); // paced: loopback UDP must not drop originals
    }
    await(() -> sender.stats().packetsSent() == sentOrder.size(), "originals arrived");
  }

  /** A NACK whose FCIs are given as (PID, BLP) pairs, duplicates and overlaps allowed. */
  private void nackRaw(int[][] fcis) throws IOException {
    byte[] p = new byte[12 + 4 * fcis.length];
    p[0] = (byte) (0x80 | Rtcp.FMT_NACK);
    p[1] = (byte) Rtcp.PT_RTPFB;
    putU16(p, 2, 2 + fcis.length);
    putU32(p, 4, STATION_SSRC);
    putU32(p, 8, sender.ssrc());
    for (int i = 0; i < fcis.length; i++) {
      putU16(p, 12 + 4 * i, fcis[i][0] & 0xFFFF);
      putU16(p, 14 + 4 * i, fcis[i][1]);
    }
    station.send(p, 0, p.length);
  }

  private static void putU16(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }

  private static void putU32(byte[] b, int i, long v) {
    putU16(b, i, (int) (v >>> 16));
    putU16(b, i + 2, (int) v);
  }

  private void nack(List<Integer> seqs) throws IOException {
    int[] s = seqs.stream().mapToInt(Integer::intValue).toArray();
    byte[] p = new byte[1500];
    int n = Rtcp.writeNack(p, 0, STATION_SSRC, sender.ssrc(), s, s.length, 360);
    station.send(p, 0, n);
  }

  private void pli() throws IOException {
    byte[] p = new byte[12];
    station.send(p, 0, Rtcp.writePli(p, 0, STATION_SSRC, sender.ssrc()));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void aNackListing6000NumbersResendsEachPacketOnce() throws Exception {
    UdpTransport[] udp = UdpTransport.pair();
    start(MediaConfig.defaults().withRetransmitBytesPerSecond(50_000_000), udp[0], udp[1]);
    sendFrames(420);
    // 22 disjoint windows of 17 (PID + 16 BLP bits) inside the buffered last 512 packets, each
    // window listed over and over: 360 FCIs, 6120 sequence numbers, 374 distinct.
    int first = sentOrder.get(sentOrder.size() - 400);
    int[][] fcis = new int[360][];
    for (int i = 0; i < fcis.length; i++) {
      fcis[i] = new int[] {first + 17 * (i % 22), 0xFFFF};
    }
    nackRaw(fcis);
    await(() -> sender.stats().nacksReceived() == 1, "the NACK was handled");
    await(() -> sender.stats().packetsRetransmitted() == 374, "374 resends");
    Thread.sleep(200); // anything more would arrive now

    MediaSender.Stats s = sender.stats();
    assertThat(s.packetsRetransmitted()).isEqualTo(374);
    assertThat(s.nackRepeatsIgnored()).isEqualTo(6120 - 374);
    assertThat(s.retransmissionsDroppedBudget()).isZero();
    for (int k = 0; k < 374; k++) {
      int seq = (first + k) & 0xFFFF;
      assertThat(arrivals.get(seq).get()).as("seq %d: sent, then resent once", seq).isEqualTo(2);
    }
    assertThat(arrivals.values()).allSatisfy(c -> assertThat(c.get()).isLessThanOrEqualTo(2));
  }

  @Test
  void aNackStormStaysWithinTheSessionsRetransmissionBudget() throws Exception {
    int budget = 100_000; // bytes per second, and the bucket holds one second's worth
    UdpTransport[] udp = UdpTransport.pair();
    start(MediaConfig.defaults().withRetransmitBytesPerSecond(budget), udp[0], udp[1]);
    sendFrames(420);
    List<Integer> buffered =
        new ArrayList<>(sentOrder.subList(sentOrder.size() - 360, sentOrder.size()));
    long start = clock.get();
    int storm = 45;
    for (int i = 0; i < storm; i++) {
      clock.addAndGet(20_000_000L); // 20 ms apart: past the 10 ms repeat guard, so only the
      nack(buffered); // budget stands between the storm and the camera's uplink
      Thread.sleep(5);
    }
    await(() -> sender.stats().nacksReceived() == storm, "every NACK was handled");
    Thread.sleep(200);

    MediaSender.Stats s = sender.stats();
    double seconds = (clock.get() - start) / 1e9;
    long allowed = budget + (long) (budget * seconds);
    long asked = storm * buffered.stream().mapToLong(sizes::get).sum(); // without the budget
    System.out.printf(
        "NACK storm: %d NACKs asked for %d bytes; %d resent (%d packets), %d refused by the"
            + " budget; allowed %d%n",
        storm,
        asked,
        s.bytesRetransmitted(),
        s.packetsRetransmitted(),
        s.retransmissionsDroppedBudget(),
        allowed);
    assertThat(s.bytesRetransmitted()).isLessThanOrEqualTo(allowed);
    // The budget is used, not starved: the first NACK alone asks for more than the bucket holds.
    assertThat(s.bytesRetransmitted()).isGreaterThan(budget - 1500);
    assertThat(s.retransmissionsDroppedBudget()).isPositive();
    // What the sender's stats say it resent is what reached the station.
    await(() -> bytesArrivedAgain.get() == s.bytesRetransmitted(), "the resends arrived");
  }

  @Test
  void aFailingNackOrSrHandlerIsCountedLoggedOnceAndTheRtcpLoopGoesOn() throws Exception {
    UdpTransport[] udp = UdpTransport.pair();
    FailingTransport camera = new FailingTransport(udp[0]);
    start(MediaConfig.defaults(), camera, udp[1]);
    AtomicInteger keyframeRequests = new AtomicInteger();
    sender.onKeyframeRequest(keyframeRequests::incrementAndGet);
    Logger log = (Logger) LoggerFactory.getLogger(MediaSender.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    log.addAppender(lines);
    toClose.add(() -> log.detachAppender(lines));
    sendFrames(50);

    // A bug on the resend path: the transport throws where it never should.
    camera.failNextSend();
    nack(List.of(sentOrder.get(10)));
    await(() -> sender.stats().rtcpHandlerErrors() == 1, "the failure was counted");
    // The loop is alive: a PLI still reaches the encoder, a NACK is still answered.
    pli();
    await(() -> keyframeRequests.get() == 1, "the PLI after the failure");
    nack(List.of(sentOrder.get(11)));
    await(() -> arrivals.get(sentOrder.get(11)).get() == 2, "the resend after the failure");
    // A second failure within the minute is counted, not logged again.
    camera.failNextSend();
    nack(List.of(sentOrder.get(12)));
    await(() -> sender.stats().rtcpHandlerErrors() == 2, "the second failure was counted");

    List<ILoggingEvent> errors =
        lines.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).getFormattedMessage()).contains("handling RTCP failed");
    assertThat(errors.get(0).getThrowableProxy().getMessage()).isEqualTo("injected bug");
  }

  /** The real UDP transport, with one injected bug: the next send throws. */
  private static final class FailingTransport implements DatagramTransport {
    private final DatagramTransport inner;
    private volatile boolean failNext;

    FailingTransport(DatagramTransport inner) {
      this.inner = inner;
    }

    void failNextSend() {
      failNext = true;
    }

    @Override
    public int getReceiveLimit() {
      return inner.getReceiveLimit();
    }

    @Override
    public int getSendLimit() {
      return inner.getSendLimit();
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
      return inner.receive(buf, off, len, waitMillis);
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
      if (failNext) {
        failNext = false;
        throw new IllegalStateException("injected bug");
      }
      inner.send(buf, off, len);
    }

    @Override
    public boolean isClosed() {
      return inner.isClosed();
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
