package io.peerwall.p2p.srtp;

/** RFC 3711 §3.3.2 replay list: a 64-packet sliding window below the highest index seen. */
final class ReplayWindow {
  static final int SIZE = 64;
  private long highest = -1;
  private long mask;

  /** Whether {@code index} is new (neither seen nor too old). Does not record it. */
  boolean isFresh(long index) {
    if (highest < 0 || index > highest) {
      return true;
    }
    long delta = highest - index;
    if (delta >= SIZE) {
      return false;
    }
    return (mask & (1L << delta)) == 0;
  }

  /** Records an authenticated index. */
  void accept(long index) {
    if (highest < 0) {
      highest = index;
      mask = 1;
      return;
    }
    if (index > highest) {
      long shift = index - highest;
      mask = shift >= SIZE ? 1 : (mask << shift) | 1;
      highest = index;
    } else {
      mask |= 1L << (highest - index);
    }
  }

  long highest() {
    return highest;
  }
}
