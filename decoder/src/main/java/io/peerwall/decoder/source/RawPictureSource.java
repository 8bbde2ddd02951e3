package io.peerwall.decoder.source;

import io.peerwall.decoder.VideoSource;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A source that encodes raw pictures itself (a webcam, the live test pattern), so that a second,
 * smaller stream can be made from the same pictures before they are encoded ({@link
 * SubStreamEncoder}) instead of decoding the main stream again.
 */
public interface RawPictureSource extends VideoSource {

  /** Width the source encodes at (as configured; a webcam may round it). */
  int pictureWidth();

  /** Height the source encodes at (as configured; a webcam may round it). */
  int pictureHeight();

  /** Pictures per second. */
  int fps();

  /** Pictures between keyframes of the main encoding. */
  int gopFrames();

  /**
   * Shows every picture (YUV 4:2:0, the encoding size) to {@code tap} on the source thread just
   * before it is encoded; see {@link io.peerwall.decoder.H264Encoder#setPictureTap} for the rules.
   * Takes effect from the next picture, also across stop and start; null removes it.
   */
  void setPictureTap(Consumer<AVFrame> tap);
}
