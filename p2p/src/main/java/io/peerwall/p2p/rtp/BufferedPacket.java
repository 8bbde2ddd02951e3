package io.peerwall.p2p.rtp;

/**
 * One RTP packet as the depacketizer holds it while its frame is incomplete: a copy of the payload
 * (the receive buffer is reused for the next datagram) and only the header fields framing needs.
 */
final class BufferedPacket {
  final long ext; // extended sequence number
  final long timestamp;
  // What makes packets one frame: the timestamp and the payload type (in bits 32..38).
  final long frameKey;
  final boolean marker;
  final byte[] payload;
  final boolean hasCapture;
  final long captureNtp;

  BufferedPacket(
      long ext,
      long timestamp,
      int payloadType,
      boolean marker,
      byte[] payload,
      boolean hasCapture,
      long ntp) {
    this.ext = ext;
    this.timestamp = timestamp;
    this.frameKey = frameKey(timestamp, payloadType);
    this.marker = marker;
    this.payload = payload;
    this.hasCapture = hasCapture;
    this.captureNtp = ntp;
  }

  /**
   * Timestamp and payload type in one long, so that a change of either ends a frame: the camera may
   * switch the session to another stream at any frame boundary (decision 0035).
   */
  static long frameKey(long timestamp, int payloadType) {
    return ((long) (payloadType & 0x7F) << 32) | (timestamp & 0xFFFF_FFFFL);
  }

  int payloadType() {
    return (int) (frameKey >>> 32);
  }

  /** Whether a frame can start with this packet: a single NAL, a STAP-A or an FU-A start. */
  boolean isFrameStart() {
    if (payload.length == 0) {
      return false;
    }
    int t = payload[0] & 0x1F;
    if (t >= 1 && t <= 24) {
      return true;
    }
    return t == 28 && payload.length > 1 && (payload[1] & 0x80) != 0;
  }
}
