package io.peerwall.decoder.demux;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AV1;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP9;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;

import io.peerwall.decoder.VideoCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * What the container says about its video stream (codec, size, frame rate, time base), copied out
 * of FFmpeg's structures once at open so that {@link MediaInput}'s getters touch no native memory.
 */
final class VideoStreamInfo {

  /** The codec if it is one PeerWall passes through, else null. */
  final VideoCodec codec;

  /** FFmpeg's name of the codec, e.g. "h264", "mjpeg", "rawvideo". */
  final String codecName;

  final int width;
  final int height;

  /** Average frame rate the container declares; 0 if unknown. */
  final double frameRate;

  final long timeBaseNum;
  final long timeBaseDen;

  /**
   * @throws InputException naming {@code displayName} if the stream's time base is invalid
   */
  VideoStreamInfo(AVStream stream, String displayName) throws InputException {
    AVCodecParameters parameters = stream.codecpar();
    AVRational timeBase = stream.time_base();
    timeBaseNum = timeBase.num();
    timeBaseDen = timeBase.den();
    if (timeBaseNum <= 0 || timeBaseDen <= 0) {
      throw new InputException(displayName, "invalid time base");
    }
    codec = codecOf(parameters.codec_id());
    codecName = avcodec_get_name(parameters.codec_id()).getString();
    width = parameters.width();
    height = parameters.height();
    AVRational rate = stream.avg_frame_rate();
    if (rate.num() <= 0 || rate.den() <= 0) {
      rate = stream.r_frame_rate();
    }
    frameRate = rate.num() > 0 && rate.den() > 0 ? (double) rate.num() / rate.den() : 0;
  }

  static VideoCodec codecOf(int codecId) {
    if (codecId == AV_CODEC_ID_H264) {
      return VideoCodec.H264;
    } else if (codecId == AV_CODEC_ID_HEVC) {
      return VideoCodec.H265;
    } else if (codecId == AV_CODEC_ID_VP8) {
      return VideoCodec.VP8;
    } else if (codecId == AV_CODEC_ID_VP9) {
      return VideoCodec.VP9;
    } else if (codecId == AV_CODEC_ID_AV1) {
      return VideoCodec.AV1;
    }
    return null;
  }
}
