package io.peerwall.decoder;

import java.awt.Rectangle;

/** Pixel measurements on BGRA frame buffers for the tests. */
final class Pictures {

  private Pictures() {}

  /** Mean luma (0..255) of a rectangle of the buffer. */
  static double meanLuma(FrameBuffer buffer, Rectangle area) {
    double sum = 0;
    int count = 0;
    for (int y = area.y; y < area.y + area.height; y++) {
      for (int x = area.x; x < area.x + area.width; x++) {
        int argb = buffer.argbAt(x, y);
        sum += 0.299 * ((argb >> 16) & 0xff) + 0.587 * ((argb >> 8) & 0xff) + 0.114 * (argb & 0xff);
        count++;
      }
    }
    return sum / count;
  }

  /** A picture-space rectangle scaled to a buffer of another size, shrunk by {@code inset}. */
  static Rectangle scaled(Rectangle r, int fromWidth, int toWidth, int inset) {
    double f = (double) toWidth / fromWidth;
    int x = (int) Math.ceil(r.x * f) + inset;
    int y = (int) Math.ceil(r.y * f) + inset;
    int right = (int) Math.floor((r.x + r.width) * f) - inset;
    int bottom = (int) Math.floor((r.y + r.height) * f) - inset;
    return new Rectangle(x, y, right - x, bottom - y);
  }

  static byte[] copy(FrameBuffer buffer) {
    byte[] bytes = new byte[buffer.stride() * buffer.height()];
    buffer.pixels().duplicate().clear().get(bytes);
    return bytes;
  }

  /** PSNR over the B, G and R bytes of two BGRA pictures of equal size (alpha ignored). */
  static double psnrBgr(byte[] a, int offsetA, byte[] b, int offsetB, int pixels) {
    double squared = 0;
    for (int i = 0; i < pixels; i++) {
      for (int c = 0; c < 3; c++) {
        int d = (a[offsetA + i * 4 + c] & 0xff) - (b[offsetB + i * 4 + c] & 0xff);
        squared += d * d;
      }
    }
    double mse = squared / (pixels * 3.0);
    return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
  }

  /** Whether every pixel's alpha byte is 255. */
  static boolean opaque(FrameBuffer buffer) {
    for (int i = 0; i < buffer.width() * buffer.height(); i++) {
      if (buffer.pixels().get(i * 4 + 3) != (byte) 0xff) {
        return false;
      }
    }
    return true;
  }
}
