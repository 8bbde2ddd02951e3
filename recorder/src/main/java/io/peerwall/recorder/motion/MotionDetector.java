package io.peerwall.recorder.motion;

import java.nio.ByteBuffer;

/**
 * Frame differencing on small pictures (docs/storage.md section 6): each analysed BGRA picture is
 * turned into luma and compared pixel by pixel with the previous one; the score is the fraction of
 * unmasked pixels whose luma changed by more than the sensitivity's threshold. Pure Java, no
 * allocation per frame. Not thread-safe: one detector per camera.
 */
public final class MotionDetector {
  /** The picture size the recorder decodes motion streams to. */
  public static final int WIDTH = 96;

  public static final int HEIGHT = 54;

  private final int width;
  private final int height;
  private byte[] previous;
  private byte[] current;
  private boolean primed;

  public MotionDetector(int width, int height) {
    if (width < MotionMask.COLUMNS || height < MotionMask.ROWS) {
      throw new IllegalArgumentException("picture too small for motion: " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.previous = new byte[width * height];
    this.current = new byte[width * height];
  }

  /** Luma difference a pixel needs to count as changed: 61 at sensitivity 1, 12 at 100. */
  public static int pixelThreshold(int sensitivity) {
    return 12 + (100 - clamp(sensitivity)) / 2;
  }

  /** Score an event needs: 5 % of the picture at sensitivity 1, 1.3 % at 50, 0.1 % at 100. */
  public static double areaThreshold(int sensitivity) {
    double insensitivity = (100 - clamp(sensitivity)) / 100.0;
    return 0.001 + 0.049 * insensitivity * insensitivity;
  }

  private static int clamp(int sensitivity) {
    return Math.max(1, Math.min(100, sensitivity));
  }

  /**
   * Scores a picture against the previous one given to this detector.
   *
   * @param bgra width * height * 4 bytes, B, G, R, A per pixel (a {@code FrameBuffer}'s pixels)
   * @return 0..1, the changed fraction of unmasked pixels; 0 for the first picture
   */
  public double score(ByteBuffer bgra, int sensitivity, MotionMask mask) {
    int pixels = width * height;
    for (int i = 0; i < pixels; i++) {
      int b = bgra.get(i * 4) & 0xFF;
      int g = bgra.get(i * 4 + 1) & 0xFF;
      int r = bgra.get(i * 4 + 2) & 0xFF;
      current[i] = (byte) ((29 * b + 150 * g + 77 * r) >> 8);
    }
    double score = primed ? compare(pixelThreshold(sensitivity), mask) : 0;
    byte[] swap = previous;
    previous = current;
    current = swap;
    primed = true;
    return score;
  }

  private double compare(int threshold, MotionMask mask) {
    int changed = 0;
    int counted = 0;
    for (int y = 0; y < height; y++) {
      int row = y * MotionMask.ROWS / height;
      for (int x = 0; x < width; x++) {
        if (mask.isExcluded(x * MotionMask.COLUMNS / width, row)) {
          continue;
        }
        int i = y * width + x;
        counted++;
        if (Math.abs((current[i] & 0xFF) - (previous[i] & 0xFF)) > threshold) {
          changed++;
        }
      }
    }
    return counted == 0 ? 0 : (double) changed / counted;
  }

  /** Forgets the previous picture (after a gap in the stream). */
  public void reset() {
    primed = false;
  }
}
