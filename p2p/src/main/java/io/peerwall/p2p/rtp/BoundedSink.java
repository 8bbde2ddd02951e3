package io.peerwall.p2p.rtp;

import java.util.Arrays;

/**
 * A growable byte buffer that refuses to grow beyond a hard limit, so a hostile stream cannot make
 * the depacketizer allocate more than {@code maxAccessUnitBytes} for one frame.
 */
final class BoundedSink {
  private static final byte[] START_CODE = {0, 0, 0, 1};

  private final int limit;
  private byte[] a;
  private int w;

  BoundedSink(int initial, int limit) {
    this.a = new byte[Math.max(16, initial)];
    this.limit = limit;
  }

  /** Appends an Annex B start code; false if that would pass the limit. */
  boolean startCode() {
    return put(START_CODE, 0, 4);
  }

  boolean put(byte b) {
    if (!ensure(1)) {
      return false;
    }
    a[w++] = b;
    return true;
  }

  boolean put(byte[] src, int off, int len) {
    if (!ensure(len)) {
      return false;
    }
    System.arraycopy(src, off, a, w, len);
    w += len;
    return true;
  }

  private boolean ensure(int n) {
    if ((long) w + n > limit) {
      return false;
    }
    if (w + n > a.length) {
      a = Arrays.copyOf(a, (int) Math.min(limit, Math.max((long) a.length * 2, (long) w + n)));
    }
    return true;
  }

  byte[] toArray() {
    return w == a.length ? a : Arrays.copyOf(a, w);
  }
}
