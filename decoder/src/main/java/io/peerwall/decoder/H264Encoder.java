package io.peerwall.decoder;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Encodes BGR pictures to H.264 access units with libopenh264, the H.264 encoder of the LGPL FFmpeg
 * build we ship (there is no libx264).
 *
 * <p>Settings suit live video to a decoder that must start anywhere: constrained baseline (no
 * B-frames, so decode order is display order and there is no reordering delay), a fixed keyframe
 * interval, bit-rate control without frame skipping (one access unit per picture, so timestamps
 * stay a simple function of the frame index), and parameter sets in front of every keyframe.
 *
 * <p>libopenh264 does ~32 fps at 720p on one core here, so use this to pre-encode clips, not to
 * feed many simulated cameras live. Not thread-safe; native memory is freed by {@link #close()}.
 */
public final class H264Encoder implements AutoCloseable {

  /** The encoder's name in FFmpeg. */
  public static final String ENCODER_NAME = "libopenh264";

  private final int width;
  private final int height;
  private final int fps;
  private final ParameterSetInjector parameterSets = new ParameterSetInjector(VideoCodec.H264);

  private AVCodecContext context;
  private AVFrame frame;
  private AVPacket packet;
  private SwsContext converter;
  // Converts pictures handed in as AVFrames (webcam) of any size and format; made on first use.
  private SwsContext pictureConverter;
  private final AtomicBoolean keyframeRequested = new AtomicBoolean();
  private BytePointer bgrStaging;
  private PointerPointer<BytePointer> bgrPlanes;
  private IntPointer bgrStrides;
  // Point at the AVFrame's own data/linesize arrays, which live as long as the frame does.
  private PointerPointer<?> framePlanes;
  private IntPointer frameStrides;
  private boolean finished;
  // Sees every picture just before it is encoded (the sub stream encoder); null for none.
  private Consumer<AVFrame> pictureTap;

  /**
   * Opens the encoder.
   *
   * @throws IllegalStateException if libopenh264 is missing or refuses the settings
   */
  public H264Encoder(int width, int height, int fps, int bitrateBps, int gopFrames) {
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("need a positive even size, got " + width + "x" + height);
    }
    if (fps <= 0 || bitrateBps <= 0 || gopFrames <= 0) {
      throw new IllegalArgumentException("fps, bitrate and GOP must be positive");
    }
    this.width = width;
    this.height = height;
    this.fps = fps;
    try {
      open(bitrateBps, gopFrames);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void open(int bitrateBps, int gopFrames) {
    AVCodec codec = avcodec_find_encoder_by_name(ENCODER_NAME);
    if (codec == null) {
      throw new IllegalStateException(ENCODER_NAME + " is not in this FFmpeg build");
    }
    context = avcodec_alloc_context3(codec);
    if (context == null) {
      throw new IllegalStateException("out of memory allocating the encoder context");
    }
    context
        .width(width)
        .height(height)
        .pix_fmt(AV_PIX_FMT_YUV420P)
        .time_base(av_make_q(1, fps))
        .framerate(av_make_q(fps, 1))
        .bit_rate(bitrateBps)
        .gop_size(gopFrames)
        .max_b_frames(0)
        // One thread keeps the output deterministic and leaves the other core to the caller.
        .thread_count(1)
        // Say what swscale produces below (BT.601, limited range), so decoders convert back alike.
        .colorspace(AVCOL_SPC_SMPTE170M)
        .color_primaries(AVCOL_PRI_SMPTE170M)
        .color_trc(AVCOL_TRC_SMPTE170M)
        .color_range(AVCOL_RANGE_MPEG);
    context.flags(context.flags() & ~AV_CODEC_FLAG_GLOBAL_HEADER);
    // libopenh264 warns about settings it adapts (profile naming, rate control without frame
    // skipping) on every open; expected here, so keep it off stderr unless FFmpeg logs at debug.
    context.log_level_offset(AV_LOG_DEBUG - AV_LOG_WARNING);

    AVDictionary options = new AVDictionary(null);
    try {
      av_dict_set(options, "rc_mode", "bitrate", 0);
      // Skipped frames would break "one access unit per picture".
      av_dict_set(options, "allow_skip_frames", "0", 0);
      int result = avcodec_open2(context, codec, options);
      if (result < 0) {
        throw new IllegalStateException(
            "cannot open " + ENCODER_NAME + ": " + AvErrors.describe(result));
      }
    } finally {
      av_dict_free(options);
    }
    if (context.extradata_size() > 0) {
      byte[] extradata = new byte[context.extradata_size()];
      context.extradata().get(extradata);
      parameterSets.learn(extradata);
    }

    frame = av_frame_alloc();
    packet = av_packet_alloc();
    if (frame == null || packet == null) {
      throw new IllegalStateException("out of memory allocating encoder buffers");
    }
    frame.format(AV_PIX_FMT_YUV420P).width(width).height(height);
    int result = av_frame_get_buffer(frame, 0);
    if (result < 0) {
      throw new IllegalStateException("cannot allocate a frame: " + AvErrors.describe(result));
    }
    framePlanes = frame.data();
    frameStrides = frame.linesize();

    converter =
        sws_getContext(
            width,
            height,
            AV_PIX_FMT_BGR24,
            width,
            height,
            AV_PIX_FMT_YUV420P,
            SWS_BILINEAR,
            null,
            null,
            (DoublePointer) null);
    if (converter == null) {
      throw new IllegalStateException("swscale cannot convert BGR24 to YUV420P");
    }
    bgrStaging = new BytePointer((long) width * height * 3);
    bgrPlanes = new PointerPointer<>(4);
    bgrPlanes.put(0, bgrStaging);
    bgrStrides = new IntPointer(4);
    bgrStrides.put(0, width * 3);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int fps() {
    return fps;
  }

  /**
   * Encodes one picture drawn in a {@code TYPE_3BYTE_BGR} image of exactly this encoder's size.
   *
   * @param frameIndex the picture's number; its access unit gets ptsMicros = frameIndex * 1e6 / fps
   * @param sink receives the access units that are ready (libopenh264 has no lookahead, so usually
   *     exactly this picture's), with captureEpochMicros 0: sources retime them
   */
  public void encode(BufferedImage image, long frameIndex, Consumer<AccessUnit> sink) {
    if (image.getType() != BufferedImage.TYPE_3BYTE_BGR
        || image.getWidth() != width
        || image.getHeight() != height) {
      throw new IllegalArgumentException(
          "need a " + width + "x" + height + " TYPE_3BYTE_BGR image");
    }
    encodeBgr(((DataBufferByte) image.getRaster().getDataBuffer()).getData(), frameIndex, sink);
  }

  /** Encodes one picture given as packed BGR24 rows (width * 3 bytes each, no padding). */
  public void encodeBgr(byte[] bgr, long frameIndex, Consumer<AccessUnit> sink) {
    ensureOpen();
    if (bgr.length != width * height * 3) {
      throw new IllegalArgumentException("need " + width * height * 3 + " bytes of BGR24");
    }
    // The encoder may still hold a reference to the previous picture's buffers.
    check(av_frame_make_writable(frame), "make frame writable");
    bgrStaging.position(0).put(bgr, 0, bgr.length);
    convert();
    send(frameIndex, sink);
  }

  /**
   * Encodes a decoded picture (e.g. from a webcam) of any size and pixel format swscale knows; it
   * is scaled to this encoder's size and converted to YUV 4:2:0 in one step.
   */
  public void encodeFrame(AVFrame picture, long frameIndex, Consumer<AccessUnit> sink) {
    ensureOpen();
    if (picture == null || picture.width() <= 0 || picture.height() <= 0) {
      throw new IllegalArgumentException("need a decoded picture");
    }
    check(av_frame_make_writable(frame), "make frame writable");
    pictureConverter =
        sws_getCachedContext(
            pictureConverter,
            picture.width(),
            picture.height(),
            picture.format(),
            width,
            height,
            AV_PIX_FMT_YUV420P,
            SWS_BILINEAR,
            null,
            null,
            (DoublePointer) null);
    if (pictureConverter == null) {
      throw new IllegalStateException(
          "swscale cannot convert pixel format " + picture.format() + " to YUV420P");
    }
    int rows =
        sws_scale(
            pictureConverter,
            picture.data(),
            picture.linesize(),
            0,
            picture.height(),
            framePlanes,
            frameStrides);
    if (rows <= 0) {
      throw new IllegalStateException("swscale failed: " + AvErrors.describe(rows));
    }
    send(frameIndex, sink);
  }

  /**
   * Shows every picture, as converted to YUV 4:2:0 at this encoder's size, to {@code tap} just
   * before it is encoded, on the encoding thread. The frame belongs to the encoder: a tap that
   * keeps it must take its own reference ({@code av_frame_ref}); the encoder then writes the next
   * picture into a fresh buffer instead of the referenced one. The tap must not block and should
   * not throw (an exception propagates to the caller of {@code encode}). Null removes it.
   */
  public void setPictureTap(Consumer<AVFrame> tap) {
    pictureTap = tap;
  }

  /**
   * Makes the next picture an IDR (with SPS/PPS), as a viewer that joins or lost data asks for.
   * Thread-safe: may be called while another thread encodes.
   */
  public void requestKeyframe() {
    keyframeRequested.set(true);
  }

  private void send(long frameIndex, Consumer<AccessUnit> sink) {
    frame.pts(frameIndex);
    // libopenh264 turns a picture marked I into a forced IDR (ForceIntraFrame).
    boolean forceKeyframe = keyframeRequested.getAndSet(false);
    frame.pict_type(forceKeyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
    Consumer<AVFrame> tap = pictureTap;
    if (tap != null) {
      tap.accept(frame);
    }
    check(avcodec_send_frame(context, frame), "send frame");
    drain(sink);
  }

  /** Flushes the encoder: delivers any access units it still holds. Further encoding fails. */
  public void finish(Consumer<AccessUnit> sink) {
    ensureOpen();
    if (!finished) {
      finished = true;
      check(avcodec_send_frame(context, null), "flush");
      drain(sink);
    }
  }

  private void drain(Consumer<AccessUnit> sink) {
    while (true) {
      int result = avcodec_receive_packet(context, packet);
      if (result == AVERROR_EAGAIN() || result == AVERROR_EOF) {
        return;
      }
      check(result, "receive packet");
      try {
        byte[] data = new byte[packet.size()];
        packet.data().get(data);
        long index = packet.pts();
        data = parameterSets.process(data);
        // "Keyframe" means a decoder can start here, which takes an IDR, whatever the flags say.
        boolean keyframe = AnnexB.containsKeyframe(VideoCodec.H264, data);
        sink.accept(new AccessUnit(VideoCodec.H264, data, index * 1_000_000L / fps, 0L, keyframe));
      } finally {
        av_packet_unref(packet);
      }
    }
  }

  /** BGR24 staging buffer to the YUV 4:2:0 frame the encoder reads. */
  private void convert() {
    int rows = sws_scale(converter, bgrPlanes, bgrStrides, 0, height, framePlanes, frameStrides);
    if (rows <= 0) {
      throw new IllegalStateException("swscale failed: " + AvErrors.describe(rows));
    }
  }

  private static void check(int result, String what) {
    if (result < 0) {
      throw new IllegalStateException(
          ENCODER_NAME + " failed to " + what + ": " + AvErrors.describe(result));
    }
  }

  private void ensureOpen() {
    if (context == null) {
      throw new IllegalStateException("encoder is closed");
    }
  }

  /** Frees all native memory. Idempotent. */
  @Override
  public void close() {
    if (converter != null) {
      sws_freeContext(converter);
      converter = null;
    }
    if (pictureConverter != null) {
      sws_freeContext(pictureConverter);
      pictureConverter = null;
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
    if (bgrStaging != null) {
      bgrStaging.close();
      bgrPlanes.close();
      bgrStrides.close();
      bgrStaging = null;
    }
  }
}
