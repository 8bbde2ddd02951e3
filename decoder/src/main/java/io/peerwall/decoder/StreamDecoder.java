package io.peerwall.decoder;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
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

  // From libavutil/frame.h; the Java presets do not export this macro.
  private static final int AV_FRAME_FLAG_CORRUPT = 1;

  /** Larger units are rejected as corrupt: a 4K IDR is a few MB; this is a sanity limit. */
  static final int MAX_UNIT_BYTES = 32 * 1024 * 1024;

  private final VideoCodec codec;
  private final DecoderOptions options;
  private final RateLimitedLogger errorLog = new RateLimitedLogger(log, 10, TimeUnit.SECONDS);

  // Null once closed.
  private DecoderContext ffmpeg;
  private final PaddedInput input = new PaddedInput(MAX_UNIT_BYTES);
  private final BgraScaler scaler;
  private final CaptureTimes captureTimes = new CaptureTimes();
  private final DecodeState state;
  private boolean draining;

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
    this.scaler = new BgraScaler(codec, errorLog);
    this.state = new DecodeState(codec, options.keyframesOnly());
    try {
      ffmpeg = new DecoderContext(codec, options);
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
    return DecoderContext.decoderName(codec);
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
    boolean keyframe = state.isKeyframe(unit);
    DecodeStatus dropped = state.admit(keyframe);
    if (dropped != null) {
      return dropped;
    }
    AVPacket packet = ffmpeg.packet;
    packet
        .data(input.copy(data))
        .size(data.length)
        .pts(unit.ptsMicros())
        .dts(AV_NOPTS_VALUE)
        .flags(keyframe ? AV_PKT_FLAG_KEY : 0);
    captureTimes.remember(unit.ptsMicros(), unit.captureEpochMicros());
    int result = avcodec_send_packet(ffmpeg.context, packet);
    if (result == AVERROR_EAGAIN()) {
      // The caller did not receive everything; drop the pending pictures rather than stall.
      while (receive(null) == DecodeStatus.FRAME) {
        // discard
      }
      // Draining may have hit an error and reset the decoder: then this unit cannot be decoded.
      dropped = state.waitForReference(keyframe);
      if (dropped != null) {
        return dropped;
      }
      result = avcodec_send_packet(ffmpeg.context, packet);
    }
    if (result < 0) {
      return failed("send", result);
    }
    state.accepted(keyframe);
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
    AVFrame frame = ffmpeg.frame;
    int result = avcodec_receive_frame(ffmpeg.context, frame);
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
      int width = frame.width();
      int height = frame.height();
      state.pictureDecoded(width, height);
      long pts = frame.pts() != AV_NOPTS_VALUE ? frame.pts() : frame.best_effort_timestamp();
      if (out != null) {
        if (!scaler.scale(frame, ffmpeg.framePlanes, ffmpeg.frameStrides, out)) {
          return DecodeStatus.NO_FRAME;
        }
        out.published(pts, captureTimes.captureFor(pts), width, height);
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
      int result = avcodec_send_packet(ffmpeg.context, null);
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
    return state.keyframeNeeded();
  }

  /** Pictures decoded successfully (written to a buffer or not). */
  public long framesDecoded() {
    return state.framesDecoded();
  }

  /** Corrupt units, failed decodes and pictures with concealed errors. */
  public long decodeErrors() {
    return state.decodeErrors();
  }

  /** Units dropped by keyframes-only mode. */
  public long unitsSkipped() {
    return state.unitsSkipped();
  }

  /** Units dropped while waiting for a keyframe. */
  public long unitsWaitingForKeyframe() {
    return state.unitsWaitingForKeyframe();
  }

  /** Coded width of the last decoded picture, 0 before the first. */
  public int sourceWidth() {
    return state.sourceWidth();
  }

  /** Coded height of the last decoded picture, 0 before the first. */
  public int sourceHeight() {
    return state.sourceHeight();
  }

  /**
   * Records a decode error: resets the decoder (drops references and queued pictures) so that the
   * next keyframe starts clean, and asks for that keyframe.
   */
  private DecodeStatus failed(String what, int error) {
    long errors = state.countError();
    reset();
    errorLog.debug(
        "{} decoder: {}{}; waiting for a keyframe ({} errors so far)",
        codec,
        what,
        error != 0 ? ": " + AvErrors.describe(error) : "",
        errors);
    return DecodeStatus.ERROR_NEEDS_KEYFRAME;
  }

  /** Drops references and queued pictures; only a keyframe can follow. */
  private void reset() {
    avcodec_flush_buffers(ffmpeg.context);
    draining = false;
    state.reset();
  }

  private void ensureOpen() {
    if (ffmpeg == null) {
      throw new IllegalStateException("decoder is closed");
    }
  }

  /** Frees all native memory now. Idempotent; later calls other than this one throw. */
  @Override
  public synchronized void close() {
    // Each piece owns its memory. The order is the one from before they were split out (scaler;
    // frame, packet, context; input), though none of them refers to another.
    scaler.close();
    if (ffmpeg != null) {
      ffmpeg.close();
      ffmpeg = null;
    }
    input.close();
  }

  @Override
  public String toString() {
    return "StreamDecoder["
        + codec
        + ", decoded "
        + state.framesDecoded()
        + ", errors "
        + state.decodeErrors()
        + (state.keyframeNeeded() ? ", needs keyframe" : "")
        + "]";
  }
}
