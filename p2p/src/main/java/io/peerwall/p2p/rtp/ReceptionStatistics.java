package io.peerwall.p2p.rtp;

/**
 * Per-source reception statistics for RTCP receiver reports, computed as in RFC 3550 appendix A.3
 * (loss) and A.8 (interarrival jitter). Single-threaded (the receive thread).
 */
public final class ReceptionStatistics {
  private final int clockRate;
  private long ssrc = -1;
  private long baseSeq = -1;
  private long maxSeq = -1;
  private long received;
  private long expectedPrior;
  private long receivedPrior;
  private double jitter;
  // Per payload type: the streams of one session (decision 0037) each follow their own RTP clock,
  // so a transit is only comparable with the previous one of the same type.
  private final boolean[] haveTransit = new boolean[128];
  private final long[] lastTransit = new long[128];
  private long lastSrMiddle;
  private long lastSrArrivalNanos;

  public ReceptionStatistics(int clockRate) {
    this.clockRate = clockRate;
  }

  /** Records one RTP packet arrival (one payload type). */
  public void onPacket(long ssrc, long extendedSeq, long rtpTimestamp, long arrivalNanos) {
    onPacket(ssrc, extendedSeq, rtpTimestamp, 0, arrivalNanos);
  }

  /** Records one RTP packet arrival; jitter compares packets of the same payload type only. */
  public void onPacket(
      long ssrc, long extendedSeq, long rtpTimestamp, int payloadType, long arrivalNanos) {
    int pt = payloadType & 0x7F;
    this.ssrc = ssrc;
    if (baseSeq < 0) {
      baseSeq = extendedSeq;
      maxSeq = extendedSeq;
    } else if (extendedSeq > maxSeq) {
      maxSeq = extendedSeq;
    }
    received++;
    long arrival = Math.floorDiv(arrivalNanos, 1_000_000_000L / clockRate);
    long transit = arrival - rtpTimestamp;
    if (haveTransit[pt]) {
      long d = Math.abs(transit - lastTransit[pt]);
      if (d < (1L << 31)) {
        jitter += (d - jitter) / 16.0;
      }
    }
    lastTransit[pt] = transit;
    haveTransit[pt] = true;
  }

  /** Records an SR from the source (for LSR/DLSR). */
  public void onSenderReport(long ntp, long arrivalNanos) {
    lastSrMiddle = NtpTime.middle32(ntp);
    lastSrArrivalNanos = arrivalNanos;
  }

  /** Builds a report block and starts a new reporting interval; null before any packet. */
  public Rtcp.ReportBlock report(long nowNanos) {
    if (baseSeq < 0) {
      return null;
    }
    long expected = maxSeq - baseSeq + 1;
    long lost = expected - received;
    long expectedInterval = expected - expectedPrior;
    long receivedInterval = received - receivedPrior;
    expectedPrior = expected;
    receivedPrior = received;
    long lostInterval = expectedInterval - receivedInterval;
    int fraction =
        (expectedInterval == 0 || lostInterval <= 0)
            ? 0
            : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    long dlsr = 0;
    if (lastSrArrivalNanos != 0) {
      dlsr = ((nowNanos - lastSrArrivalNanos) * 65536L / 1_000_000_000L) & 0xFFFF_FFFFL;
    }
    return new Rtcp.ReportBlock(
        ssrc,
        fraction,
        (int) Math.max(-0x800000, Math.min(0x7FFFFF, lost)),
        maxSeq & 0xFFFF_FFFFL,
        ((long) jitter) & 0xFFFF_FFFFL,
        lastSrMiddle,
        dlsr);
  }
}
