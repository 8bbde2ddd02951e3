package io.peerwall.p2p.media;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiver's list of sequence numbers still missing, for RFC 4585 generic NACK: holes are noted
 * as newer packets arrive, filled when a late or retransmitted packet comes, and given up after a
 * few tries or once too old to help (the depacketizer has dropped the frame by then and a PLI
 * follows). Receive-thread only.
 */
final class NackTracker {
  /** Most sequence numbers tracked as missing; a bigger gap is left to a keyframe request. */
  static final int MAX_MISSING = 256;

  /** NACK each missing packet at most this often, this many times, while this young. */
  private static final long NACK_INTERVAL_NANOS = 25_000_000L;

  private static final int NACK_TRIES = 3;
  private static final long NACK_MAX_AGE_NANOS = 150_000_000L;

  // Unwrapped seq → {first seen missing, last NACK, NACKs sent}.
  private final TreeMap<Long, long[]> missing = new TreeMap<>();
  private long highestSeq = -1;

  /** Notes holes in the sequence (for NACK) and fills them as packets arrive. */
  void onPacket(long useq, long now) {
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

  boolean isEmpty() {
    return missing.isEmpty();
  }

  int size() {
    return missing.size();
  }

  /**
   * Puts the 16-bit sequence numbers due for a NACK now into {@code ask} (at least {@link #size()}
   * long), marks them asked and drops the ones given up. Returns how many were put.
   */
  int collectDue(long now, int[] ask) {
    int n = 0;
    for (Iterator<Map.Entry<Long, long[]>> it = missing.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, long[]> e = it.next();
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
    return n;
  }
}
