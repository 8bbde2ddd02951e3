package io.peerwall.p2p.rtp;

/** Writes RTP fixed headers (RFC 3550) and the abs-capture-time extension (RFC 8285 one-byte). */
public final class RtpWriter {
  /** Bytes the abs-capture-time extension adds: 4 (profile+length) + 1 + 8 + 3 padding. */
  public static final int ABS_CAPTURE_TIME_EXT_BYTES = 16;

  private RtpWriter() {}

  /**
   * Writes a 12-byte header, plus a 16-byte one-byte-header extension block carrying
   * abs-capture-time when {@code withCaptureTime} is set.
   *
   * @return the header length written (12 or 28)
   */
  public static int writeHeader(
      byte[] dst,
      int off,
      boolean marker,
      int payloadType,
      int sequenceNumber,
      long timestamp,
      long ssrc,
      boolean withCaptureTime,
      int captureTimeExtId,
      long captureNtp) {
    dst[off] = (byte) (0x80 | (withCaptureTime ? 0x10 : 0));
    dst[off + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
    putU16(dst, off + 2, sequenceNumber);
    putU32(dst, off + 4, timestamp);
    putU32(dst, off + 8, ssrc);
    if (!withCaptureTime) {
      return RtpPacket.FIXED_HEADER;
    }
    int p = off + RtpPacket.FIXED_HEADER;
    putU16(dst, p, RtpPacket.PROFILE_ONE_BYTE);
    putU16(dst, p + 2, 3); // 12 bytes of elements
    dst[p + 4] = (byte) ((captureTimeExtId << 4) | (8 - 1));
    putU64(dst, p + 5, captureNtp);
    dst[p + 13] = 0;
    dst[p + 14] = 0;
    dst[p + 15] = 0;
    return RtpPacket.FIXED_HEADER + ABS_CAPTURE_TIME_EXT_BYTES;
  }

  /** Sets or clears the marker bit of an already written packet. */
  public static void setMarker(byte[] packet, int off, boolean marker) {
    packet[off + 1] = (byte) ((packet[off + 1] & 0x7F) | (marker ? 0x80 : 0));
  }

  static void putU16(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }

  static void putU32(byte[] b, int i, long v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }

  static void putU64(byte[] b, int i, long v) {
    putU32(b, i, v >>> 32);
    putU32(b, i + 4, v & 0xFFFF_FFFFL);
  }
}
