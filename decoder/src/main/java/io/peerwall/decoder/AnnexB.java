package io.peerwall.decoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Annex B byte streams: finds NAL units between start codes and classifies them per codec.
 *
 * <p>Everything that moves access units around (encoder, replay, depacketizer, recorder, decoder)
 * needs the same two questions answered cheaply: "where are the NAL units" and "is this a keyframe
 * / a parameter set". Keeping the rules for H.264 and H.265 in one place avoids each module growing
 * its own slightly different start-code scanner.
 */
public final class AnnexB {

  /** H.264 (ITU-T H.264 table 7-1) NAL unit types we care about. */
  static final int H264_IDR = 5;

  static final int H264_SPS = 7;
  static final int H264_PPS = 8;
  static final int H264_AUD = 9;

  /** H.265 (ITU-T H.265 table 7-1) NAL unit types we care about. */
  static final int H265_IRAP_FIRST = 16; // BLA_W_LP

  static final int H265_IRAP_LAST = 21; // CRA_NUT; 22 and 23 are reserved IRAP types
  static final int H265_VPS = 32;
  static final int H265_SPS = 33;
  static final int H265_PPS = 34;
  static final int H265_AUD = 35;

  /** The start code every access unit in PeerWall uses (AccessUnit's contract). */
  static final byte[] START_CODE = {0, 0, 0, 1};

  private AnnexB() {}

  /**
   * Position of one NAL unit inside an Annex B buffer.
   *
   * @param offset index of the NAL header byte (just after the start code)
   * @param length bytes of the NAL unit, header included, start code and trailing zeros excluded
   */
  public record NalUnit(int offset, int length) {}

  /**
   * Splits an Annex B buffer into NAL units. Bytes before the first start code are ignored (they
   * cannot be decoded), as are zero bytes between units (trailing_zero_8bits, or the first byte of
   * a 4-byte start code). Never throws on malformed input: garbage simply yields odd or no units.
   */
  public static List<NalUnit> split(byte[] data) {
    List<NalUnit> units = new ArrayList<>(4);
    int begin = findStartCode(data, 0);
    while (begin >= 0) {
      int payload = begin + 3;
      int next = findStartCode(data, payload);
      int end = next < 0 ? data.length : next;
      // A NAL unit never ends in 0x00 (rbsp_trailing_bits), so trailing zeros belong to the gap.
      while (end > payload && data[end - 1] == 0) {
        end--;
      }
      if (end > payload) {
        units.add(new NalUnit(payload, end - payload));
      }
      begin = next;
    }
    return units;
  }

  /** Index of the next 00 00 01 at or after {@code from}, or -1. */
  static int findStartCode(byte[] data, int from) {
    int last = data.length - 3;
    int i = from;
    while (i <= last) {
      // Skip ahead quickly: a start code needs data[i+2] == 1 and data[i+1] == 0.
      byte third = data[i + 2];
      if (third > 1 || third < 0) {
        i += 3;
      } else if (third == 0) {
        i += 1;
      } else if (data[i + 1] != 0) {
        i += 2;
      } else if (data[i] != 0) {
        i += 1;
      } else {
        return i;
      }
    }
    return -1;
  }

  /** The NAL unit type encoded in the first header byte (H.264 and H.265 only). */
  public static int nalType(VideoCodec codec, byte header) {
    return codec == VideoCodec.H264 ? header & 0x1f : (header >> 1) & 0x3f;
  }

  /** Whether a NAL unit of this type lets a decoder start (H.264 IDR, H.265 IRAP). */
  public static boolean isKeyframeNal(VideoCodec codec, int type) {
    if (!codec.usesNalUnits()) {
      return false;
    }
    return codec == VideoCodec.H264
        ? type == H264_IDR
        : type >= H265_IRAP_FIRST && type <= H265_IRAP_LAST;
  }

  /** Whether a NAL unit of this type is a parameter set (H.264 SPS/PPS, H.265 VPS/SPS/PPS). */
  public static boolean isParameterSet(VideoCodec codec, int type) {
    if (!codec.usesNalUnits()) {
      return false;
    }
    return codec == VideoCodec.H264
        ? type == H264_SPS || type == H264_PPS
        : type == H265_VPS || type == H265_SPS || type == H265_PPS;
  }

  /** Whether a NAL unit of this type is an access unit delimiter, which must stay first. */
  static boolean isAccessUnitDelimiter(VideoCodec codec, int type) {
    if (!codec.usesNalUnits()) {
      return false;
    }
    return codec == VideoCodec.H264 ? type == H264_AUD : type == H265_AUD;
  }

  /**
   * Whether the buffer holds a NAL unit a decoder can start from. For codecs without NAL units
   * (VP8, VP9, AV1) this answers the same question from their frame headers ({@link
   * CodedFrames#isKeyframe}).
   */
  public static boolean containsKeyframe(VideoCodec codec, byte[] data) {
    if (!codec.usesNalUnits()) {
      return CodedFrames.isKeyframe(codec, data);
    }
    return containsNalKeyframe(codec, data);
  }

  static boolean containsNalKeyframe(VideoCodec codec, byte[] data) {
    for (NalUnit nal : split(data)) {
      if (isKeyframeNal(codec, nalType(codec, data[nal.offset()]))) {
        return true;
      }
    }
    return false;
  }
}
