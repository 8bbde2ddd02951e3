package io.peerwall.decoder.mux;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AV1;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP9;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avformat.avio_tell;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import io.peerwall.decoder.AvErrors;
import io.peerwall.decoder.VideoCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/**
 * One output file with one video stream, written by an FFmpeg muxer: the part of muxing that
 * segments and exports share (context, stream, I/O, header, packets, trailer, freeing). Not
 * thread-safe; native memory is freed by {@link #close()} even if writing failed.
 */
final class OutputFile implements AutoCloseable {

  private final Path file;
  private AVFormatContext context;
  private AVStream stream;
  private AVIOContext io;
  private TappedOutput tapped; // instead of FFmpeg's own file output when a tap watches the bytes
  private boolean headerWritten;
  private boolean trailerWritten;

  /**
   * Creates the muxer and its video stream (not the file yet: see {@link #open}).
   *
   * @param format FFmpeg muxer name, e.g. "mpegts" or "mp4"
   */
  OutputFile(Path file, String format) throws IOException {
    this.file = file;
    context = new AVFormatContext(null);
    int result = avformat_alloc_output_context2(context, null, format, file.toString());
    if (result < 0 || context.isNull()) {
      context = null;
      throw new IOException("cannot create a " + format + " muxer: " + AvErrors.describe(result));
    }
    stream = avformat_new_stream(context, null);
    if (stream == null) {
      close();
      throw new IOException("cannot add a stream to " + file);
    }
  }

  /** Describes the stream from scratch (segments: the codec is all the muxer needs). */
  void describe(VideoCodec codec, int width, int height, int timeBaseDen) {
    AVCodecParameters parameters = stream.codecpar();
    parameters.codec_type(AVMEDIA_TYPE_VIDEO);
    parameters.codec_id(codecId(codec));
    parameters.width(width);
    parameters.height(height);
    stream.time_base().num(1).den(timeBaseDen);
  }

  /** Describes the stream as a copy of an input stream's parameters (exports). */
  void copyParameters(AVCodecParameters input, int codecTag, int timeBaseDen) throws IOException {
    int result = avcodec_parameters_copy(stream.codecpar(), input);
    if (result < 0) {
      throw new IOException("cannot copy stream parameters: " + AvErrors.describe(result));
    }
    // The input container's tag means nothing to the output container.
    stream.codecpar().codec_tag(codecTag);
    stream.time_base().num(1).den(timeBaseDen);
  }

  AVFormatContext context() {
    return context;
  }

  /** Opens the file and writes the header with the given muxer options. */
  void open(Map<String, String> muxerOptions, Map<String, String> metadata) throws IOException {
    open(muxerOptions, metadata, null);
  }

  /**
   * {@link #open(Map, Map)}; with a {@code tap}, the file is written in order, each byte once (not
   * seekable: only muxers that need no seeking, such as fragmented MP4), and the tap sees every
   * chunk as it is written.
   */
  void open(Map<String, String> muxerOptions, Map<String, String> metadata, ByteTap tap)
      throws IOException {
    AVIOContext opened;
    int result;
    if (tap == null) {
      opened = new AVIOContext(null);
      result = avio_open(opened, file.toString(), AVIO_FLAG_WRITE);
      if (result < 0) {
        throw new IOException("cannot create " + file + ": " + AvErrors.describe(result));
      }
    } else {
      tapped = new TappedOutput(file, tap);
      opened = tapped.context();
    }
    context.pb(opened);
    io = opened;
    if (!metadata.isEmpty()) {
      // Built apart and handed over: the context owns and frees its metadata dictionary.
      AVDictionary tags = new AVDictionary(null);
      for (Map.Entry<String, String> entry : metadata.entrySet()) {
        av_dict_set(tags, entry.getKey(), entry.getValue(), 0);
      }
      context.metadata(tags);
    }
    AVDictionary options = new AVDictionary(null);
    try {
      for (Map.Entry<String, String> entry : muxerOptions.entrySet()) {
        av_dict_set(options, entry.getKey(), entry.getValue(), 0);
      }
      result = avformat_write_header(context, options);
    } finally {
      av_dict_free(options);
    }
    if (result < 0) {
      throw failure("cannot write the header of " + file, result);
    }
    headerWritten = true;
  }

  /** The stream's time base denominator after the header (muxers may change it). */
  long timeBaseNum() {
    return stream.time_base().num();
  }

  long timeBaseDen() {
    return stream.time_base().den();
  }

  /** Bytes written to the file so far (with flush_packets, all of them are in the kernel). */
  long position() {
    return io == null ? 0 : avio_tell(io);
  }

  /**
   * Bytes the muxer handed to the file so far, counting a byte written twice twice (FFmpeg's own
   * count): equal to the file's size exactly when every byte was written once, by appending.
   */
  long bytesWritten() {
    return io == null ? 0 : io.bytes_written();
  }

  /** Writes one packet directly (no interleaving queue: there is only one stream). */
  void write(AVPacket packet) throws IOException {
    packet.stream_index(stream.index());
    int result = av_write_frame(context, packet);
    if (result < 0) {
      throw failure("cannot write to " + file, result);
    }
  }

  /** Writes the trailer (MP4: the index; faststart moves it to the front). */
  void finish() throws IOException {
    if (headerWritten && !trailerWritten) {
      trailerWritten = true;
      int result = av_write_trailer(context);
      if (result < 0 || (tapped != null && tapped.failure() != null)) {
        throw failure("cannot finish " + file, result);
      }
      if (tapped != null) {
        tapped.drain();
      }
    }
  }

  /** The error of a failed call, with the tap's or the file's own cause when it is known. */
  private IOException failure(String what, int result) {
    IOException cause = tapped == null ? null : tapped.failure();
    if (cause != null) {
      return new IOException(what + ": " + cause.getMessage(), cause);
    }
    return new IOException(what + ": " + AvErrors.describe(result));
  }

  static int codecId(VideoCodec codec) {
    return switch (codec) {
      case H264 -> AV_CODEC_ID_H264;
      case H265 -> AV_CODEC_ID_HEVC;
      case VP8 -> AV_CODEC_ID_VP8;
      case VP9 -> AV_CODEC_ID_VP9;
      case AV1 -> AV_CODEC_ID_AV1;
    };
  }

  /** Closes the file (without a trailer if {@link #finish} was not called) and frees the muxer. */
  @Override
  public void close() {
    if (context != null) {
      AVIOContext pb = context.pb();
      if (tapped != null) {
        context.pb(null);
        tapped.close();
        tapped = null;
      } else if (pb != null && !pb.isNull()) {
        avio_closep(pb);
        context.pb(null);
      }
      io = null;
      avformat_free_context(context);
      context = null;
      stream = null;
    }
  }
}
