package io.peerwall.p2p.media;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.rtp.ReceptionStatistics;
import io.peerwall.p2p.rtp.Rtcp;
import io.peerwall.p2p.transport.DatagramTransport;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the receiver sends back to the camera, and when: RFC 4585 generic NACKs for missing packets
 * (a few tries each, {@link NackTracker}), a PLI after a lost frame (repeated every {@link
 * MediaConfig#keyframeRequestInterval()} while delta frames are held back), and an RTCP RR with
 * SDES CNAME every {@link MediaConfig#rtcpInterval()}. It also holds the keyframe gate: with {@link
 * MediaConfig#waitForKeyframe()}, delta frames after a loss are dropped until a keyframe arrives,
 * since they would decode to garbage — the gate and the PLI schedule share the same state. The gate
 * is per stream (payload type): a session may carry main and sub at once, and a sub keyframe must
 * not let main's broken delta frames through (they are recorded).
 *
 * <p>Runs on the receive thread ({@code p2p-rtp-rx-<id>}); only {@link #requestKeyframe()} and the
 * counters are called from other threads.
 */
final class ReceiverFeedback {
  // MediaReceiver's logger, so the log categories stay what they were before this class split off.
  private static final Logger LOG = LoggerFactory.getLogger(MediaReceiver.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final DatagramTransport transport;
  private final MediaConfig config;
  private final ReceptionStatistics reception;
  private final NackTracker nacks = new NackTracker();
  private final long ownSsrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
  private final String cname;

  // Receive-thread state.
  private long mediaSsrc = -1;
  // Per payload type (7 bits): whether that stream's delta frames are held until its keyframe.
  private final boolean[] waitingForKeyframe = new boolean[128];
  private boolean keyframeWanted;
  private long lastPliNanos;
  private long nextReportNanos;
  private volatile boolean manualKeyframeRequest;

  private final AtomicLong framesDroppedWaiting = new AtomicLong();
  private final AtomicLong keyframeRequestsSent = new AtomicLong();
  private final AtomicLong nacksSent = new AtomicLong();

  ReceiverFeedback(
      String id, DatagramTransport transport, MediaConfig config, ReceptionStatistics reception) {
    this.id = id;
    this.transport = transport;
    this.config = config;
    this.reception = reception;
    if (config.waitForKeyframe()) {
      waitAll();
    }
    byte[] c = new byte[12];
    RANDOM.nextBytes(c);
    this.cname = Base64.getEncoder().encodeToString(c);
  }

  /** Schedules the first receiver report one interval after {@code now}. */
  void start(long now) {
    nextReportNanos = now + config.rtcpInterval().toNanos();
  }

  /** The sender's SSRC, the target of all feedback; nothing is sent before it is known. */
  void mediaSsrc(long ssrc) {
    mediaSsrc = ssrc;
  }

  /** An RTP packet of the media stream arrived ({@code useq}: its unwrapped sequence number). */
  void onPacket(long useq, long now) {
    nacks.onPacket(useq, now);
  }

  /**
   * The keyframe gate: whether a completed frame may go to the consumer. A delta frame while
   * waiting for a keyframe is dropped (counted) and keeps the PLI going; a keyframe opens the gate.
   */
  boolean admit(EncodedFrame frame) {
    int pt = frame.payloadType();
    if (waitingForKeyframe[pt] && !frame.keyframe()) {
      framesDroppedWaiting.incrementAndGet();
      keyframeWanted = true;
      return false;
    }
    if (frame.keyframe()) {
      waitingForKeyframe[pt] = false;
      keyframeWanted = false; // another stream still held back asks again with its next frame
    }
    return true;
  }

  /**
   * Frames were lost or dropped, of a stream we cannot tell: every stream's reference chain may be
   * broken, so all wait for their keyframe, and a PLI asks for them (the camera answers a PLI with
   * a keyframe on every stream it sends).
   */
  void keyframeLost() {
    if (config.waitForKeyframe()) {
      waitAll();
    }
    keyframeWanted = true;
    maybeSendPli(System.nanoTime());
  }

  private void waitAll() {
    waitingForKeyframe[config.payloadType()] = true;
    waitingForKeyframe[config.subPayloadType()] = true;
  }

  /** Asks for a keyframe at the next housekeeping, bypassing the PLI rate limit (any thread). */
  void requestKeyframe() {
    manualKeyframeRequest = true;
  }

  /** Sends whatever feedback is due; called after every receive poll (at least every 50 ms). */
  void housekeeping(long now) {
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

  /** RFC 4585 generic NACK for holes not yet repaired (rate-limited, a few tries each). */
  private void sendNacks(long now) {
    if (nacks.isEmpty() || mediaSsrc < 0) {
      return;
    }
    int[] ask = new int[nacks.size()];
    int n = nacks.collectDue(now, ask);
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

  private void maybeSendPli(long now) {
    if (mediaSsrc < 0) {
      return;
    }
    if (lastPliNanos != 0 && now - lastPliNanos < config.keyframeRequestInterval().toNanos()) {
      return;
    }
    lastPliNanos = now;
    // One PLI is enough unless frames are still held back: each one held back asks again (admit),
    // so a stream that is not sent at all never keeps PLIs going.
    keyframeWanted = false;
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

  long framesDroppedWaitingForKeyframe() {
    return framesDroppedWaiting.get();
  }

  long keyframeRequestsSent() {
    return keyframeRequestsSent.get();
  }

  long nacksSent() {
    return nacksSent.get();
  }
}
