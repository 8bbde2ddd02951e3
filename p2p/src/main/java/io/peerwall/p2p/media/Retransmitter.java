package io.peerwall.p2p.media;

import io.peerwall.p2p.util.TokenBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The camera's answer to NACKs (RFC 4585 §6.2.1), bounded: a ring of the last {@link #BUFFER} sent
 * packets (none older than 1 s is resent); a sequence number is resent at most once per NACK and
 * not again within {@link #MIN_RESEND_INTERVAL_NANOS} (a NACK may list the same number thousands of
 * times: one 1.5 kB NACK used to cost ~7 MB of resends); and the session's resends spend a token
 * bucket of {@code bytesPerSecond} (capacity one second's worth), so a paired station cannot make
 * the camera send more than that on top of the stream. What the budget refuses is dropped and
 * counted ({@link MediaSender.Stats#retransmissionsDroppedBudget()}).
 *
 * <p>Thread-safe: the sending thread(s) {@link #remember} packets, the RTCP thread {@link
 * #select}s; one monitor, held only for bookkeeping (never while sending).
 */
final class Retransmitter {
  /** Sent packets kept (by sequence number; about 1 s at 4 Mbit/s). */
  static final int BUFFER = 512;

  static final long MAX_AGE_NANOS = 1_000_000_000L;

  /** A packet resent is not resent again sooner (the station re-NACKs a hole 25 ms apart). */
  static final long MIN_RESEND_INTERVAL_NANOS = 10_000_000L;

  private final LongSupplier nanoClock;
  private final byte[][] packets = new byte[BUFFER][];
  private final long[] sentAt = new long[BUFFER];
  private final long[] resentAt = new long[BUFFER];
  private final TokenBucket budget;

  private long repeatsIgnored;
  private long droppedBudget;

  Retransmitter(long bytesPerSecond, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.budget = new TokenBucket(bytesPerSecond, bytesPerSecond, nanoClock.getAsLong());
  }

  /** Keeps a packet just sent (RTP header intact, sequence number in bytes 2-3). */
  synchronized void remember(byte[] rtp) {
    int slot = sequenceNumber(rtp) % BUFFER;
    long now = nanoClock.getAsLong();
    packets[slot] = rtp;
    sentAt[slot] = now;
    resentAt[slot] = now - MIN_RESEND_INTERVAL_NANOS;
  }

  /**
   * The packets to resend for one NACK's sequence numbers, in the order asked, each at most once;
   * counts what the budget refused and what was asked again too soon.
   */
  synchronized List<byte[]> select(int[] seqs) {
    long now = nanoClock.getAsLong();
    List<byte[]> out = new ArrayList<>();
    for (int seq : seqs) {
      int slot = (seq & 0xFFFF) % BUFFER;
      byte[] p = packets[slot];
      if (p == null || sequenceNumber(p) != (seq & 0xFFFF) || now - sentAt[slot] > MAX_AGE_NANOS) {
        continue; // not buffered any more: the station gives up on it and asks for a keyframe
      }
      if (now - resentAt[slot] < MIN_RESEND_INTERVAL_NANOS) {
        repeatsIgnored++;
        continue;
      }
      if (!budget.tryTake(p.length, now)) {
        droppedBudget++;
        continue;
      }
      resentAt[slot] = now;
      out.add(p);
    }
    return out;
  }

  synchronized long repeatsIgnored() {
    return repeatsIgnored;
  }

  synchronized long droppedBudget() {
    return droppedBudget;
  }

  private static int sequenceNumber(byte[] rtp) {
    return ((rtp[2] & 0xFF) << 8) | (rtp[3] & 0xFF);
  }
}
