package io.peerwall.decoder.source;

import io.peerwall.decoder.H264Encoder;
import io.peerwall.decoder.MediaClock;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A source that has raw pictures (painted or captured) and encodes them itself: its encoder
 * settings, and the tap through which a {@link SubStreamEncoder} sees every picture before it is
 * encoded. The subclass paints or captures; this class makes its encoders with the tap set.
 */
abstract class EncodingSource extends AbstractVideoSource implements RawPictureSource {
  protected final int width;
  protected final int height;
  protected final int fps;
  protected final int bitrateBps;
  protected final int gopFrames;
  private volatile Consumer<AVFrame> pictureTap;

  EncodingSource(
      String name,
      String description,
      String threadKind,
      MediaClock clock,
      int width,
      int height,
      int fps,
      int bitrateBps,
      int gopFrames) {
    super(name, description, threadKind, clock);
    this.width = width;
    this.height = height;
    this.fps = fps;
    this.bitrateBps = bitrateBps;
    this.gopFrames = gopFrames;
  }

  @Override
  public int pictureWidth() {
    return width;
  }

  @Override
  public int pictureHeight() {
    return height;
  }

  @Override
  public int fps() {
    return fps;
  }

  @Override
  public int gopFrames() {
    return gopFrames;
  }

  @Override
  public void setPictureTap(Consumer<AVFrame> tap) {
    pictureTap = tap;
  }

  /**
   * The main encoder at this size and rate, showing each picture to the current tap (if any) just
   * before encoding it.
   *
   * @throws SourceException when FFmpeg cannot open the encoder
   */
  final H264Encoder newTappedEncoder(int encodeWidth, int encodeHeight, int encodeFps) {
    H264Encoder encoder = newEncoder(encodeWidth, encodeHeight, encodeFps, bitrateBps, gopFrames);
    encoder.setPictureTap(this::tap);
    return encoder;
  }

  private void tap(AVFrame picture) {
    Consumer<AVFrame> tap = pictureTap;
    if (tap != null) {
      tap.accept(picture);
    }
  }
}
