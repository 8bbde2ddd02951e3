package io.peerwall.decoder.demux;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AV1;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP9;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_flush;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_get_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_init;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_bsf_send_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
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
import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.AvErrors;
import io.peerwall.decoder.CodedFrames;
import io.peerwall.decoder.ParameterSetInjector;
import io.peerwall.decoder.VideoCodec;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.avcodec.AVBSFContext;
import org.bytedeco.ffmpeg.avcodec.AVBitStreamFilter;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the video stream of a file, a network stream (RTSP) or a capture device with FFmpeg's
 * demuxers, as {@link AccessUnit}s: H.264/H.265 converted to Annex B ({@code *_mp4toannexb}, a
 * no-op for streams that already are) with the parameter sets in front of every keyframe, other
 * codecs as they are. Apart from that the coded bytes are the container's, untouched (no
 * re-encoding).
 *
 * <p>Timestamps are the container's, in microseconds ({@code ptsMicros} of the unit, {@link
 * #lastDtsMicros()}); callers retime them. Blocking calls are bounded by the {@link InputOptions}
 * timeouts and can be cut short from another thread with {@link #abort()}.
 *
 * <p>Not thread-safe apart from {@link #abort()}: one thread reads and closes. Native memory is
 * freed by {@link #close()}.
 */
public final class MediaInput implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MediaInput.class);

  static {
    // RTSP and other network protocols need this once per process (TLS, sockets on Windows).
    avformat_network_init();
  }

  private final String displayName;
  private final InputOptions options;
  private final IoInterrupter interrupter;

  private AVFormatContext context;
  private AVPacket packet;
  private AVPacket filtered;
  private AVBSFContext annexB;
  private ParameterSetInjector parameterSets;
  private int streamIndex = -1;
  private long timeBaseNum;
  private long timeBaseDen;
  private VideoCodec codec;
  private String codecName = "";
  private int width;
  private int height;
  private double frameRate;
  private boolean inputEnded;
  private long lastDtsMicros = Long.MIN_VALUE;
  private long lastPtsMicros = Long.MIN_VALUE;
  private long lastDurationMicros;

  private MediaInput(String displayName, InputOptions options, AtomicBoolean cancelled) {
    this.displayName = displayName;
    this.options = options;
    this.interrupter = new IoInterrupter(cancelled);
  }

  /**
   * Opens {@code url} (a file path, rtsp://..., /dev/video0 with format video4linux2) and finds its
   * video stream.
   *
   * @param displayName how to name the input in messages (already redacted, no credentials)
   * @throws InputException naming the input and FFmpeg's reason if it cannot be opened or has no
   *     video stream
   */
  public static MediaInput open(String url, String displayName, InputOptions options)
      throws InputException {
    return open(url, displayName, options, null);
  }

  /**
   * Like {@link #open(String, String, InputOptions)}, cancellable: setting {@code cancelled} from
   * another thread makes the open (and every later read) return with an error at once.
   */
  public static MediaInput open(
      String url, String displayName, InputOptions options, AtomicBoolean cancelled)
      throws InputException {
    MediaInput input = new MediaInput(displayName, options, cancelled);
    try {
      input.openContext(url);
      return input;
    } catch (InputException | RuntimeException e) {
      input.close();
      throw e;
    }
  }

  private void openContext(String url) throws InputException {
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
        throw new InputException("cannot open " + displayName, failure(result), result);
      }
    } finally {
      av_dict_free(dictionary);
    }
    interrupter.arm(options.openTimeout().toNanos());
    int result = avformat_find_stream_info(context, (PointerPointer<?>) null);
    if (result < 0) {
      throw new InputException(
          "cannot read the streams of " + displayName, failure(result), result);
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
    AVStream stream = context.streams(streamIndex);
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
    packet = av_packet_alloc();
    filtered = av_packet_alloc();
    if (packet == null || filtered == null) {
      throw new IllegalStateException("out of memory allocating packets");
    }
    if (codec != null) {
      parameterSets = new ParameterSetInjector(codec);
      if (codec.usesNalUnits()) {
        openAnnexBFilter(stream);
      }
    }
    log.debug(
        "Opened {}: {} {}x{} @ {} fps, format {}",
        displayName,
        codecName,
        width,
        height,
        String.format(java.util.Locale.ROOT, "%.2f", frameRate),
        context.iformat().name().getString());
  }

  private void openAnnexBFilter(AVStream stream) throws InputException {
    String name = codec == VideoCodec.H264 ? "h264_mp4toannexb" : "hevc_mp4toannexb";
    AVBitStreamFilter filter = av_bsf_get_by_name(name);
    if (filter == null) {
      throw new InputException(displayName, "this FFmpeg build has no " + name + " filter");
    }
    annexB = new AVBSFContext(null);
    check(av_bsf_alloc(filter, annexB), "allocate " + name);
    check(avcodec_parameters_copy(annexB.par_in(), stream.codecpar()), "copy parameters");
    annexB.time_base_in(stream.time_base());
    check(av_bsf_init(annexB), "initialise " + name);
    AVCodecParameters out = annexB.par_out();
    if (out.extradata_size() > 0) {
      byte[] extradata = new byte[out.extradata_size()];
      out.extradata().get(extradata);
      // After the filter the extradata is Annex B: the parameter sets for the first keyframe.
      parameterSets.learn(extradata);
    }
  }

  private void check(int result, String what) throws InputException {
    if (result < 0) {
      throw new InputException(displayName + ": cannot " + what, failure(result), result);
    }
  }

  /** The reason for a failed call in words: our own abort or deadline, else FFmpeg's error. */
  private String failure(int error) {
    if (interrupter.isAborted()) {
      return "aborted";
    }
    if (interrupter.deadlineExpired()) {
      return "timed out";
    }
    return AvErrors.describe(error);
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

  /** The video codec if it is one PeerWall passes through, else null (see {@link #codecName()}). */
  public VideoCodec codec() {
    return codec;
  }

  /** FFmpeg's name of the video codec, e.g. "h264", "mjpeg", "rawvideo". */
  public String codecName() {
    return codecName;
  }

  /** Coded width from the container or stream headers; 0 if unknown. */
  public int width() {
    return width;
  }

  /** Coded height; 0 if unknown. */
  public int height() {
    return height;
  }

  /** Average frame rate the container declares; 0 if unknown. */
  public double frameRate() {
    return frameRate;
  }

  /** The video stream's parameters, for decoding raw packets; valid until {@link #close()}. */
  public AVCodecParameters codecParameters() {
    ensureOpen();
    return context.streams(streamIndex).codecpar();
  }

  /** Decode timestamp of the last unit or packet read, in microseconds; MIN_VALUE if unknown. */
  public long lastDtsMicros() {
    return lastDtsMicros;
  }

  /** Presentation time of the last unit or packet read, in microseconds; MIN_VALUE if unknown. */
  public long lastPtsMicros() {
    return lastPtsMicros;
  }

  /** Duration of the last unit or packet read, in microseconds; 0 if the container has none. */
  public long lastDurationMicros() {
    return lastDurationMicros;
  }

  /**
   * Reads the next access unit of the video stream.
   *
   * @return the unit (ptsMicros on the container's timeline, captureEpochMicros 0, keyframe as the
   *     bitstream says), or null at the end of the input
   * @throws InputException on a read error or a stall longer than the read timeout, naming the
   *     input
   * @throws IllegalStateException if the codec is not one PeerWall passes through
   */
  public AccessUnit readUnit() throws InputException {
    ensureOpen();
    if (codec == null) {
      throw new IllegalStateException(displayName + ": " + codecName + " cannot be passed through");
    }
    while (true) {
      if (annexB == null) {
        AVPacket raw = readPacket();
        return raw == null ? null : toUnit(raw);
      }
      int result = av_bsf_receive_packet(annexB, filtered);
      if (result == 0) {
        try {
          return toUnit(filtered);
        } finally {
          av_packet_unref(filtered);
        }
      }
      if (result == AVERROR_EOF) {
        return null;
      }
      if (result != AVERROR_EAGAIN()) {
        throw new InputException(
            displayName + ": bitstream filter failed", failure(result), result);
      }
      AVPacket raw = readPacket();
      // A null packet flushes the filter; it then reports end of stream.
      result = av_bsf_send_packet(annexB, raw);
      if (raw != null) {
        av_packet_unref(raw);
      }
      if (result < 0 && result != AVERROR_EOF) {
        throw new InputException(
            displayName + ": bitstream filter failed", failure(result), result);
      }
    }
  }

  /**
   * Reads the next packet of the video stream as the container stores it (no bitstream filter), for
   * sources that decode it themselves (webcams).
   *
   * @return a packet owned by this input, valid until the next read; null at the end of the input
   */
  public AVPacket readPacket() throws InputException {
    ensureOpen();
    if (inputEnded) {
      return null;
    }
    while (true) {
      av_packet_unref(packet);
      interrupter.arm(options.readTimeout().toNanos());
      int result = av_read_frame(context, packet);
      if (result == AVERROR_EOF) {
        inputEnded = true;
        return null;
      }
      if (result < 0) {
        throw new InputException("cannot read " + displayName, failure(result), result);
      }
      if (packet.stream_index() == streamIndex) {
        noteTiming(packet);
        return packet;
      }
    }
  }

  private void noteTiming(AVPacket read) {
    long dts = read.dts() != AV_NOPTS_VALUE ? read.dts() : read.pts();
    lastDtsMicros = dts == AV_NOPTS_VALUE ? Long.MIN_VALUE : toMicros(dts);
    lastPtsMicros = read.pts() != AV_NOPTS_VALUE ? toMicros(read.pts()) : lastDtsMicros;
    lastDurationMicros = read.duration() > 0 ? toMicros(read.duration()) : 0;
  }

  private AccessUnit toUnit(AVPacket unitPacket) {
    noteTiming(unitPacket);
    byte[] data = new byte[unitPacket.size()];
    unitPacket.data().get(data);
    data = parameterSets.process(data);
    long pts = unitPacket.pts() != AV_NOPTS_VALUE ? toMicros(unitPacket.pts()) : lastDtsMicros;
    if (pts == Long.MIN_VALUE) {
      pts = 0;
    }
    return new AccessUnit(codec, data, pts, 0L, CodedFrames.isKeyframe(codec, data));
  }

  private long toMicros(long timestamp) {
    return av_rescale(timestamp, timeBaseNum * 1_000_000L, timeBaseDen);
  }

  /**
   * Goes back to the start of the input, for looping a file.
   *
   * @return false if the input cannot seek (then reopen it)
   */
  public boolean rewind() {
    ensureOpen();
    interrupter.arm(TimeUnit.SECONDS.toNanos(10));
    AVStream stream = context.streams(streamIndex);
    long start = stream.start_time() != AV_NOPTS_VALUE ? stream.start_time() : 0;
    int result = av_seek_frame(context, streamIndex, start, AVSEEK_FLAG_BACKWARD);
    if (result < 0) {
      result = av_seek_frame(context, -1, 0, AVSEEK_FLAG_BYTE);
    }
    if (result < 0) {
      log.debug("{} cannot seek to its start: {}", displayName, AvErrors.describe(result));
      return false;
    }
    if (annexB != null) {
      av_bsf_flush(annexB);
    }
    inputEnded = false;
    return true;
  }

  /** Makes a blocked open or read return with an error now, and every later one. Thread-safe. */
  public void abort() {
    interrupter.abort();
  }

  private void ensureOpen() {
    if (context == null) {
      throw new IllegalStateException(displayName + " is closed");
    }
  }

  /** Frees all native memory. Idempotent. */
  @Override
  public void close() {
    if (annexB != null) {
      av_bsf_free(annexB);
      annexB = null;
    }
    if (packet != null) {
      av_packet_free(packet);
      packet = null;
    }
    if (filtered != null) {
      av_packet_free(filtered);
      filtered = null;
    }
    if (context != null) {
      if (context.iformat() != null) {
        avformat_close_input(context);
      } else {
        avformat_free_context(context);
      }
      context = null;
    }
    interrupter.close();
  }

  @Override
  public String toString() {
    return "MediaInput[" + displayName + ", " + codecName + " " + width + "x" + height + "]";
  }
}
