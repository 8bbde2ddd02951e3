package io.peerwall.decoder;

/**
 * Video codecs the media core understands.
 *
 * <p>H.264 and H.265 travel as Annex B byte streams (NAL units behind start codes, see {@link
 * AnnexB}); they are what cameras send, and the only codecs recordings and RTSP passthrough carry.
 * VP8, VP9 and AV1 are decoded when the FFmpeg build has a decoder for them ({@link
 * StreamDecoder#isSupported}); their access units hold one frame as the codec defines it (VP8/VP9
 * frame or superframe, AV1 temporal unit of OBUs in the low-overhead format), see {@link
 * CodedFrames}.
 */
public enum VideoCodec {
  H264,
  H265,
  VP8,
  VP9,
  AV1;

  /** Whether access units are Annex B NAL unit streams with parameter sets (H.264, H.265). */
  public boolean usesNalUnits() {
    return this == H264 || this == H265;
  }

  /** The short lower-case name people and FFmpeg use ("h264", "hevc", "vp8", "vp9", "av1"). */
  public String ffmpegName() {
    return switch (this) {
      case H264 -> "h264";
      case H265 -> "hevc";
      case VP8 -> "vp8";
      case VP9 -> "vp9";
      case AV1 -> "av1";
    };
  }
}
