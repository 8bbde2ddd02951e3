package io.peerwall.decoder;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONKEY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT2020_CL;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT2020_NCL;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_FCC;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_SMPTE240M;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_BT2020;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_FCC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU709;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_SMPTE240M;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one H.264 or H.265 stream (or VP8, VP9, AV1 where the FFmpeg build has a software decoder
 * for them, see {@link #isSupported}) with FFmpeg's avcodec API and scales each picture with
 * swscale straight into a caller's {@link FrameBuffer} (BGRA, tile size), so the UI never handles
 * full-size frames.
 *
 * <p>Made for live streams from unreliable networks:
 *
 * <ul>
 *   <li>Corrupt or truncated input never throws: calls return a {@link DecodeStatus}, errors are
 *       counted and logged at debug level, rate-limited, and FFmpeg's own messages for this stream
 *       are demoted to its debug level.
 *   <li>{@link #keyframeNeeded()} is true from the start until a keyframe decodes, and again after
 *       any error; the session should then ask the camera for a keyframe (PLI). Until a keyframe
 *       has been accepted, non-keyframes are dropped ({@link DecodeStatus#WAITING_FOR_KEYFRAME})
 *       rather than decoded into smeared garbage. A picture FFmpeg had to conceal errors in counts
 *       as an error and is not shown: the tile keeps the last good picture until the keyframe.
 *   <li>The coded size may change mid-stream (at a keyframe with new parameter sets) and the output
 *       size may change between calls; the scaler is rebuilt only when either changes.
 *   <li>Steady state allocates no native memory and almost no Java objects per frame: one packet,
 *       one frame and one input buffer (grown as needed) are reused.
 * </ul>
 *
 * <p>Two ways to drive it: {@link #decode} (send one unit, write the newest picture; right for live
 * tiles) or {@link #send}/{@link #receive} (every picture, e.g. for export), plus {@link #flush} at
 * the end of a stream. One decoder per stream and codec. Calls are synchronised, so {@link
 * #close()} from another thread cannot free memory under a running decode; the counters and {@link
 * #keyframeNeeded()} can be read from any thread.
 */
public final class StreamDecoder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamDecoder.class);

  // From libavutil/frame.h and libavcodec/avcodec.h; the Java presets do not export these macros.
  private static final int AV_FRAME_FLAG_CORRUPT = 1;
  private static final int FF_THREAD_FRAME = 1;
  private static final int FF_THREAD_SLICE = 2;

  /** Larger units are rejected as corrupt: a 4K IDR is a few MB; this is a sanity limit. */
  static final int MAX_UNIT_BYTES = 32 * 1024 * 1024;

  /** How many sent timestamps to remember to find the capture time of a decoded picture. */
  private static final int TIMESTAMP_HISTORY = 64;

  private static final byte[] PADDING = new byte[AV_INPUT_BUFFER_PADDING_SIZE];

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

  private final VideoCodec codec;
  private final DecoderOptions options;
  private final RateLimitedLogger errorLog = new RateLimitedLogger(log, 10, TimeUnit.SECONDS);

  private AVCodecContext context;
  private AVFrame frame;
  private AVPacket packet;
  // Native copy of the unit being sent, with the zeroed padding FFmpeg's bitstream reader needs.
  private BytePointer input;
  private long inputCapacity;
  // The AVFrame's own data/linesize arrays (fixed addresses for the frame's lifetime).
  private PointerPointer<?> framePlanes;
  private IntPointer frameStrides;
  private PointerPointer<BytePointer> outputPlanes;
  private IntPointer outputStrides;

  private SwsContext scaler;
  private int scalerSourceWidth;
  private int scalerSourceHeight;
  private int scalerSourceFormat;
  private int scalerTargetWidth;
  private int scalerTargetHeight;
  private int scalerColorspace = -1;
  private boolean scalerFullRange;

  // Capture times of recently sent units, by pts: decoding may delay a picture by a frame or more.
  private final long[] sentPts = new long[TIMESTAMP_HISTORY];
  private final long[] sentCapture = new long[TIMESTAMP_HISTORY];
  private int sentNext;
  private long lastCapture;

  private boolean draining;
  // Whether a keyframe has been accepted since the last reset, so dependent units may follow.
  // Separate from keyframeNeeded, which waits for a picture to come out: with frame threading the
  // first picture appears several units after its keyframe was sent.
  private boolean referenceAvailable;
  private volatile boolean keyframeNeeded = true;
  private volatile long framesDecoded;
  private volatile long decodeErrors;
  private volatile long unitsSkipped;
  private volatile long unitsWaitingForKeyframe;
  private volatile int sourceWidth;
  private volatile int sourceHeight;

  /** A decoder with {@link DecoderOptions#defaults()}: one thread, low delay. */
  public StreamDecoder(VideoCodec codec) {
    this(codec, DecoderOptions.defaults());
  }

  /**
   * Opens a decoder.
   *
   * @throws IllegalStateException if FFmpeg has no decoder for the codec ({@link #isSupported}) or
   *     cannot open it
   */
  public StreamDecoder(VideoCodec codec, DecoderOptions options) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.options = Objects.requireNonNull(options, "options");
    try {
      open();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Whether this FFmpeg build has a software decoder for {@code codec}. */
  public static boolean isSupported(VideoCodec codec) {
    return decoderName(codec) != null;
  }

  /**
   * The FFmpeg decoder a {@code StreamDecoder} uses for {@code codec} (e.g. "h264", "libaom-av1"),
   * or null if this build has none.
   */
  public static String decoderName(VideoCodec codec) {
    for (String name : DECODER_NAMES.get(Objects.requireNonNull(codec, "codec"))) {
      if (avcodec_find_decoder_by_name(name) != null) {
        return name;
      }
    }
    return null;
  }

  private void open() {
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
    context = avcodec_alloc_context3(decoder);
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
      throw new IllegalStateException(
          "cannot open the " + codec + " decoder: " + AvErrors.describe(result));
    }
    frame = av_frame_alloc();
    packet = av_packet_alloc();
    if (frame == null || packet == null) {
      throw new IllegalStateException("out of memory allocating decoder buffers");
    }
    framePlanes = frame.data();
    frameStrides = frame.linesize();
    outputPlanes = new PointerPointer<>(4);
    outputStrides = new IntPointer(4);
  }

  public VideoCodec codec() {
    return codec;
  }

  public DecoderOptions options() {
    return options;
  }

  /**
   * Decodes one access unit and, if it completes a picture, scales it into {@code out}.
   *
   * <p>If one unit releases several pictures (possible only when reordering), each is written in
   * turn, so {@code out} ends with the newest. With low delay and no B-frames, each unit yields its
   * own picture at once.
   *
   * @param out where to put the picture; null to decode without converting (keeps the reference
   *     chain going for a hidden tile at almost no extra cost)
   * @return FRAME, NO_FRAME, SKIPPED, WAITING_FOR_KEYFRAME or ERROR_NEEDS_KEYFRAME
   * @throws IllegalArgumentException if the unit is of another codec (make a new decoder)
   * @throws IllegalStateException if the decoder is closed
   */
  public synchronized DecodeStatus decode(AccessUnit unit, FrameBuffer out) {
    DecodeStatus sent = send(unit);
    if (sent != DecodeStatus.ACCEPTED) {
      return sent;
    }
    DecodeStatus result = DecodeStatus.NO_FRAME;
    while (true) {
      DecodeStatus received = receive(out);
      if (received == DecodeStatus.NO_FRAME) {
        return result;
      }
      if (received == DecodeStatus.ERROR_NEEDS_KEYFRAME) {
        return received;
      }
      result = DecodeStatus.FRAME;
    }
  }

  /**
   * Hands one access unit to the decoder; follow with {@link #receive} until it returns NO_FRAME.
   *
   * @return ACCEPTED, SKIPPED, WAITING_FOR_KEYFRAME or ERROR_NEEDS_KEYFRAME
   * @throws IllegalArgumentException if the unit is of another codec (make a new decoder)
   * @throws IllegalStateException if the decoder is closed
   */
  public synchronized DecodeStatus send(AccessUnit unit) {
    ensureOpen();
    Objects.requireNonNull(unit, "unit");
    if (unit.codec() != codec) {
      throw new IllegalArgumentException(
          "a " + codec + " decoder got a " + unit.codec() + " access unit");
    }
    if (draining) {
      // New data after a drain: start over, which needs a keyframe like any fresh decoder.
      reset();
    }
    byte[] data = unit.data();
    if (data == null || data.length == 0 || data.length > MAX_UNIT_BYTES) {
      // An empty packet would mean "end of stream" to FFmpeg; never pass one on.
      return failed("unit of " + (data == null ? "no" : data.length) + " bytes rejected", 0);
    }
    // Scanning for an IDR costs a pass over the unit; only pay it when the answer matters.
    boolean keyframe =
        options.keyframesOnly() || !referenceAvailable ? isKeyframe(unit) : unit.keyframe();
    if (options.keyframesOnly() && !keyframe) {
      unitsSkipped++;
      return DecodeStatus.SKIPPED;
    }
    if (!referenceAvailable && !keyframe) {
      unitsWaitingForKeyframe++;
      return DecodeStatus.WAITING_FOR_KEYFRAME;
    }
    copyToInput(data);
    packet
        .data(input)
        .size(data.length)
        .pts(unit.ptsMicros())
        .dts(AV_NOPTS_VALUE)
        .flags(keyframe ? AV_PKT_FLAG_KEY : 0);
    rememberCapture(unit.ptsMicros(), unit.captureEpochMicros());
    int result = avcodec_send_packet(context, packet);
    if (result == AVERROR_EAGAIN()) {
      // The caller did not receive everything; drop the pending pictures rather than stall.
      while (receive(null) == DecodeStatus.FRAME) {
        // discard
      }
      if (!referenceAvailable && !keyframe) {
        // Draining hit an error and reset the decoder: this unit can no longer be decoded.
        unitsWaitingForKeyframe++;
        return DecodeStatus.WAITING_FOR_KEYFRAME;
      }
      result = avcodec_send_packet(context, packet);
    }
    if (result < 0) {
      return failed("send", result);
    }
    referenceAvailable |= keyframe;
    return DecodeStatus.ACCEPTED;
  }

  /**
   * Takes the next decoded picture, if any, and scales it into {@code out}.
   *
   * @param out where to put it; null to decode without converting
   * @return FRAME, NO_FRAME or ERROR_NEEDS_KEYFRAME
   */
  public synchronized DecodeStatus receive(FrameBuffer out) {
    ensureOpen();
    int result = avcodec_receive_frame(context, frame);
    if (result == AVERROR_EAGAIN()) {
      return DecodeStatus.NO_FRAME;
    }
    if (result == AVERROR_EOF) {
      if (draining) {
        reset();
      }
      return DecodeStatus.NO_FRAME;
    }
    if (result < 0) {
      return failed("receive", result);
    }
    try {
      if ((frame.flags() & AV_FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
        return failed("picture with concealed errors", 0);
      }
      framesDecoded++;
      keyframeNeeded = false;
      int width = frame.width();
      int height = frame.height();
      sourceWidth = width;
      sourceHeight = height;
      long pts = frame.pts() != AV_NOPTS_VALUE ? frame.pts() : frame.best_effort_timestamp();
      if (out != null) {
        if (!scale(out)) {
          return DecodeStatus.NO_FRAME;
        }
        out.published(pts, captureFor(pts), width, height);
      }
      return DecodeStatus.FRAME;
    } finally {
      av_frame_unref(frame);
    }
  }

  /**
   * Ends the stream: decodes what the decoder still holds and writes the pictures to {@code out}
   * (the newest last). Afterwards the decoder accepts a new stream, starting at a keyframe.
   *
   * @return FRAME if at least one picture came out, else NO_FRAME or ERROR_NEEDS_KEYFRAME
   */
  public synchronized DecodeStatus flush(FrameBuffer out) {
    ensureOpen();
    if (!draining) {
      int result = avcodec_send_packet(context, null);
      if (result < 0 && result != AVERROR_EOF) {
        return failed("flush", result);
      }
      draining = true;
    }
    DecodeStatus status = DecodeStatus.NO_FRAME;
    while (draining) {
      DecodeStatus received = receive(out);
      if (received == DecodeStatus.ERROR_NEEDS_KEYFRAME) {
        return received;
      }
      if (received == DecodeStatus.FRAME) {
        status = DecodeStatus.FRAME;
      } else if (draining) {
        // NO_FRAME without end of stream should not happen while draining; do not spin.
        reset();
      }
    }
    return status;
  }

  /**
   * Tells the decoder that units were lost upstream (e.g. a gap in RTP sequence numbers). FFmpeg
   * cannot see a unit that never arrived: it would decode the next pictures against a missing
   * reference and show smeared garbage without reporting an error. So reset now and wait for a
   * keyframe, exactly as after a decode error (but not counted as one).
   */
  public synchronized void signalLoss() {
    ensureOpen();
    reset();
  }

  /**
   * Whether the decoder cannot continue without a keyframe: true until the first keyframe decodes,
   * after any decode error and after {@link #flush}. The session should then ask the sender for
   * one.
   */
  public boolean keyframeNeeded() {
    return keyframeNeeded;
  }

  /** Pictures decoded successfully (written to a buffer or not). */
  public long framesDecoded() {
    return framesDecoded;
  }

  /** Corrupt units, failed decodes and pictures with concealed errors. */
  public long decodeErrors() {
    return decodeErrors;
  }

  /** Units dropped by keyframes-only mode. */
  public long unitsSkipped() {
    return unitsSkipped;
  }

  /** Units dropped while waiting for a keyframe. */
  public long unitsWaitingForKeyframe() {
    return unitsWaitingForKeyframe;
  }

  /** Coded width of the last decoded picture, 0 before the first. */
  public int sourceWidth() {
    return sourceWidth;
  }

  /** Coded height of the last decoded picture, 0 before the first. */
  public int sourceHeight() {
    return sourceHeight;
  }

  private boolean isKeyframe(AccessUnit unit) {
    // Trust the flag when set; when not, look: a depacketizer may not have classified the unit.
    return unit.keyframe() || AnnexB.containsKeyframe(codec, unit.data());
  }

  private void copyToInput(byte[] data) {
    long needed = (long) data.length + AV_INPUT_BUFFER_PADDING_SIZE;
    if (input == null || inputCapacity < needed) {
      if (input != null) {
        input.close();
      }
      inputCapacity = Math.max(needed, Math.min(2 * inputCapacity, MAX_UNIT_BYTES + needed));
      input = new BytePointer(inputCapacity);
    }
    input.position(0).put(data, 0, data.length);
    input.position(data.length).put(PADDING, 0, PADDING.length);
    input.position(0);
  }

  private void rememberCapture(long pts, long capture) {
    sentPts[sentNext] = pts;
    sentCapture[sentNext] = capture;
    sentNext = (sentNext + 1) % TIMESTAMP_HISTORY;
    lastCapture = capture;
  }

  private long captureFor(long pts) {
    for (int i = 1; i <= TIMESTAMP_HISTORY; i++) {
      int slot = Math.floorMod(sentNext - i, TIMESTAMP_HISTORY);
      if (sentPts[slot] == pts) {
        return sentCapture[slot];
      }
    }
    return lastCapture;
  }

  /**
   * Converts the current frame into {@code out}, rebuilding the scaler only when the source picture
   * or the target size changed.
   */
  private boolean scale(FrameBuffer out) {
    int width = frame.width();
    int height = frame.height();
    int format = frame.format();
    boolean fullRange = frame.color_range() == AVCOL_RANGE_JPEG;
    // The "J" formats are the old way to say full range; swscale wants the plain format + range.
    if (format == AV_PIX_FMT_YUVJ420P) {
      format = AV_PIX_FMT_YUV420P;
      fullRange = true;
    } else if (format == AV_PIX_FMT_YUVJ422P) {
      format = AV_PIX_FMT_YUV422P;
      fullRange = true;
    } else if (format == AV_PIX_FMT_YUVJ444P) {
      format = AV_PIX_FMT_YUV444P;
      fullRange = true;
    }
    if (scaler == null
        || width != scalerSourceWidth
        || height != scalerSourceHeight
        || format != scalerSourceFormat
        || out.width() != scalerTargetWidth
        || out.height() != scalerTargetHeight) {
      scaler =
          sws_getCachedContext(
              scaler,
              width,
              height,
              format,
              out.width(),
              out.height(),
              AV_PIX_FMT_BGRA,
              SWS_BILINEAR,
              null,
              null,
              (DoublePointer) null);
      if (scaler == null) {
        scalerSourceWidth = -1;
        errorLog.debug(
            "{} decoder: cannot scale {}x{} format {} to {}x{}",
            codec,
            width,
            height,
            format,
            out.width(),
            out.height());
        return false;
      }
      scalerSourceWidth = width;
      scalerSourceHeight = height;
      scalerSourceFormat = format;
      scalerTargetWidth = out.width();
      scalerTargetHeight = out.height();
      scalerColorspace = -1;
    }
    int colorspace = swsColorspace(frame.colorspace());
    if (colorspace != scalerColorspace || fullRange != scalerFullRange) {
      // Wrong matrix or range gives washed-out or oversaturated tiles; take both from the stream.
      sws_setColorspaceDetails(
          scaler,
          sws_getCoefficients(colorspace),
          fullRange ? 1 : 0,
          sws_getCoefficients(SWS_CS_DEFAULT),
          1,
          0,
          1 << 16,
          1 << 16);
      scalerColorspace = colorspace;
      scalerFullRange = fullRange;
    }
    outputPlanes.put(0, out.address());
    outputStrides.put(0, out.stride());
    int rows = sws_scale(scaler, framePlanes, frameStrides, 0, height, outputPlanes, outputStrides);
    if (rows <= 0) {
      errorLog.debug("{} decoder: swscale failed: {}", codec, AvErrors.describe(rows));
      return false;
    }
    return true;
  }

  /** Maps the stream's matrix coefficients to swscale's; unspecified means BT.601, as FFmpeg. */
  private static int swsColorspace(int avColorspace) {
    if (avColorspace == AVCOL_SPC_BT709) {
      return SWS_CS_ITU709;
    } else if (avColorspace == AVCOL_SPC_FCC) {
      return SWS_CS_FCC;
    } else if (avColorspace == AVCOL_SPC_SMPTE240M) {
      return SWS_CS_SMPTE240M;
    } else if (avColorspace == AVCOL_SPC_BT2020_NCL || avColorspace == AVCOL_SPC_BT2020_CL) {
      return SWS_CS_BT2020;
    }
    return SWS_CS_DEFAULT;
  }

  /**
   * Records a decode error: resets the decoder (drops references and queued pictures) so that the
   * next keyframe starts clean, and asks for that keyframe.
   */
  private DecodeStatus failed(String what, int error) {
    decodeErrors++;
    reset();
    errorLog.debug(
        "{} decoder: {}{}; waiting for a keyframe ({} errors so far)",
        codec,
        what,
        error != 0 ? ": " + AvErrors.describe(error) : "",
        decodeErrors);
    return DecodeStatus.ERROR_NEEDS_KEYFRAME;
  }

  /** Drops references and queued pictures; only a keyframe can follow. */
  private void reset() {
    avcodec_flush_buffers(context);
    draining = false;
    referenceAvailable = false;
    keyframeNeeded = true;
  }

  private void ensureOpen() {
    if (context == null) {
      throw new IllegalStateException("decoder is closed");
    }
  }

  /** Frees all native memory now. Idempotent; later calls other than this one throw. */
  @Override
  public synchronized void close() {
    if (scaler != null) {
      sws_freeContext(scaler);
      scaler = null;
    }
    if (frame != null) {
      av_frame_free(frame);
      frame = null;
    }
    if (packet != null) {
      av_packet_free(packet);
      packet = null;
    }
    if (context != null) {
      avcodec_free_context(context);
      context = null;
    }
    if (input != null) {
      input.close();
      input = null;
    }
    if (outputPlanes != null) {
      outputPlanes.close();
      outputStrides.close();
      outputPlanes = null;
      outputStrides = null;
    }
  }

  @Override
  public String toString() {
    return "StreamDecoder["
        + codec
        + ", decoded "
        + framesDecoded
        + ", errors "
        + decodeErrors
        + (keyframeNeeded ? ", needs keyframe" : "")
        + "]";
  }
}
