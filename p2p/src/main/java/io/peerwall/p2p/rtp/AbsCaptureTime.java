package io.peerwall.p2p.rtp;

/**
 * The abs-capture-time RTP header extension (RFC 8285 one-byte or two-byte form): the 64-bit NTP
 * time at which the camera captured the frame, carried on the frame's packets so the station can
 * measure glass-to-glass latency. Only the first 8 bytes (the capture time) are read; the optional
 * clock offset that may follow is ignored.
 */
final class AbsCaptureTime {
  private AbsCaptureTime() {}

  /**
   * Offset of the 8-byte capture time in {@code p}'s buffer, or -1 if the packet has no such
   * extension (or one too short to hold it).
   */
  static int find(RtpPacket p, int extensionId) {
    long found = p.findExtension(extensionId);
    if (found >= 0 && (found & 0xFFFF) >= 8) {
      return (int) (found >>> 16);
    }
    return -1;
  }

  /** The 64-bit NTP value at {@code offset} (as returned by {@link #find}). */
  static long ntpAt(byte[] buffer, int offset) {
    return (RtpPacket.u32(buffer, offset) << 32) | RtpPacket.u32(buffer, offset + 4);
  }

  /**
   * The frame's capture time in Unix epoch microseconds, from the first of its packets that carries
   * one (ours puts it on the first packet only; others may repeat it), or -1 if none does.
   */
  static long epochMicros(BufferedPacket[] frame) {
    for (BufferedPacket p : frame) {
      if (p.hasCapture) {
        return NtpTime.toEpochMicros(p.captureNtp);
      }
    }
    return -1;
  }
}
