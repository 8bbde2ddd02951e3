package io.peerwall.decoder.source;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import io.peerwall.decoder.AvErrors;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes the packets of a capture device (raw YUYV, MJPEG...) to pictures for re-encoding. One
 * thread, no reordering. Not thread-safe; native memory is freed by {@link #close()}.
 */
final class PacketDecoder implements AutoCloseable {

  private AVCodecContext context;
  private AVFrame frame;

  /**
   * @throws IllegalStateException if FFmpeg has no decoder for the stream or cannot open it
   */
  PacketDecoder(AVCodecParameters parameters) {
    try {
      AVCodec codec = avcodec_find_decoder(parameters.codec_id());
      if (codec == null) {
        throw new IllegalStateException("no decoder for codec id " + parameters.codec_id());
      }
      context = avcodec_alloc_context3(codec);
      if (context == null) {
        throw new IllegalStateException("out of memory allocating a decoder");
      }
      check(avcodec_parameters_to_context(context, parameters), "copy the stream parameters");
      context.thread_count(1);
      // A webcam's occasional broken MJPEG frame is expected; keep FFmpeg's complaint at debug.
      context.log_level_offset(AV_LOG_DEBUG - AV_LOG_ERROR);
      check(avcodec_open2(context, codec, (PointerPointer<?>) null), "open the decoder");
      frame = av_frame_alloc();
      if (frame == null) {
        throw new IllegalStateException("out of memory allocating a frame");
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Decodes one packet and hands each resulting picture to {@code pictures} (valid only during the
   * call).
   *
   * @return false if the packet could not be decoded (a corrupt frame: skip it)
   */
  boolean decode(AVPacket packet, Consumer<AVFrame> pictures) {
    if (avcodec_send_packet(context, packet) < 0) {
      return false;
    }
    while (true) {
      int result = avcodec_receive_frame(context, frame);
      if (result == AVERROR_EAGAIN() || result < 0) {
        return result == AVERROR_EAGAIN() || result == 0;
      }
      try {
        pictures.accept(frame);
      } finally {
        av_frame_unref(frame);
      }
    }
  }

  private static void check(int result, String what) {
    if (result < 0) {
      throw new IllegalStateException("cannot " + what + ": " + AvErrors.describe(result));
    }
  }

  @Override
  public void close() {
    if (frame != null) {
      av_frame_free(frame);
      frame = null;
    }
    if (context != null) {
      avcodec_free_context(context);
      context = null;
    }
  }
}
