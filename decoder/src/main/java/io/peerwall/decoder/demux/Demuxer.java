package io.peerwall.decoder.demux;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BYTE;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The FFmpeg format context of one {@link MediaInput}: opens and probes the input with the {@link
 * InputOptions} (input format, demuxer options, open timeout through the interrupt callback), picks
 * its video stream and tells the demuxer to skip the others, then reads and seeks. Owns the native
 * context; {@link #close()} frees it.
 */
final class Demuxer implements AutoCloseable {

  private final String displayName;
  private final IoInterrupter interrupter;
  private AVFormatContext context;
  private int streamIndex = -1;

  private Demuxer(String displayName, IoInterrupter interrupter) {
    this.displayName = displayName;
    this.interrupter = interrupter;
  }

  /**
   * Opens {@code url} and finds its video stream; on failure nothing is left allocated.
   *
   * @param interrupter bounds and cancels the blocking calls; must outlive the demuxer
   * @throws InputException naming the input and FFmpeg's reason if it cannot be opened or has no
   *     video stream
   */
  static Demuxer open(
      String url, String displayName, InputOptions options, IoInterrupter interrupter)
      throws InputException {
    Demuxer demuxer = new Demuxer(displayName, interrupter);
    try {
      demuxer.openContext(url, options);
      return demuxer;
    } catch (InputException | RuntimeException e) {
      demuxer.close();
      throw e;
    }
  }

  private void openContext(String url, InputOptions options) throws InputException {
    AVInputFormat format = null;
    if (options.formatName() != null) {
      format = av_find_input_format(options.formatName());
      if (format == null) {
        throw new InputException(
            displayName, "this FFmpeg build has no '" + options.formatName() + "' input format");
      }
    }
    context = avformat_alloc_context();
    if (context == null) {
      throw new IllegalStateException("out of memory allocating a format context");
    }
    context.interrupt_callback().callback(interrupter);
    AVDictionary dictionary = new AVDictionary(null);
    try {
      for (Map.Entry<String, String> option : options.formatOptions().entrySet()) {
        av_dict_set(dictionary, option.getKey(), option.getValue(), 0);
      }
      interrupter.arm(options.openTimeout().toNanos());
      int result = avformat_open_input(context, url, format, dictionary);
      if (result < 0) {
        // avformat_open_input frees the context on failure and clears the pointer.
        context = null;
        throw new InputException(
            "cannot open " + displayName, interrupter.describe(result), result);
      }
    } finally {
      av_dict_free(dictionary);
    }
    interrupter.arm(options.openTimeout().toNanos());
    int result = avformat_find_stream_info(context, (PointerPointer<?>) null);
    if (result < 0) {
      throw new InputException(
          "cannot read the streams of " + displayName, interrupter.describe(result), result);
    }
    streamIndex =
        av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
    if (streamIndex < 0) {
      throw new InputException(displayName, "no video stream");
    }
    for (int i = 0; i < context.nb_streams(); i++) {
      if (i != streamIndex) {
        // Audio and data streams are not read at all: no demuxing work, no buffering.
        context.streams(i).discard(AVDISCARD_ALL);
      }
    }
  }

  /** The video stream; valid until {@link #close()}. */
  AVStream videoStream() {
    return context.streams(streamIndex);
  }

  boolean isVideo(AVPacket packet) {
    return packet.stream_index() == streamIndex;
  }

  /** FFmpeg's short name of the input format, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "rtsp". */
  String formatName() {
    return context.iformat().name().getString();
  }

  /** {@code av_read_frame}: the next packet of any stream not discarded, EOF or an error. */
  int read(AVPacket packet) {
    return av_read_frame(context, packet);
  }

  /**
   * Seeks to the start of the video stream, or failing that to byte 0.
   *
   * @return FFmpeg's result, negative if neither worked
   */
  int seekToStart() {
    AVStream stream = videoStream();
    long start = stream.start_time() != AV_NOPTS_VALUE ? stream.start_time() : 0;
    int result = av_seek_frame(context, streamIndex, start, AVSEEK_FLAG_BACKWARD);
    if (result < 0) {
      result = av_seek_frame(context, -1, 0, AVSEEK_FLAG_BYTE);
    }
    return result;
  }

  /** Frees the format context (closing the input if it was opened). Idempotent. */
  @Override
  public void close() {
    if (context != null) {
      if (context.iformat() != null) {
        avformat_close_input(context);
      } else {
        avformat_free_context(context);
      }
      context = null;
    }
  }
}
