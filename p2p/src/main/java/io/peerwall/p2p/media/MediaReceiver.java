package io.peerwall.p2p.media;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.rtp.H264Depacketizer;
import io.peerwall.p2p.rtp.ReceptionStatistics;
import io.peerwall.p2p.rtp.Rtcp;
import io.peerwall.p2p.rtp.RtpPacket;
import io.peerwall.p2p.rtp.SequenceUnwrapper;
import io.peerwall.p2p.transport.DatagramTransport;
import io.peerwall.p2p.transport.PacketClass;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Station side of a connected session: receives RTP/RTCP from the transport, reassembles H.264
 * access units and hands complete {@link EncodedFrame}s to a consumer. Packets of either of the
 * session's payload types (main and sub stream, {@link MediaConfig}) are accepted; each frame keeps
 * its packets' payload type, so the consumer knows which stream it is.
 *
 * <p>Loss handling: a frame with a missing packet is dropped whole (never delivered partially); the
 * receiver then sends a PLI (RFC 4585) and, with {@link MediaConfig#waitForKeyframe()}, drops delta
 * frames until a keyframe arrives (they would decode to garbage), repeating the PLI every {@link
 * MediaConfig#keyframeRequestInterval()} while waiting. It sends RTCP RR (with SDES CNAME) every
 * {@link MediaConfig#rtcpInterval()}.
 *
 * <p>Threads, both started by {@link #start()} and stopped by {@link #close()}:
 *
 * <ul>
 *   <li>{@code p2p-rtp-rx-<id>}: the receive loop (parse, depacketize, RTCP). It polls with a short
 *       timeout and exits within ~50 ms of close, or at once when the transport closes.
 *   <li>{@code p2p-frames-<id>}: delivers frames to the consumer from a bounded queue, so a slow
 *       consumer never stalls the socket; if the queue is full the frame is dropped (counted) and a
 *       keyframe is requested.
 * </ul>
 *
 * The transport is not closed by this class (the ICE session owns it).
 */
public final class MediaReceiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MediaReceiver.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int RECEIVE_WAIT_MS = 50;

  /**
   * Counters of a {@link MediaReceiver}.
   *
   * @param packetsReceived RTP packets accepted (parsed, right SSRC, one of the payload types)
   * @param bytesReceived bytes of those packets
   * @param framesCompleted frames reassembled completely
   * @param framesDelivered frames handed to the consumer
   * @param framesDroppedGap frames dropped because packets were missing
   * @param framesDroppedMalformed frames dropped because their payload was invalid
   * @param framesDroppedWaitingForKeyframe delta frames dropped after a loss until a keyframe
   * @param framesDroppedQueueFull frames dropped because the consumer fell behind
   * @param malformedPacketsDropped datagrams that were not valid RTP/RTCP or had a wrong PT
   * @param foreignPacketsDropped valid RTP from another SSRC, or non-RTP/RTCP datagrams
   * @param packetsLate packets arriving after their frame was completed or given up
   * @param packetsDuplicate duplicate packets
   * @param keyframeRequestsSent PLIs sent
   * @param rtcpReceived RTCP packets received
   */
  public record Stats(
      long packetsReceived,
      long bytesReceived,
      long framesCompleted,
      long framesDelivered,
      long framesDroppedGap,
      long framesDroppedMalformed,
      long framesDroppedWaitingForKeyframe,
      long framesDroppedQueueFull,
      long malformedPacketsDropped,
      long foreignPacketsDropped,
      long packetsLate,
      long packetsDuplicate,
      long keyframeRequestsSent,
      long rtcpReceived,
      long nacksSent) {}

  /** Most sequence numbers tracked as missing; a bigger gap is left to a keyframe request. */
  static final int MAX_MISSING = 256;

  /** NACK each missing packet at most this often, this many times, while this young. */
  private static final long NACK_INTERVAL_NANOS = 25_000_000L;

  private static final int NACK_TRIES = 3;
  private static final long NACK_MAX_AGE_NANOS = 150_000_000L;

  private final String id;
  private final DatagramTransport transport;
  private final MediaConfig config;
  private final Consumer<EncodedFrame> consumer;
  private final BlockingQueue<EncodedFrame> queue;
  private final H264Depacketizer depacketizer;
  private final ReceptionStatistics reception = new ReceptionStatistics(90_000);
  private final SequenceUnwrapper seqUnwrapper = new SequenceUnwrapper();
  private final long ownSsrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
  private final String cname;

  private volatile boolean closed;
  private Thread rxThread;
  private Thread deliveryThread;

  // Receive-thread state.
  private long mediaSsrc = -1;
  private boolean waitingForKeyframe;
  private boolean keyframeWanted;
  private long lastPliNanos;
  private long nextReportNanos;
  private volatile boolean manualKeyframeRequest;

  private final AtomicLong packetsReceived = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicLong framesDelivered = new AtomicLong();
  private final AtomicLong framesDroppedWaiting = new AtomicLong();
  private final AtomicLong framesDroppedQueueFull = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong foreign = new AtomicLong();
  private final AtomicLong keyframeRequestsSent = new AtomicLong();
  private final AtomicLong rtcpReceived = new AtomicLong();
  private final AtomicLong nacksSent = new AtomicLong();
  // Receive-thread state for NACK: unwrapped seq → {first seen missing, last NACK, NACKs sent}.
  private final java.util.TreeMap<Long, long[]> missing = new java.util.TreeMap<>();
  private long highestSeq = -1;

  /**
   * @param id short id for thread names/logs
   * @param transport connected transport (e.g. {@code IceSession.transport()})
   * @param config media settings (must match the sender's payload type and extension id)
   * @param consumer receives complete frames on {@code p2p-frames-<id>}
   */
  public MediaReceiver(
      String id, DatagramTransport transport, MediaConfig config, Consumer<EncodedFrame> consumer) {
    this.id = Objects.requireNonNull(id);
    this.transport = Objects.requireNonNull(transport);
    this.config = Objects.requireNonNull(config);
    this.consumer = Objects.requireNonNull(consumer);
    this.queue = new ArrayBlockingQueue<>(config.frameQueueCapacity());
    this.depacketizer =
        new H264Depacketizer(
            config.captureTimeExtensionId(),
            config.limits(),
            System::nanoTime,
            new H264Depacketizer.Listener() {
              @Override
              public void onFrame(EncodedFrame frame) {
                frameCompleted(frame);
              }

              @Override
              public void onFrameLost(String reason) {
                frameLost(reason);
              }
            });
    this.waitingForKeyframe = config.waitForKeyframe();
    byte[] c = new byte[12];
    RANDOM.nextBytes(c);
    this.cname = Base64.getEncoder().encodeToString(c);
  }

  /** Starts the receive and delivery threads. */
  public synchronized void start() {
    if (rxThread != null || closed) {
      throw new IllegalStateException("already started or closed");
    }
    nextReportNanos = System.nanoTime() + config.rtcpInterval().toNanos();
    deliveryThread = NamedThreadFactory.start("p2p-frames-" + id, this::deliveryLoop);
    rxThread = NamedThreadFactory.start("p2p-rtp-rx-" + id, this::receiveLoop);
  }

  /** Asks the sender for a keyframe (e.g. after a decoder error); sent from the receive thread. */
  public void requestKeyframe() {
    manualKeyframeRequest = true;
  }

  public Stats stats() {
    return new Stats(
        packetsReceived.get(),
        bytesReceived.get(),
        depacketizer.framesCompleted(),
        framesDelivered.get(),
        depacketizer.framesLost(),
        depacketizer.framesMalformed(),
        framesDroppedWaiting.get(),
        framesDroppedQueueFull.get(),
        malformed.get(),
        foreign.get(),
        depacketizer.packetsLate(),
        depacketizer.packetsDuplicate(),
        keyframeRequestsSent.get(),
        rtcpReceived.get(),
        nacksSent.get());
  }

  private void receiveLoop() {
    byte[] buf = new byte[Math.max(1500, transport.getReceiveLimit())];
    while (!closed) {
      int n;
      try {
        n = transport.receive(buf, 0, buf.length, RECEIVE_WAIT_MS);
      } catch (IOException e) {
        if (!closed) {
          LOG.info("receiver {}: transport ended: {}", id, e.toString());
        }
        break;
      }
      try {
        long now = System.nanoTime();
        if (n > 0) {
          onDatagram(buf, n, now);
        }
        depacketizer.tick();
        housekeeping(now);
      } catch (RuntimeException e) {
        // Defensive: a bug must not kill the session's receive path.
        malformed.incrementAndGet();
        LOG.warn("receiver {}: unexpected error on a datagram", id, e);
      }
    }
  }

  private void onDatagram(byte[] buf, int n, long now) {
    switch (PacketClass.classify(buf, 0, n)) {
      case RTP:
        RtpPacket p = RtpPacket.parse(buf, 0, n, e -> malformed.incrementAndGet());
        if (p == null) {
          return;
        }
        if (!config.accepts(p.payloadType())) {
          malformed.incrementAndGet();
          return;
        }
        if (mediaSsrc < 0) {
          mediaSsrc = p.ssrc();
        } else if (p.ssrc() != mediaSsrc) {
          foreign.incrementAndGet();
          return;
        }
        packetsReceived.incrementAndGet();
        bytesReceived.addAndGet(n);
        long useq = seqUnwrapper.unwrap(p.sequenceNumber());
        trackSequence(useq, now);
        reception.onPacket(p.ssrc(), useq, p.timestamp(), p.payloadType(), now);
        depacketizer.push(p);
        return;
      case RTCP:
        rtcpReceived.incrementAndGet();
        boolean ok =
            Rtcp.parse(
                buf,
                0,
                n,
                new Rtcp.Handler() {
                  @Override
                  public void onSenderReport(
                      long ssrc, long ntp, long rtpTimestamp, long packets, long octets) {
                    if (ssrc == mediaSsrc) {
                      reception.onSenderReport(ntp, now);
                    }
                  }

                  @Override
                  public void onBye(long ssrc) {
                    LOG.debug("receiver {}: RTCP BYE from the sender", id);
                  }
                });
        if (!ok) {
          malformed.incrementAndGet();
        }
        return;
      default:
        foreign.incrementAndGet(); // DTLS/STUN/...: not for us (yet)
    }
  }

  private void frameCompleted(EncodedFrame frame) {
    if (waitingForKeyframe && !frame.keyframe()) {
      framesDroppedWaiting.incrementAndGet();
      keyframeWanted = true;
      return;
    }
    if (frame.keyframe()) {
      waitingForKeyframe = false;
      keyframeWanted = false;
    }
    if (!queue.offer(frame)) {
      framesDroppedQueueFull.incrementAndGet();
      keyframeLost();
    }
  }

  private void frameLost(String reason) {
    LOG.debug("receiver {}: frame dropped: {}", id, reason);
    keyframeLost();
  }

  private void keyframeLost() {
    if (config.waitForKeyframe()) {
      waitingForKeyframe = true;
    }
    keyframeWanted = true;
    maybeSendPli(System.nanoTime());
  }

  /** Notes holes in the sequence (for NACK) and fills them as packets arrive. */
  private void trackSequence(long useq, long now) {
    if (highestSeq < 0) {
      highestSeq = useq;
      return;
    }
    if (useq > highestSeq) {
      long gap = useq - highestSeq - 1;
      if (gap > 0 && gap <= MAX_MISSING) {
        for (long s = highestSeq + 1; s < useq; s++) {
          missing.put(s, new long[] {now, 0, 0});
        }
        while (missing.size() > MAX_MISSING) {
          missing.pollFirstEntry();
        }
      }
      highestSeq = useq;
    } else {
      missing.remove(useq); // late or retransmitted: the hole is filled
    }
  }

  /** RFC 4585 generic NACK for holes not yet repaired (rate-limited, a few tries each). */
  private void sendNacks(long now) {
    if (missing.isEmpty() || mediaSsrc < 0) {
      return;
    }
    int[] ask = new int[missing.size()];
    int n = 0;
    for (java.util.Iterator<java.util.Map.Entry<Long, long[]>> it = missing.entrySet().iterator();
        it.hasNext(); ) {
      java.util.Map.Entry<Long, long[]> e = it.next();
      long[] st = e.getValue();
      if (st[2] >= NACK_TRIES || now - st[0] > NACK_MAX_AGE_NANOS) {
        it.remove(); // given up: the depacketizer drops the frame and a PLI follows
        continue;
      }
      if (st[2] == 0 || now - st[1] >= NACK_INTERVAL_NANOS) {
        st[1] = now;
        st[2]++;
        ask[n++] = (int) (e.getKey() & 0xFFFF);
      }
    }
    if (n == 0) {
      return;
    }
    byte[] p = new byte[32 + Rtcp.sdesCnameLength(cname) + 12 + 4 * 64];
    int w = Rtcp.writeReceiverReport(p, 0, ownSsrc, reception.report(now));
    w += Rtcp.writeSdesCname(p, w, ownSsrc, cname);
    w += Rtcp.writeNack(p, w, ownSsrc, mediaSsrc, ask, n, 64);
    if (send(p, w)) {
      nacksSent.incrementAndGet();
    }
  }

  private void housekeeping(long now) {
    sendNacks(now);
    if (manualKeyframeRequest) {
      manualKeyframeRequest = false;
      keyframeWanted = true;
      lastPliNanos = 0;
    }
    if (keyframeWanted) {
      maybeSendPli(now);
    }
    if (now - nextReportNanos >= 0) {
      nextReportNanos = now + config.rtcpInterval().toNanos();
      sendReceiverReport(now);
    }
  }

  private void maybeSendPli(long now) {
    if (mediaSsrc < 0) {
      return;
    }
    if (lastPliNanos != 0 && now - lastPliNanos < config.keyframeRequestInterval().toNanos()) {
      return;
    }
    lastPliNanos = now;
    if (!waitingForKeyframe) {
      keyframeWanted = false; // one PLI is enough unless we are holding frames back
    }
    Rtcp.ReportBlock block = reception.report(now);
    byte[] p = new byte[32 + Rtcp.sdesCnameLength(cname) + 12];
    int w = Rtcp.writeReceiverReport(p, 0, ownSsrc, block);
    w += Rtcp.writeSdesCname(p, w, ownSsrc, cname);
    w += Rtcp.writePli(p, w, ownSsrc, mediaSsrc);
    if (send(p, w)) {
      keyframeRequestsSent.incrementAndGet();
    }
  }

  private void sendReceiverReport(long now) {
    if (mediaSsrc < 0) {
      return;
    }
    Rtcp.ReportBlock block = reception.report(now);
    byte[] p = new byte[32 + Rtcp.sdesCnameLength(cname)];
    int w = Rtcp.writeReceiverReport(p, 0, ownSsrc, block);
    w += Rtcp.writeSdesCname(p, w, ownSsrc, cname);
    send(p, w);
  }

  private boolean send(byte[] p, int len) {
    try {
      transport.send(p, 0, len);
      return true;
    } catch (IOException e) {
      LOG.debug("receiver {}: RTCP not sent: {}", id, e.toString());
      return false;
    }
  }

  private void deliveryLoop() {
    while (!closed) {
      EncodedFrame f;
      try {
        f = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (f == null) {
        continue;
      }
      if (closed) {
        break; // don't deliver after close() returned
      }
      try {
        consumer.accept(f);
        framesDelivered.incrementAndGet();
      } catch (RuntimeException e) {
        LOG.warn("receiver {}: frame consumer threw", id, e);
      }
    }
  }

  /** Stops both threads (waits up to 1 s each). Idempotent. Does not close the transport. */
  @Override
  public void close() {
    closed = true;
    Thread rx;
    Thread dl;
    synchronized (this) {
      rx = rxThread;
      dl = deliveryThread;
    }
    join(rx);
    join(dl); // not interrupted: the consumer's own code may not expect it; polls end in 100 ms
    queue.clear();
  }

  private static void join(Thread t) {
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
