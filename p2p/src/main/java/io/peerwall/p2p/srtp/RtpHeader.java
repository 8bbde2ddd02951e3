package io.peerwall.p2p.srtp;

/** The few RTP header fields SRTP needs, read without trusting the packet. */
final class RtpHeader {
  private RtpHeader() {}

  /** Header length (fixed part, CSRCs, extension), or -1 if the packet cannot hold it. */
  static int length(byte[] p, int off, int len) {
    if (len < 12 || ((p[off] & 0xC0) != 0x80)) {
      return -1;
    }
    int n = 12 + 4 * (p[off] & 0x0F);
    if ((p[off] & 0x10) != 0) {
      if (n + 4 > len) {
        return -1;
      }
      int words = ((p[off + n + 2] & 0xFF) << 8) | (p[off + n + 3] & 0xFF);
      n += 4 + 4 * words;
    }
    return n <= len ? n : -1;
  }

  static int seq(byte[] p, int off) {
    return ((p[off + 2] & 0xFF) << 8) | (p[off + 3] & 0xFF);
  }

  static long ssrc(byte[] p, int off) {
    return u32(p, off + 8);
  }

  static long u32(byte[] p, int off) {
    return ((long) (p[off] & 0xFF) << 24)
        | ((p[off + 1] & 0xFF) << 16)
        | ((p[off + 2] & 0xFF) << 8)
        | (p[off + 3] & 0xFF);
  }

  static void putU32(byte[] p, int off, long v) {
    p[off] = (byte) (v >>> 24);
    p[off + 1] = (byte) (v >>> 16);
    p[off + 2] = (byte) (v >>> 8);
    p[off + 3] = (byte) v;
  }
}
