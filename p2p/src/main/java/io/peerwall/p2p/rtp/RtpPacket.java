package io.peerwall.p2p.rtp;

/**
 * A parsed, read-only view of one RTP packet (RFC 3550 §5.1) over a caller-owned byte array: no
 * copying, so it is only valid until the array is reused.
 *
 * <p>{@link #parse} is bounded and defensive: any structural problem (short packet, version not 2,
 * CSRC list or header extension running past the end, bad padding) yields {@code null} and reports
 * the {@link Error}; it never throws.
 */
public final class RtpPacket {
  /** Why a datagram is not a well-formed RTP packet. */
  public enum Error {
    SHORT,
    BAD_VERSION,
    CSRC_OVERFLOW,
    EXTENSION_OVERFLOW,
    BAD_PADDING
  }

  /** Receives the reason a packet was rejected. */
  @FunctionalInterface
  public interface ErrorSink {
    void onError(Error error);
  }

  public static final int FIXED_HEADER = 12;

  /** RFC 8285 one-byte header extension profile. */
  public static final int PROFILE_ONE_BYTE = 0xBEDE;

  /** RFC 8285 two-byte header extension profile (low 4 bits are app bits). */
  public static final int PROFILE_TWO_BYTE = 0x1000;

  private final byte[] buf;
  private final int offset;
  private final int length;
  private final boolean marker;
  private final int payloadType;
  private final int sequenceNumber;
  private final long timestamp;
  private final long ssrc;
  private final int csrcCount;
  private final int extProfile; // -1 if none
  private final int extOffset;
  private final int extLength;
  private final int payloadOffset;
  private final int payloadLength;

  private RtpPacket(
      byte[] buf,
      int offset,
      int length,
      boolean marker,
      int payloadType,
      int sequenceNumber,
      long timestamp,
      long ssrc,
      int csrcCount,
      int extProfile,
      int extOffset,
      int extLength,
      int payloadOffset,
      int payloadLength) {
    this.buf = buf;
    this.offset = offset;
    this.length = length;
    this.marker = marker;
    this.payloadType = payloadType;
    this.sequenceNumber = sequenceNumber;
    this.timestamp = timestamp;
    this.ssrc = ssrc;
    this.csrcCount = csrcCount;
    this.extProfile = extProfile;
    this.extOffset = extOffset;
    this.extLength = extLength;
    this.payloadOffset = payloadOffset;
    this.payloadLength = payloadLength;
  }

  /** Parses, returning null for anything malformed. */
  public static RtpPacket parse(byte[] buf, int off, int len) {
    return parse(buf, off, len, null);
  }

  /** Parses, returning null for anything malformed and telling {@code errors} why. */
  public static RtpPacket parse(byte[] buf, int off, int len, ErrorSink errors) {
    if (buf == null || off < 0 || len < FIXED_HEADER || off > buf.length - len) {
      return fail(errors, Error.SHORT);
    }
    int b0 = buf[off] & 0xFF;
    if ((b0 >>> 6) != 2) {
      return fail(errors, Error.BAD_VERSION);
    }
    boolean padding = (b0 & 0x20) != 0;
    boolean extension = (b0 & 0x10) != 0;
    int cc = b0 & 0x0F;
    int b1 = buf[off + 1] & 0xFF;
    int pos = FIXED_HEADER + 4 * cc;
    if (pos > len) {
      return fail(errors, Error.CSRC_OVERFLOW);
    }
    int extProfile = -1;
    int extOffset = 0;
    int extLength = 0;
    if (extension) {
      if (pos + 4 > len) {
        return fail(errors, Error.EXTENSION_OVERFLOW);
      }
      extProfile = u16(buf, off + pos);
      int words = u16(buf, off + pos + 2);
      extOffset = off + pos + 4;
      extLength = 4 * words;
      pos += 4 + extLength;
      if (pos > len) {
        return fail(errors, Error.EXTENSION_OVERFLOW);
      }
    }
    int end = len;
    if (padding) {
      int pad = buf[off + len - 1] & 0xFF;
      if (pad == 0 || pad > len - pos) {
        return fail(errors, Error.BAD_PADDING);
      }
      end -= pad;
    }
    return new RtpPacket(
        buf,
        off,
        len,
        (b1 & 0x80) != 0,
        b1 & 0x7F,
        u16(buf, off + 2),
        u32(buf, off + 4),
        u32(buf, off + 8),
        cc,
        extProfile,
        extOffset,
        extLength,
        off + pos,
        end - pos);
  }

  private static RtpPacket fail(ErrorSink errors, Error e) {
    if (errors != null) {
      errors.onError(e);
    }
    return null;
  }

  /**
   * Finds RFC 8285 header extension element {@code id} (one- or two-byte form).
   *
   * @return {@code (offset << 16) | length} of the element's data in {@link #buffer()}, or -1 if
   *     absent or the extension block is malformed
   */
  public long findExtension(int id) {
    if (extProfile < 0 || id <= 0) {
      return -1;
    }
    int i = extOffset;
    int end = extOffset + extLength;
    if (extProfile == PROFILE_ONE_BYTE) {
      if (id > 14) {
        return -1;
      }
      while (i < end) {
        int b = buf[i] & 0xFF;
        if (b == 0) {
          i++; // padding
          continue;
        }
        int eid = b >>> 4;
        int elen = (b & 0x0F) + 1;
        if (eid == 15) {
          return -1; // reserved: stop parsing
        }
        if (i + 1 + elen > end) {
          return -1;
        }
        if (eid == id) {
          return ((long) (i + 1) << 16) | elen;
        }
        i += 1 + elen;
      }
    } else if ((extProfile & 0xFFF0) == PROFILE_TWO_BYTE) {
      while (i < end) {
        int eid = buf[i] & 0xFF;
        if (eid == 0) {
          i++;
          continue;
        }
        if (i + 2 > end) {
          return -1;
        }
        int elen = buf[i + 1] & 0xFF;
        if (i + 2 + elen > end) {
          return -1;
        }
        if (eid == id) {
          return ((long) (i + 2) << 16) | elen;
        }
        i += 2 + elen;
      }
    }
    return -1;
  }

  static int u16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  static long u32(byte[] b, int i) {
    return ((long) (b[i] & 0xFF) << 24)
        | ((b[i + 1] & 0xFF) << 16)
        | ((b[i + 2] & 0xFF) << 8)
        | (b[i + 3] & 0xFF);
  }

  public byte[] buffer() {
    return buf;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  public boolean marker() {
    return marker;
  }

  public int payloadType() {
    return payloadType;
  }

  /** 16-bit sequence number. */
  public int sequenceNumber() {
    return sequenceNumber;
  }

  /** 32-bit timestamp as an unsigned value. */
  public long timestamp() {
    return timestamp;
  }

  /** 32-bit SSRC as an unsigned value. */
  public long ssrc() {
    return ssrc;
  }

  public int csrcCount() {
    return csrcCount;
  }

  public boolean hasExtension() {
    return extProfile >= 0;
  }

  public int payloadOffset() {
    return payloadOffset;
  }

  public int payloadLength() {
    return payloadLength;
  }
}
