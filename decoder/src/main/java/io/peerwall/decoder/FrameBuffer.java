package io.peerwall.decoder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;

/**
 * A caller-owned picture in BGRA byte order (B, G, R, A per pixel, alpha always 255), held in a
 * direct {@link ByteBuffer} that the decoder's scaler writes straight into.
 *
 * <p>Sized for a tile, so the UI never sees a full-size frame: the display can wrap {@link
 * #pixels()} without copying (for JavaFX, a {@code PixelBuffer} in premultiplied BGRA format:
 * opaque pixels are the same premultiplied or not). Rows are {@link #stride()} = width * 4 bytes,
 * without padding. Reuse one buffer per tile; when the tile size changes, make a new buffer: the
 * decoder adapts to whatever size it is given.
 *
 * <p>Not synchronised: the decoder writes pixels and then the frame metadata, with {@link
 * #sequence()} last (volatile), so a reader on another thread that sees a new sequence also sees
 * the pixels of that frame, but may see a later frame's pixels if the decoder writes again while it
 * reads. Double-buffer (two buffers, hand over the idle one) if tearing matters.
 */
public final class FrameBuffer {

  private final int width;
  private final int height;
  private final ByteBuffer pixels;
  // The same memory as seen by native code; kept to avoid wrapping it on every frame.
  private final BytePointer address;

  private long ptsMicros;
  private long captureEpochMicros;
  private int sourceWidth;
  private int sourceHeight;
  private volatile long sequence;

  /** Allocates width * height * 4 bytes of direct memory, filled with opaque black. */
  public FrameBuffer(int width, int height) {
    if (width <= 0 || height <= 0 || (long) width * height > 64L * 1024 * 1024) {
      throw new IllegalArgumentException("bad frame buffer size " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.pixels = ByteBuffer.allocateDirect(width * height * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < width * height; i++) {
      pixels.putInt(i * 4, 0xff000000); // little-endian int: bytes B=0, G=0, R=0, A=0xff
    }
    this.address = new BytePointer(pixels);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Bytes per row: width * 4. */
  public int stride() {
    return width * 4;
  }

  /**
   * The pixels: capacity width * height * 4, BGRA. The same buffer object for the buffer's whole
   * life; use absolute gets (or a duplicate), since its position is shared.
   */
  public ByteBuffer pixels() {
    return pixels;
  }

  /** The BGRA value of one pixel as an int 0xAARRGGBB, for tests and diagnostics. */
  public int argbAt(int x, int y) {
    return pixels.getInt((y * width + x) * 4);
  }

  /** Stream presentation time of the picture now in the buffer, in microseconds. */
  public long ptsMicros() {
    return ptsMicros;
  }

  /** Wall-clock capture time of the picture now in the buffer (epoch microseconds). */
  public long captureEpochMicros() {
    return captureEpochMicros;
  }

  /** Coded width of the stream picture the buffer was scaled from. */
  public int sourceWidth() {
    return sourceWidth;
  }

  /** Coded height of the stream picture the buffer was scaled from. */
  public int sourceHeight() {
    return sourceHeight;
  }

  /** Count of pictures written so far; 0 means the buffer still holds its initial black. */
  public long sequence() {
    return sequence;
  }

  public boolean hasFrame() {
    return sequence > 0;
  }

  BytePointer address() {
    return address;
  }

  /** Called by the decoder after the pixels are written; the volatile write publishes them. */
  void published(long pts, long captureEpoch, int fromWidth, int fromHeight) {
    this.ptsMicros = pts;
    this.captureEpochMicros = captureEpoch;
    this.sourceWidth = fromWidth;
    this.sourceHeight = fromHeight;
    this.sequence = sequence + 1;
  }

  @Override
  public String toString() {
    return "FrameBuffer[" + width + "x" + height + ", seq " + sequence + "]";
  }
}
