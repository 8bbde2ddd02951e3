package io.peerwall.decoder.demux;

import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_flush;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_get_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_init;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_send_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;

import io.peerwall.decoder.VideoCodec;
import org.bytedeco.ffmpeg.avcodec.AVBSFContext;
import org.bytedeco.ffmpeg.avcodec.AVBitStreamFilter;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;

/**
 * FFmpeg's {@code h264_mp4toannexb} or {@code hevc_mp4toannexb} bitstream filter for one stream of
 * a {@link MediaInput}: turns length-prefixed NAL units (MP4, MKV) into Annex B, and passes Annex B
 * input through unchanged. Owns the native filter context; {@link #close()} frees it.
 */
final class AnnexBFilter implements AutoCloseable {

  private AVBSFContext context = new AVBSFContext(null);
  private byte[] extradata;

  private AnnexBFilter() {}

  /**
   * Sets up the filter for {@code stream}; on failure nothing is left allocated.
   *
   * @param codec H.264 or H.265
   * @param interrupter says whether a failure was an abort or a timeout, for the message
   * @throws InputException naming {@code displayName} if FFmpeg lacks the filter or cannot set it
   *     up
   */
  static AnnexBFilter open(
      AVStream stream, VideoCodec codec, String displayName, IoInterrupter interrupter)
      throws InputException {
    String name = codec == VideoCodec.H264 ? "h264_mp4toannexb" : "hevc_mp4toannexb";
    AVBitStreamFilter filter = av_bsf_get_by_name(name);
    if (filter == null) {
      throw new InputException(displayName, "this FFmpeg build has no " + name + " filter");
    }
    AnnexBFilter annexB = new AnnexBFilter();
    try {
      AVBSFContext context = annexB.context;
      check(av_bsf_alloc(filter, context), "allocate " + name, displayName, interrupter);
      check(
          avcodec_parameters_copy(context.par_in(), stream.codecpar()),
          "copy parameters",
          displayName,
          interrupter);
      context.time_base_in(stream.time_base());
      check(av_bsf_init(context), "initialise " + name, displayName, interrupter);
      AVCodecParameters out = context.par_out();
      if (out.extradata_size() > 0) {
        annexB.extradata = new byte[out.extradata_size()];
        out.extradata().get(annexB.extradata);
      }
      return annexB;
    } catch (InputException | RuntimeException e) {
      annexB.close();
      throw e;
    }
  }

  private static void check(int result, String what, String displayName, IoInterrupter interrupter)
      throws InputException {
    if (result < 0) {
      throw new InputException(
          displayName + ": cannot " + what, interrupter.describe(result), result);
    }
  }

  /**
   * The stream's extradata after the filter, i.e. in Annex B: the parameter sets for the first
   * keyframe. Null if the stream has none.
   */
  byte[] extradata() {
    return extradata;
  }

  /** {@code av_bsf_receive_packet}: 0 with a packet in {@code out}, EAGAIN, EOF or an error. */
  int receive(AVPacket out) {
    return av_bsf_receive_packet(context, out);
  }

  /** {@code av_bsf_send_packet}; a null packet flushes the filter, which then reports EOF. */
  int send(AVPacket in) {
    return av_bsf_send_packet(context, in);
  }

  /** Drops what the filter holds, after a seek. */
  void flush() {
    av_bsf_flush(context);
  }

  /** Frees the filter context. Idempotent. */
  @Override
  public void close() {
    if (context != null) {
      av_bsf_free(context);
      context = null;
    }
  }
}
