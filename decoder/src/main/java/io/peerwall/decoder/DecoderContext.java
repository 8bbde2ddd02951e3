package io.peerwall.decoder;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONKEY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The native side of one {@link StreamDecoder}: chooses the FFmpeg decoder for the codec, opens a
 * codec context configured from {@link DecoderOptions}, allocates the one packet and one frame that
 * are reused for every unit, and frees them all. Kept apart so the decoder itself is only about
 * feeding units and taking pictures.
 *
 * <p>Not thread-safe; the owning decoder's lock guards it.
 */
final class DecoderContext implements AutoCloseable {

  // From libavcodec/avcodec.h; the Java presets do not export these macros.
  private static final int FF_THREAD_FRAME = 1;
  private static final int FF_THREAD_SLICE = 2;

  /**
   * FFmpeg decoders per codec, best first. AV1 lists only software decoders: FFmpeg's native "av1"
   * decoder opens without hardware but then fails on every frame.
   */
  private static final Map<VideoCodec, List<String>> DECODER_NAMES =
      new EnumMap<>(VideoCodec.class);

  static {
    DECODER_NAMES.put(VideoCodec.H264, List.of("h264"));
    DECODER_NAMES.put(VideoCodec.H265, List.of("hevc"));
    DECODER_NAMES.put(VideoCodec.VP8, List.of("vp8", "libvpx"));
    DECODER_NAMES.put(VideoCodec.VP9, List.of("vp9", "libvpx-vp9"));
    DECODER_NAMES.put(VideoCodec.AV1, List.of("libdav1d", "libaom-av1"));
  }

  final AVCodecContext context;
  final AVFrame frame;
  final AVPacket packet;
  // The AVFrame's own data/linesize arrays (fixed addresses for the frame's lifetime), fetched once
  // because each call allocates a Java object.
  final PointerPointer<?> framePlanes;
  final IntPointer frameStrides;
  private boolean closed;

  /**
   * Opens a decoder context and its buffers; on failure nothing is left allocated.
   *
   * @throws IllegalStateException if FFmpeg has no decoder for the codec or cannot open it
   */
  DecoderContext(VideoCodec codec, DecoderOptions options) {
    context = openContext(codec, options);
    frame = av_frame_alloc();
    packet = av_packet_alloc();
    if (frame == null || packet == null) {
      free(frame, packet, context);
      throw new IllegalStateException("out of memory allocating decoder buffers");
    }
    framePlanes = frame.data();
    frameStrides = frame.linesize();
  }

  /** The first decoder for {@code codec} this FFmpeg build has, or null. */
  static String decoderName(VideoCodec codec) {
    for (String name : DECODER_NAMES.get(Objects.requireNonNull(codec, "codec"))) {
      if (avcodec_find_decoder_by_name(name) != null) {
        return name;
      }
    }
    return null;
  }

  /** Allocates and opens the codec context; frees it again if it cannot be opened. */
  private static AVCodecContext openContext(VideoCodec codec, DecoderOptions options) {
    String name = decoderName(codec);
    AVCodec decoder = name == null ? null : avcodec_find_decoder_by_name(name);
    if (decoder == null) {
      throw new IllegalStateException(
          "this FFmpeg build has no "
              + codec
              + " decoder (tried "
              + String.join(", ", DECODER_NAMES.get(codec))
              + ")");
    }
    AVCodecContext context = avcodec_alloc_context3(decoder);
    if (context == null) {
      throw new IllegalStateException("out of memory allocating a decoder context");
    }
    context.thread_count(options.threadCount());
    // Low delay turns frame threading off inside FFmpeg anyway; say so explicitly.
    context.thread_type(options.lowDelay() ? FF_THREAD_SLICE : FF_THREAD_FRAME | FF_THREAD_SLICE);
    if (options.lowDelay()) {
      context.flags(context.flags() | AV_CODEC_FLAG_LOW_DELAY);
    }
    if (options.keyframesOnly()) {
      context.skip_frame(AVDISCARD_NONKEY);
    }
    // Packets carry microseconds; decoded pictures then do too. Set in place: av_make_q would
    // allocate a native AVRational that only the garbage collector frees.
    context.pkt_timebase().num(1).den(1_000_000);
    // A lossy stream makes FFmpeg log errors at frame rate to stderr. We report them through
    // DecodeStatus and our own rate-limited log, so push this context's messages to debug level.
    context.log_level_offset(AV_LOG_DEBUG - AV_LOG_ERROR);
    int result = avcodec_open2(context, decoder, (PointerPointer<?>) null);
    if (result < 0) {
      avcodec_free_context(context);
      throw new IllegalStateException(
          "cannot open the " + codec + " decoder: " + AvErrors.describe(result));
    }
    return context;
  }

  /** Frees the frame, the packet and the context, in that order. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      free(frame, packet, context);
    }
  }

  private static void free(AVFrame frame, AVPacket packet, AVCodecContext context) {
    if (frame != null) {
      av_frame_free(frame);
    }
    if (packet != null) {
      av_packet_free(packet);
    }
    avcodec_free_context(context);
  }
}
