package io.peerwall.decoder;

/**
 * Answers "can a decoder start at this access unit?" for every {@link VideoCodec}, from the first
 * bytes of the unit alone.
 *
 * <p>Why not trust the sender's keyframe flag: a depacketizer, a file or a fuzzer may get it wrong,
 * and a decoder that starts on a non-keyframe shows garbage. The checks read only the frame
 * headers, so they cost a few byte reads (H.264/H.265 scan the NAL units, see {@link AnnexB}).
 * Malformed input yields false, never an exception.
 */
public final class CodedFrames {

  // AV1 OBU types (AV1 spec section 6.2.2).
  private static final int OBU_SEQUENCE_HEADER = 1;
  private static final int OBU_FRAME_HEADER = 3;
  private static final int OBU_FRAME = 6;

  private CodedFrames() {}

  /** Whether a decoder can start decoding at {@code data}, an access unit of {@code codec}. */
  public static boolean isKeyframe(VideoCodec codec, byte[] data) {
    if (data == null || data.length == 0) {
      return false;
    }
    return switch (codec) {
      case H264, H265 -> AnnexB.containsNalKeyframe(codec, data);
      case VP8 -> isVp8Keyframe(data);
      case VP9 -> isVp9Keyframe(data);
      case AV1 -> isAv1Keyframe(data);
    };
  }

  /**
   * VP8 (RFC 6386 section 9.1): bit 0 of the frame tag is 0 for a key frame, and a key frame
   * carries the start code 9d 01 2a after the 3-byte tag.
   */
  static boolean isVp8Keyframe(byte[] data) {
    return data.length >= 10
        && (data[0] & 1) == 0
        && (data[3] & 0xff) == 0x9d
        && (data[4] & 0xff) == 0x01
        && (data[5] & 0xff) == 0x2a;
  }

  /**
   * VP9 (bitstream spec section 6.2, uncompressed header): frame_marker (2 bits, = 2), profile (2
   * bits, plus a reserved bit for profile 3), show_existing_frame (1 bit), frame_type (1 bit, 0 =
   * KEY_FRAME), then the sync code 49 83 42. In a superframe the first frame decides.
   */
  static boolean isVp9Keyframe(byte[] data) {
    BitReader bits = new BitReader(data, 0, data.length);
    if (bits.read(2) != 2) {
      return false;
    }
    int profile = bits.read(1) | (bits.read(1) << 1);
    if (profile == 3) {
      bits.read(1); // reserved_zero
    }
    if (bits.read(1) == 1) {
      return false; // show_existing_frame: repeats a decoded frame, needs references
    }
    if (bits.read(1) != 0) {
      return false;
    }
    bits.read(2); // show_frame, error_resilient_mode
    return bits.read(8) == 0x49 && bits.read(8) == 0x83 && bits.read(8) == 0x42;
  }

  /**
   * AV1 (low-overhead bitstream format, spec section 5): a random access point holds a sequence
   * header OBU and a frame whose header starts with show_existing_frame = 0 and frame_type =
   * KEY_FRAME (0). Encoders repeat the sequence header with every key frame, and a decoder cannot
   * start without one, so both are required.
   */
  static boolean isAv1Keyframe(byte[] data) {
    boolean sequenceHeader = false;
    int position = 0;
    while (position < data.length) {
      int header = data[position] & 0xff;
      if ((header & 0x80) != 0) {
        return false; // forbidden bit
      }
      int type = (header >> 3) & 0x0f;
      boolean extension = (header & 0x04) != 0;
      boolean hasSize = (header & 0x02) != 0;
      int payload = position + 1 + (extension ? 1 : 0);
      long size;
      if (hasSize) {
        long value = 0;
        int shift = 0;
        while (true) {
          if (payload >= data.length || shift > 56) {
            return false;
          }
          int b = data[payload++] & 0xff;
          value |= (long) (b & 0x7f) << shift;
          shift += 7;
          if ((b & 0x80) == 0) {
            break;
          }
        }
        size = value;
      } else {
        size = data.length - payload; // the last OBU may omit its size
      }
      if (payload > data.length || size > data.length - payload) {
        return false;
      }
      if (type == OBU_SEQUENCE_HEADER) {
        sequenceHeader = true;
      } else if (type == OBU_FRAME || type == OBU_FRAME_HEADER) {
        if (size < 1) {
          return false;
        }
        int first = data[payload] & 0xff;
        boolean showExisting = (first & 0x80) != 0;
        int frameType = (first >> 5) & 0x03;
        return sequenceHeader && !showExisting && frameType == 0;
      }
      position = (int) (payload + size);
    }
    return false;
  }

  /** Reads bits most significant first; past the end it reads zeros. */
  private static final class BitReader {
    private final byte[] data;
    private final int end;
    private long bitPosition;

    BitReader(byte[] data, int offset, int end) {
      this.data = data;
      this.end = end;
      this.bitPosition = (long) offset * 8;
    }

    int read(int count) {
      int value = 0;
      for (int i = 0; i < count; i++) {
        int index = (int) (bitPosition >> 3);
        int bit = index < end ? (data[index] >> (7 - (int) (bitPosition & 7))) & 1 : 0;
        value = (value << 1) | bit;
        bitPosition++;
      }
      return value;
    }
  }
}
