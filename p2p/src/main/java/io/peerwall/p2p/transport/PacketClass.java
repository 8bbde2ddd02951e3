package io.peerwall.p2p.transport;

/**
 * RFC 7983 (updating RFC 5764 §5.1.2) demultiplexing of everything that shares one ICE component:
 * the first byte of a datagram says which protocol it belongs to.
 *
 * <pre>
 *   [0..3]     STUN           (ice4j consumes these before we see them)
 *   [16..19]   ZRTP
 *   [20..63]   DTLS           (later issue: DTLS-SRTP handshake)
 *   [64..79]   TURN channel
 *   [128..191] RTP / RTCP     (told apart by RFC 5761 §4: see {@link #isRtcp})
 * </pre>
 */
public enum PacketClass {
  STUN,
  ZRTP,
  DTLS,
  TURN_CHANNEL,
  RTP,
  RTCP,
  UNKNOWN;

  /** Classifies a datagram; never throws (empty or short input is {@link #UNKNOWN}). */
  public static PacketClass classify(byte[] buf, int off, int len) {
    if (buf == null || len <= 0 || off < 0 || off + len > buf.length) {
      return UNKNOWN;
    }
    int b = buf[off] & 0xFF;
    if (b <= 3) {
      return STUN;
    }
    if (b >= 16 && b <= 19) {
      return ZRTP;
    }
    if (b >= 20 && b <= 63) {
      return DTLS;
    }
    if (b >= 64 && b <= 79) {
      return TURN_CHANNEL;
    }
    if (b >= 128 && b <= 191) {
      if (len < 2) {
        return UNKNOWN;
      }
      return isRtcp(buf[off + 1]) ? RTCP : RTP;
    }
    return UNKNOWN;
  }

  /**
   * RFC 5761 §4: with RTP and RTCP multiplexed, the second byte of RTCP packets (packet type
   * 192..223) never collides with the marker bit + payload type of RTP using dynamic types 96..127.
   */
  public static boolean isRtcp(byte secondByte) {
    int pt = secondByte & 0xFF;
    return pt >= 192 && pt <= 223;
  }
}
