package io.peerwall.recorder;

import io.peerwall.decoder.AnnexB;
import io.peerwall.decoder.VideoCodec;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The codec configuration of a keyframe: its parameter sets (H.264 SPS/PPS, H.265 VPS/SPS/PPS) as
 * Annex B, and the picture size read from the SPS. Two keyframes with equal parameter sets can be
 * in one segment; a change starts a new segment with a new {@code video_params} row.
 *
 * @param width coded width after cropping, 0 if the SPS could not be parsed
 * @param height coded height after cropping, 0 if the SPS could not be parsed
 */
public record ParameterSets(VideoCodec codec, byte[] annexB, int width, int height) {

  private static final byte[] START = {0, 0, 0, 1};

  /** The parameter sets of a keyframe (empty when it carries none). */
  public static ParameterSets of(VideoCodec codec, byte[] keyframe) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    int width = 0;
    int height = 0;
    for (AnnexB.NalUnit nal : AnnexB.split(keyframe)) {
      int type = AnnexB.nalType(codec, keyframe[nal.offset()]);
      if (!AnnexB.isParameterSet(codec, type)) {
        continue;
      }
      out.write(START, 0, START.length);
      out.write(keyframe, nal.offset(), nal.length());
      boolean sps = codec == VideoCodec.H264 ? type == 7 : type == 33;
      if (sps && width == 0) {
        int[] size = pictureSize(codec, keyframe, nal.offset(), nal.length());
        width = size[0];
        height = size[1];
      }
    }
    return new ParameterSets(codec, out.toByteArray(), width, height);
  }

  public boolean isEmpty() {
    return annexB.length == 0;
  }

  /** Same codec and same parameter set bytes. */
  public boolean sameAs(ParameterSets other) {
    return other != null && codec == other.codec && Arrays.equals(annexB, other.annexB);
  }

  /** {width, height} from an SPS NAL unit (header included); {0, 0} when it cannot be read. */
  static int[] pictureSize(VideoCodec codec, byte[] data, int offset, int length) {
    try {
      Bits bits = new Bits(unescape(data, offset, length));
      return codec == VideoCodec.H264 ? h264Size(bits) : h265Size(bits);
    } catch (RuntimeException e) {
      return new int[] {0, 0};
    }
  }

  private static int[] h264Size(Bits b) {
    b.skip(8); // NAL header
    int profile = b.read(8);
    b.skip(16); // constraint flags, level
    b.ue(); // seq_parameter_set_id
    int chromaFormat = 1;
    boolean separatePlanes = false;
    if (profile == 100
        || profile == 110
        || profile == 122
        || profile == 244
        || profile == 44
        || profile == 83
        || profile == 86
        || profile == 118
        || profile == 128
        || profile == 138
        || profile == 139
        || profile == 134
        || profile == 135) {
      chromaFormat = b.ue();
      if (chromaFormat == 3) {
        separatePlanes = b.read(1) == 1;
      }
      b.ue(); // bit_depth_luma_minus8
      b.ue(); // bit_depth_chroma_minus8
      b.skip(1);
      if (b.read(1) == 1) {
        for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
          if (b.read(1) == 1) {
            skipScalingList(b, i < 6 ? 16 : 64);
          }
        }
      }
    }
    b.ue(); // log2_max_frame_num_minus4
    int pocType = b.ue();
    if (pocType == 0) {
      b.ue();
    } else if (pocType == 1) {
      b.skip(1);
      b.se();
      b.se();
      int cycle = b.ue();
      for (int i = 0; i < cycle; i++) {
        b.se();
      }
    }
    b.ue(); // max_num_ref_frames
    b.skip(1);
    int widthMbs = b.ue() + 1;
    int heightMapUnits = b.ue() + 1;
    int frameMbsOnly = b.read(1);
    if (frameMbsOnly == 0) {
      b.skip(1);
    }
    b.skip(1); // direct_8x8_inference_flag
    int width = widthMbs * 16;
    int height = (2 - frameMbsOnly) * heightMapUnits * 16;
    if (b.read(1) == 1) {
      int left = b.ue();
      int right = b.ue();
      int top = b.ue();
      int bottom = b.ue();
      int chromaArray = separatePlanes ? 0 : chromaFormat;
      int cropX = chromaArray == 0 ? 1 : (chromaFormat == 3 ? 1 : 2);
      int cropY = (chromaArray == 0 ? 1 : (chromaFormat == 1 ? 2 : 1)) * (2 - frameMbsOnly);
      width -= cropX * (left + right);
      height -= cropY * (top + bottom);
    }
    return new int[] {width, height};
  }

  private static void skipScalingList(Bits b, int size) {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size; j++) {
      if (next != 0) {
        next = (last + b.se() + 256) % 256;
      }
      last = next == 0 ? last : next;
    }
  }

  private static int[] h265Size(Bits b) {
    b.skip(16); // NAL header
    b.skip(4);
    int maxSubLayersMinus1 = b.read(3);
    b.skip(1);
    b.skip(96); // general profile_tier_level
    boolean[] profilePresent = new boolean[8];
    boolean[] levelPresent = new boolean[8];
    for (int i = 0; i < maxSubLayersMinus1; i++) {
      profilePresent[i] = b.read(1) == 1;
      levelPresent[i] = b.read(1) == 1;
    }
    if (maxSubLayersMinus1 > 0) {
      b.skip(2 * (8 - maxSubLayersMinus1));
    }
    for (int i = 0; i < maxSubLayersMinus1; i++) {
      b.skip((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
    }
    b.ue(); // sps_seq_parameter_set_id
    int chromaFormat = b.ue();
    if (chromaFormat == 3) {
      b.skip(1);
    }
    int width = b.ue();
    int height = b.ue();
    if (b.read(1) == 1) {
      int subW = chromaFormat == 1 || chromaFormat == 2 ? 2 : 1;
      int subH = chromaFormat == 1 ? 2 : 1;
      int left = b.ue();
      int right = b.ue();
      int top = b.ue();
      int bottom = b.ue();
      width -= subW * (left + right);
      height -= subH * (top + bottom);
    }
    return new int[] {width, height};
  }

  /** Removes emulation prevention bytes (00 00 03 -> 00 00). */
  private static byte[] unescape(byte[] data, int offset, int length) {
    byte[] out = new byte[length];
    int n = 0;
    int zeros = 0;
    for (int i = offset; i < offset + length; i++) {
      byte v = data[i];
      if (zeros >= 2 && v == 3) {
        zeros = 0;
        continue;
      }
      zeros = v == 0 ? zeros + 1 : 0;
      out[n++] = v;
    }
    return Arrays.copyOf(out, n);
  }

  /** Exp-Golomb bit reader; reading past the end throws. */
  private static final class Bits {
    private final byte[] data;
    private long position;

    Bits(byte[] data) {
      this.data = data;
    }

    int read(int count) {
      int value = 0;
      for (int i = 0; i < count; i++) {
        int index = (int) (position >> 3);
        if (index >= data.length) {
          throw new IllegalArgumentException("SPS too short");
        }
        value = (value << 1) | ((data[index] >> (7 - (int) (position & 7))) & 1);
        position++;
      }
      return value;
    }

    void skip(int count) {
      position += count;
    }

    int ue() {
      int zeros = 0;
      while (read(1) == 0) {
        if (++zeros > 31) {
          throw new IllegalArgumentException("bad exp-Golomb code");
        }
      }
      return (int) ((1L << zeros) - 1 + (zeros == 0 ? 0 : read(zeros) & 0xFFFFFFFFL));
    }

    int se() {
      int k = ue();
      return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
  }
}
