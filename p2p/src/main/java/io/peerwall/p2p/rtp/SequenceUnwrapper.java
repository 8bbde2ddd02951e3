package io.peerwall.p2p.rtp;

/**
 * Extends 16-bit RTP sequence numbers to 64 bits (cycle count in the high bits), tolerating
 * reordering of up to 32767 packets. The first value maps to itself (cycle 0); packets older than
 * the first may map below it.
 */
public final class SequenceUnwrapper {
  private long highest = Long.MIN_VALUE;

  public long unwrap(int seq) {
    seq &= 0xFFFF;
    if (highest == Long.MIN_VALUE) {
      highest = seq;
      return seq;
    }
    int delta = (short) (seq - (int) (highest & 0xFFFF));
    long ext = highest + delta;
    if (ext > highest) {
      highest = ext;
    }
    return ext;
  }
}
