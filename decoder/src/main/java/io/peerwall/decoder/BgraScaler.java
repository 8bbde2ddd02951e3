package io.peerwall.decoder;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT2020_CL;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT2020_NCL;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_FCC;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_SMPTE240M;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
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

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Converts decoded pictures into a caller's BGRA {@link FrameBuffer} with swscale, for {@link
 * StreamDecoder}. The swscale context is cached and rebuilt only when the source picture or the
 * target size changes, and the colour matrix and range are re-applied only when the stream's
 * change, so steady state allocates nothing.
 */
final class BgraScaler implements AutoCloseable {

  private final VideoCodec codec;
  private final RateLimitedLogger errorLog;

  private SwsContext scaler;
  private int scalerSourceWidth;
  private int scalerSourceHeight;
  private int scalerSourceFormat;
  private int scalerTargetWidth;
  private int scalerTargetHeight;
  private int scalerColorspace = -1;
  private boolean scalerFullRange;
  // Reused one-plane destination arrays for sws_scale.
  private PointerPointer<BytePointer> outputPlanes = new PointerPointer<>(4);
  private IntPointer outputStrides = new IntPointer(4);

  /**
   * @param codec names the stream in log messages
   * @param errorLog the decoder's rate-limited log, so scaling failures share its budget
   */
  BgraScaler(VideoCodec codec, RateLimitedLogger errorLog) {
    this.codec = codec;
    this.errorLog = errorLog;
  }

  /**
   * Converts {@code frame} into {@code out}.
   *
   * @param framePlanes {@code frame.data()}, fetched once: each call would allocate a Java object
   * @param frameStrides {@code frame.linesize()}, likewise
   * @return false (logged) if swscale cannot convert it
   */
  boolean scale(
      AVFrame frame, PointerPointer<?> framePlanes, IntPointer frameStrides, FrameBuffer out) {
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

  /** Frees the swscale context and the destination arrays. Idempotent. */
  @Override
  public void close() {
    if (scaler != null) {
      sws_freeContext(scaler);
      scaler = null;
    }
    if (outputPlanes != null) {
      outputPlanes.close();
      outputStrides.close();
      outputPlanes = null;
      outputStrides = null;
    }
  }
}
