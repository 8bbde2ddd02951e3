package io.peerwall.p2p.rtp;

import io.peerwall.p2p.EncodedFrame;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Reassembles RFC 6184 (packetization-mode 1) RTP packets of one SSRC into Annex B access units.
 *
 * <p><b>Framing.</b> A frame is the run of packets from the one after the previous frame's marker
 * up to and including the next marker, all with the same timestamp and payload type (a change of
 * either without a marker also ends a frame: the camera may switch the session to another stream,
 * whose payload type differs, at any frame boundary, decision 0035). Packets are held in a small
 * sequence-ordered buffer, so reordering within (and across) frames is tolerated: a missing
 * sequence number is only declared lost once {@code reorderWindowPackets} newer packets have
 * arrived or it has been missing for {@code reorderWindowNanos}. A lost packet drops the frame it
 * belonged to (never a partial frame is delivered), reported through {@link Listener#onFrameLost}
 * so the owner can ask for a keyframe; the depacketizer then resynchronises on the next marker.
 *
 * <p><b>Bounds.</b> Frames larger than {@code maxAccessUnitBytes} or with more than {@code
 * maxNalUnits} NAL units, and payloads that violate RFC 6184 (bad STAP-A lengths, FU-A without
 * start/end, unsupported STAP-B/MTAP/FU-B, reserved types), drop the frame and count as malformed.
 * At most {@code maxBufferedPackets} packets are buffered. Nothing here throws on input data.
 *
 * <p>Output: each NAL unit is prefixed with a 4-byte start code; {@code rtpTimestamp} is the packet
 * timestamp unwrapped to 64 bits (starting at the first frame's 32-bit value); {@code
 * captureEpochMicros} comes from abs-capture-time on the frame's packets (−1 if absent); {@code
 * keyframe} is set if an IDR slice (type 5) is present; {@code payloadType} is the frame's
 * packets'.
 *
 * <p>Single-threaded: call {@link #push} and {@link #tick} from one thread. Counters may be read
 * from any thread.
 *
 * <p>The work is split by job: {@link FrameAssembler} buffers packets and decides framing, loss and
 * resynchronisation; {@link Rfc6184Payloads} turns a complete frame's payloads into Annex B; {@link
 * AbsCaptureTime} reads the capture-time header extension. This class wires them together, unwraps
 * the frame timestamp and counts what it delivers.
 */
public final class H264Depacketizer {

  /** Receives completed frames and losses, on the thread that calls push/tick. */
  public interface Listener {
    void onFrame(EncodedFrame frame);

    /** A frame was dropped (sequence gap, malformed payload, overflow): a keyframe is needed. */
    void onFrameLost(String reason);
  }

  /**
   * Resource and latency limits.
   *
   * @param maxAccessUnitBytes largest reassembled frame (Annex B bytes)
   * @param maxNalUnits most NAL units per frame
   * @param reorderWindowPackets a hole is lost once this many newer packets arrived
   * @param reorderWindowNanos ... or once it has been open this long
   * @param maxBufferedPackets most packets held while waiting for a hole to fill
   */
  public record Limits(
      int maxAccessUnitBytes,
      int maxNalUnits,
      int reorderWindowPackets,
      long reorderWindowNanos,
      int maxBufferedPackets) {
    public static Limits defaults() {
      return new Limits(4 << 20, 1024, 32, 60_000_000L, 8192);
    }

    /**
     * For a receiver that NACKs: a hole stays open up to 120 ms whatever the packet count, so that
     * a retransmission (one round trip plus the sender's turnaround) can still fill it; a keyframe
     * burst of hundreds of packets would otherwise close it by count first.
     */
    public static Limits withRetransmission() {
      return new Limits(4 << 20, 1024, 4096, 120_000_000L, 8192);
    }
  }

  private final int captureTimeExtId;
  private final Limits limits;
  private final Listener listener;
  private final FrameAssembler assembler;

  // Frame output state: the 64-bit timestamp of the last delivered frame.
  private boolean haveTimestamp;
  private long lastTimestamp32;
  private long unwrappedTimestamp;

  private volatile long framesCompleted;
  private volatile long framesMalformed;

  /**
   * @param captureTimeExtId RFC 8285 id of abs-capture-time (1..14)
   * @param limits bounds
   * @param nanoClock monotonic clock (System::nanoTime), injectable for tests
   * @param listener receives frames and losses
   */
  public H264Depacketizer(
      int captureTimeExtId, Limits limits, LongSupplier nanoClock, Listener listener) {
    this.captureTimeExtId = captureTimeExtId;
    this.limits = limits;
    this.listener = listener;
    this.assembler =
        new FrameAssembler(
            limits,
            nanoClock,
            new FrameAssembler.Output() {
              @Override
              public void onFramePackets(BufferedPacket[] packets) {
                deliver(packets);
              }

              @Override
              public void onFrameLost(String reason) {
                listener.onFrameLost(reason);
              }
            });
  }

  /** Feeds one RTP packet of the stream (the caller has checked SSRC and payload type). */
  public void push(RtpPacket p) {
    long ext = assembler.admit(p);
    if (ext < 0) {
      return; // late or duplicate
    }
    int capture = AbsCaptureTime.find(p, captureTimeExtId);
    boolean hasCapture = capture >= 0;
    long ntp = hasCapture ? AbsCaptureTime.ntpAt(p.buffer(), capture) : 0;
    // A copy: the caller reuses its receive buffer for the next datagram.
    byte[] payload =
        Arrays.copyOfRange(p.buffer(), p.payloadOffset(), p.payloadOffset() + p.payloadLength());
    assembler.add(
        new BufferedPacket(
            ext, p.timestamp(), p.payloadType(), p.marker(), payload, hasCapture, ntp));
  }

  /** Lets time-based loss detection run when no packets arrive. */
  public void tick() {
    assembler.tick();
  }

  /** Builds a complete frame's access unit and delivers it, or reports it malformed. */
  private void deliver(BufferedPacket[] pkts) {
    Rfc6184Payloads.Result r =
        Rfc6184Payloads.read(pkts, limits.maxAccessUnitBytes(), limits.maxNalUnits());
    if (r.problem() != null) {
      framesMalformed++;
      listener.onFrameLost("malformed frame: " + r.problem());
      return;
    }
    long capture = AbsCaptureTime.epochMicros(pkts);
    long ts32 = pkts[0].timestamp;
    if (!haveTimestamp) {
      haveTimestamp = true;
      unwrappedTimestamp = ts32;
    } else {
      // A signed 32-bit step: a wrap of the RTP timestamp carries into the high bits, while a
      // step back stays a step back instead of becoming a jump of almost 2^32.
      unwrappedTimestamp += (int) (ts32 - lastTimestamp32);
    }
    lastTimestamp32 = ts32;
    framesCompleted++;
    listener.onFrame(
        new EncodedFrame(r.annexB(), unwrappedTimestamp, capture, r.idr(), pkts[0].payloadType()));
  }

  public long framesCompleted() {
    return framesCompleted;
  }

  /** Frames dropped because packets were missing (gaps, overflow, joining mid-frame). */
  public long framesLost() {
    return assembler.framesLost();
  }

  /** Frames dropped because their payload violated RFC 6184 or the limits. */
  public long framesMalformed() {
    return framesMalformed;
  }

  public long packetsLate() {
    return assembler.packetsLate();
  }

  public long packetsDuplicate() {
    return assembler.packetsDuplicate();
  }

  /** Packets currently buffered. */
  public int bufferedPackets() {
    return assembler.bufferedPackets();
  }
}
