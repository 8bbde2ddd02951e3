package io.peerwall.p2p.media;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.rtp.H264Depacketizer;
import io.peerwall.p2p.rtp.ReceptionStatistics;
import io.peerwall.p2p.rtp.Rtcp;
import io.peerwall.p2p.rtp.RtpPacket;
import io.peerwall.p2p.rtp.SequenceUnwrapper;
import io.peerwall.p2p.transport.DatagramTransport;
import io.peerwall.p2p.transport.PacketClass;
import io.peerwall.p2p.util.LogLimiter;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
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
 *
 * <p>This class is the receive loop: it parses datagrams, keeps to the first SSRC seen and feeds
 * the {@link H264Depacketizer}. What goes back to the sender (NACK, PLI, RR) and the keyframe gate
 * are {@link ReceiverFeedback}'s; the bounded queue and the delivery loop are {@link FrameQueue}'s.
 */
public final class MediaReceiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MediaReceiver.class);
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
   * @param nacksSent RTCP generic NACK packets sent
   * @param internalErrors datagrams whose handling threw: a bug, not bad input (the parsers reject
   *     bad input without throwing; it counts in {@code malformedPacketsDropped}); logged, and the
   *     receive loop goes on
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
      long nacksSent,
      long internalErrors) {}

  private final String id;
  private final DatagramTransport transport;
  private final MediaConfig config;
  private final FrameQueue frames;
  private final H264Depacketizer depacketizer;
  private final ReceptionStatistics reception = new ReceptionStatistics(90_000);
  private final ReceiverFeedback feedback;
  private final SequenceUnwrapper seqUnwrapper = new SequenceUnwrapper();

  private volatile boolean closed;
  private Thread rxThread;
  private Thread deliveryThread;

  // Receive-thread state.
  private long mediaSsrc = -1;

  private final AtomicLong packetsReceived = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong foreign = new AtomicLong();
  private final AtomicLong rtcpReceived = new AtomicLong();
  private final AtomicLong internalErrors = new AtomicLong();
  private final LogLimiter errorLog = new LogLimiter(Duration.ofMinutes(1), 4, System::nanoTime);

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
    this.frames = new FrameQueue(id, config.frameQueueCapacity(), Objects.requireNonNull(consumer));
    this.feedback = new ReceiverFeedback(id, transport, config, reception);
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
  }

  /** Starts the receive and delivery threads. */
  public synchronized void start() {
    if (rxThread != null || closed) {
      throw new IllegalStateException("already started or closed");
    }
    feedback.start(System.nanoTime());
    deliveryThread = NamedThreadFactory.start("p2p-frames-" + id, frames::deliveryLoop);
    rxThread = NamedThreadFactory.start("p2p-rtp-rx-" + id, this::receiveLoop);
  }

  /** Asks the sender for a keyframe (e.g. after a decoder error); sent from the receive thread. */
  public void requestKeyframe() {
    feedback.requestKeyframe();
  }

  public Stats stats() {
    return new Stats(
        packetsReceived.get(),
        bytesReceived.get(),
        depacketizer.framesCompleted(),
        frames.framesDelivered(),
        depacketizer.framesLost(),
        depacketizer.framesMalformed(),
        feedback.framesDroppedWaitingForKeyframe(),
        frames.framesDroppedQueueFull(),
        malformed.get(),
        foreign.get(),
        depacketizer.packetsLate(),
        depacketizer.packetsDuplicate(),
        feedback.keyframeRequestsSent(),
        rtcpReceived.get(),
        feedback.nacksSent(),
        internalErrors.get());
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
        feedback.housekeeping(now);
      } catch (RuntimeException e) {
        // The parsers reject bad input without throwing, so this is a bug: it must not kill the
        // session's receive path, nor hide among the malformed packets (the fuzz test fails on it).
        internalErrors.incrementAndGet();
        long times = errorLog.event("datagram");
        if (times > 0) {
          LOG.error("receiver {}: handling a datagram failed ({} time(s))", id, times, e);
        }
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
          feedback.mediaSsrc(mediaSsrc);
        } else if (p.ssrc() != mediaSsrc) {
          foreign.incrementAndGet();
          return;
        }
        packetsReceived.incrementAndGet();
        bytesReceived.addAndGet(n);
        long useq = seqUnwrapper.unwrap(p.sequenceNumber());
        feedback.onPacket(useq, now);
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
    if (!feedback.admit(frame)) {
      return;
    }
    if (frames.offer(frame)) {
      return;
    }
    // The consumer fell behind: drop the backlog (oldest first), wait for keyframes; the frame
    // that found the queue full goes in only if it is such a keyframe.
    int dropped = frames.dropBacklog();
    LOG.debug("receiver {}: consumer behind, dropped {} queued frame(s)", id, dropped);
    feedback.keyframeLost();
    if (feedback.admit(frame)) { // otherwise counted as held back for a keyframe
      frames.offer(frame);
    }
  }

  private void frameLost(String reason) {
    LOG.debug("receiver {}: frame dropped: {}", id, reason);
    feedback.keyframeLost();
  }

  /** Stops both threads (waits up to 1 s each). Idempotent. Does not close the transport. */
  @Override
  public void close() {
    closed = true;
    frames.stop();
    Thread rx;
    Thread dl;
    synchronized (this) {
      rx = rxThread;
      dl = deliveryThread;
    }
    join(rx);
    join(dl); // not interrupted: the consumer's own code may not expect it; polls end in 100 ms
    frames.clear();
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
