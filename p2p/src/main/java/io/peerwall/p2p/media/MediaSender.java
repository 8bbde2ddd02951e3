package io.peerwall.p2p.media;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.rtp.H264Packetizer;
import io.peerwall.p2p.rtp.NtpTime;
import io.peerwall.p2p.rtp.Rtcp;
import io.peerwall.p2p.rtp.Rtcp.ReportBlock;
import io.peerwall.p2p.transport.DatagramTransport;
import io.peerwall.p2p.transport.PacketClass;
import io.peerwall.p2p.util.LogLimiter;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camera side of a connected session: packetizes {@link EncodedFrame}s (RFC 6184) and sends them
 * over the session's {@link DatagramTransport}; listens for RTCP from the station, surfacing
 * PLI/FIR as keyframe requests; sends RTCP sender reports.
 *
 * <pre>{@code
 * MediaSender sender = new MediaSender("cam1", iceSession.transport(), MediaConfig.defaults());
 * sender.onKeyframeRequest(encoder::forceKeyframe);   // called on p2p-rtcp-rx-cam1
 * sender.start();
 * sender.send(frame);                                 // from the encoder thread
 * sender.close();
 * }</pre>
 *
 * <p>Threads: one, {@code p2p-rtcp-rx-<id>}, started by {@link #start()} and stopped by {@link
 * #close()}; it reads RTCP, runs the keyframe-request callback (keep it short and non-blocking),
 * and sends an SR every {@link MediaConfig#rtcpInterval()}. {@link #send} is thread-safe. The
 * transport is not closed by this class (the ICE session owns it).
 */
public final class MediaSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MediaSender.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int RECEIVE_WAIT_MS = 100;

  /**
   * Counters of a {@link MediaSender}.
   *
   * @param packetsRetransmitted packets resent for NACKs
   * @param bytesRetransmitted bytes of those packets (what the retransmission budget spent)
   * @param nackRepeatsIgnored sequence numbers a NACK asked for again while just resent (in the
   *     same NACK, or within 10 ms): not resent
   * @param retransmissionsDroppedBudget resends refused because the session's retransmission budget
   *     ({@link MediaConfig#retransmitBytesPerSecond()}) was spent
   * @param rtcpHandlerErrors RTCP packets whose handling threw (a bug): counted, logged, and the
   *     RTCP loop went on
   */
  public record Stats(
      long framesSent,
      long packetsSent,
      long payloadBytesSent,
      long keyframeRequestsReceived,
      long nacksReceived,
      long rtcpReceived,
      long rtcpMalformed,
      long sendErrors,
      int lastFractionLost,
      long lastJitter,
      long packetsRetransmitted,
      long bytesRetransmitted,
      long nackRepeatsIgnored,
      long retransmissionsDroppedBudget,
      long rtcpHandlerErrors) {}

  /** Sent packets kept for NACK retransmission (by sequence number; about 1 s at 4 Mbit/s). */
  static final int RETRANSMIT_BUFFER = Retransmitter.BUFFER;

  private final String id;
  private final DatagramTransport transport;
  private final MediaConfig config;
  private final H264Packetizer packetizer;
  private final String cname;
  private final Object sendLock = new Object();
  private volatile Runnable keyframeCallback = () -> {};
  private volatile boolean closed;
  private Thread rtcpThread;

  // Guarded by sendLock.
  private long lastRtpTimestamp;
  private long lastSendNanos;

  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong packetsSent = new AtomicLong();
  private final AtomicLong payloadBytesSent = new AtomicLong();
  private final AtomicLong keyframeRequests = new AtomicLong();
  private final AtomicLong nacks = new AtomicLong();
  private final AtomicLong rtcpReceived = new AtomicLong();
  private final AtomicLong rtcpMalformed = new AtomicLong();
  private final AtomicLong sendErrors = new AtomicLong();
  private final AtomicLong retransmitted = new AtomicLong();
  private final AtomicLong retransmittedBytes = new AtomicLong();
  private final AtomicLong rtcpHandlerErrors = new AtomicLong();
  private final Retransmitter retransmitter;
  private final LogLimiter errorLog = new LogLimiter(Duration.ofMinutes(1), 4, System::nanoTime);
  private volatile int lastFractionLost;
  private volatile long lastJitter;

  /**
   * @param id short id for thread names/logs
   * @param transport connected transport (e.g. {@code IceSession.transport()})
   * @param config media settings; the SSRC and initial sequence number are random
   */
  public MediaSender(String id, DatagramTransport transport, MediaConfig config) {
    this(id, transport, config, System::nanoTime);
  }

  /**
   * As {@link #MediaSender(String, DatagramTransport, MediaConfig)}, with the clock of the
   * retransmission budget injected (tests).
   */
  public MediaSender(
      String id, DatagramTransport transport, MediaConfig config, LongSupplier nanoClock) {
    this.retransmitter = new Retransmitter(config.retransmitBytesPerSecond(), nanoClock);
    this.id = Objects.requireNonNull(id);
    this.transport = Objects.requireNonNull(transport);
    this.config = Objects.requireNonNull(config);
    if (config.mtu() > transport.getSendLimit()) {
      throw new IllegalArgumentException("mtu exceeds the transport's send limit");
    }
    long ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
    this.packetizer =
        new H264Packetizer(
            ssrc,
            config.payloadType(),
            config.mtu(),
            config.captureTimeExtensionId(),
            RANDOM.nextInt(1 << 16),
            config.limits().maxAccessUnitBytes());
    byte[] c = new byte[12];
    RANDOM.nextBytes(c);
    this.cname = Base64.getEncoder().encodeToString(c); // RFC 7022 random CNAME
  }

  /** Sets the callback for PLI/FIR from the receiver (runs on {@code p2p-rtcp-rx-<id>}). */
  public void onKeyframeRequest(Runnable callback) {
    this.keyframeCallback = Objects.requireNonNull(callback);
  }

  /**
   * Raises a keyframe request as if a PLI had arrived (used by the control channel's explicit
   * keyframe request). Runs the callback on the caller's thread.
   */
  public void raiseKeyframeRequest() {
    keyframeRequested("control", keyframeCallback);
  }

  /**
   * Counts a keyframe request for one stream of the session (the control channel's keyframe request
   * naming it) and runs {@code action} instead of the PLI callback. Caller's thread.
   */
  public void raiseKeyframeRequest(Runnable action) {
    keyframeRequested("control (one stream)", action);
  }

  /** Starts the RTCP thread. */
  public synchronized void start() {
    if (rtcpThread != null || closed) {
      throw new IllegalStateException("already started or closed");
    }
    rtcpThread = NamedThreadFactory.start("p2p-rtcp-rx-" + id, this::rtcpLoop);
  }

  /** Our SSRC. */
  public long ssrc() {
    return packetizer.ssrc();
  }

  /**
   * Packetizes and sends one frame, with the frame's payload type (the stream it belongs to) or the
   * main stream's when the frame leaves it open.
   *
   * @throws IllegalArgumentException if the frame is not Annex B, too large, or has a payload type
   *     that is neither the main nor the sub stream's
   * @throws IOException if the transport fails (closed, no selected pair)
   */
  public void send(EncodedFrame frame) throws IOException {
    if (closed) {
      throw new IOException("sender closed");
    }
    if (frame.payloadType() >= 0 && !config.accepts(frame.payloadType())) {
      throw new IllegalArgumentException(
          "payload type " + frame.payloadType() + " is not one of the session's");
    }
    synchronized (sendLock) {
      List<byte[]> packets = packetizer.packetize(frame);
      for (byte[] p : packets) {
        try {
          transport.send(p, 0, p.length);
        } catch (IOException e) {
          sendErrors.incrementAndGet();
          throw e;
        }
        packetsSent.incrementAndGet();
        retransmitter.remember(p);
        int header = 12 + ((p[0] & 0x10) != 0 ? 16 : 0);
        payloadBytesSent.addAndGet(p.length - header);
      }
      lastRtpTimestamp = frame.rtpTimestamp() & 0xFFFF_FFFFL;
      lastSendNanos = System.nanoTime();
      framesSent.incrementAndGet();
    }
  }

  public Stats stats() {
    return new Stats(
        framesSent.get(),
        packetsSent.get(),
        payloadBytesSent.get(),
        keyframeRequests.get(),
        nacks.get(),
        rtcpReceived.get(),
        rtcpMalformed.get(),
        sendErrors.get(),
        lastFractionLost,
        lastJitter,
        retransmitted.get(),
        retransmittedBytes.get(),
        retransmitter.repeatsIgnored(),
        retransmitter.droppedBudget(),
        rtcpHandlerErrors.get());
  }

  /** Resends what the receiver NACKed, within the session's budget ({@link Retransmitter}). */
  private void retransmit(int[] seqs) {
    for (byte[] p : retransmitter.select(seqs)) {
      try {
        transport.send(p, 0, p.length);
        retransmitted.incrementAndGet();
        retransmittedBytes.addAndGet(p.length);
      } catch (IOException e) {
        LOG.debug("sender {}: retransmission failed: {}", id, e.toString());
        return;
      }
    }
  }

  private void rtcpLoop() {
    byte[] buf = new byte[Math.max(1500, transport.getReceiveLimit())];
    long intervalNanos = config.rtcpInterval().toNanos();
    long nextReport = System.nanoTime() + intervalNanos;
    Rtcp.Handler handler =
        new Rtcp.Handler() {
          @Override
          public void onPli(long senderSsrc, long mediaSsrc) {
            if (mediaSsrc == ssrc()) {
              keyframeRequested("PLI");
            }
          }

          @Override
          public void onFir(long senderSsrc, long targetSsrc) {
            if (targetSsrc == ssrc()) {
              keyframeRequested("FIR");
            }
          }

          @Override
          public void onNack(long senderSsrc, long mediaSsrc, int entries) {
            nacks.incrementAndGet();
          }

          @Override
          public void onNackSequences(long senderSsrc, long mediaSsrc, int[] seqs) {
            if (mediaSsrc == ssrc()) {
              retransmit(seqs);
            }
          }

          @Override
          public void onReceiverReport(long ssrc, List<ReportBlock> blocks) {
            for (ReportBlock b : blocks) {
              if (b.ssrc() == ssrc()) {
                lastFractionLost = b.fractionLost();
                lastJitter = b.jitter();
              }
            }
          }
        };
    while (!closed) {
      int n;
      try {
        n = transport.receive(buf, 0, buf.length, RECEIVE_WAIT_MS);
      } catch (IOException e) {
        if (!closed) {
          LOG.info("sender {}: transport ended: {}", id, e.toString());
        }
        break;
      }
      try {
        if (n > 0) {
          onDatagram(buf, n, handler);
        }
        long now = System.nanoTime();
        if (now - nextReport >= 0) {
          nextReport = now + intervalNanos;
          sendSenderReport(now);
        }
      } catch (RuntimeException e) {
        // A bug in a NACK, report or keyframe path must not end keyframe requests and
        // retransmission while the session looks live: counted, logged (rate-limited), go on.
        rtcpHandlerErrors.incrementAndGet();
        long times = errorLog.event("rtcp");
        if (times > 0) {
          LOG.error(
              "sender {}: handling RTCP failed ({} time(s)); the RTCP loop goes on", id, times, e);
        }
      }
    }
  }

  private void onDatagram(byte[] buf, int n, Rtcp.Handler handler) {
    if (PacketClass.classify(buf, 0, n) == PacketClass.RTCP) {
      rtcpReceived.incrementAndGet();
      if (!Rtcp.parse(buf, 0, n, handler)) {
        rtcpMalformed.incrementAndGet();
      }
    } else {
      rtcpMalformed.incrementAndGet(); // nothing but RTCP is expected towards the camera
    }
  }

  private void keyframeRequested(String kind) {
    keyframeRequested(kind, keyframeCallback);
  }

  private void keyframeRequested(String kind, Runnable action) {
    keyframeRequests.incrementAndGet();
    LOG.debug("sender {}: {} received", id, kind);
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("sender {}: keyframe callback threw", id, e);
    }
  }

  private void sendSenderReport(long nowNanos) {
    long packets = packetsSent.get();
    if (packets == 0 || closed) {
      return;
    }
    long rtpTs;
    synchronized (sendLock) {
      long elapsed90k = (nowNanos - lastSendNanos) * 90 / 1_000_000L;
      rtpTs = (lastRtpTimestamp + elapsed90k) & 0xFFFF_FFFFL;
    }
    byte[] p = new byte[28 + Rtcp.sdesCnameLength(cname)];
    int w =
        Rtcp.writeSenderReport(p, 0, ssrc(), NtpTime.now(), rtpTs, packets, payloadBytesSent.get());
    w += Rtcp.writeSdesCname(p, w, ssrc(), cname);
    try {
      transport.send(p, 0, w);
    } catch (IOException e) {
      LOG.debug("sender {}: SR not sent: {}", id, e.toString());
    }
  }

  /** Stops the RTCP thread (waits up to 1 s). Idempotent. Does not close the transport. */
  @Override
  public void close() {
    closed = true;
    Thread t;
    synchronized (this) {
      t = rtcpThread;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
