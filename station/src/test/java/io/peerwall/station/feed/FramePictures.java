package io.peerwall.station.feed;

import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.decoder.TestPatternPainter;
import java.awt.Rectangle;
import java.time.Duration;

/**
 * Reads the demo's test pattern back out of decoded frames: where the moving block is, and a
 * fingerprint of the region with the burned-in camera name.
 */
public final class FramePictures {
  private FramePictures() {}

  /** A copy of a frame's pixels as ARGB ints, with its size. */
  public record Picture(int width, int height, int[] argb) {
    int luma(int x, int y) {
      int p = argb[y * width + x];
      return (((p >> 16) & 0xFF) * 299 + ((p >> 8) & 0xFF) * 587 + (p & 0xFF) * 114) / 1000;
    }
  }

  public static Picture copy(FrameBuffer frame) {
    int[] argb = new int[frame.width() * frame.height()];
    for (int y = 0; y < frame.height(); y++) {
      for (int x = 0; x < frame.width(); x++) {
        argb[y * frame.width() + x] = frame.argbAt(x, y);
      }
    }
    return new Picture(frame.width(), frame.height(), argb);
  }

  /** Waits until the feed has a new decoded frame and copies it (the test is the only reader). */
  public static Picture nextFrame(Feed feed, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      FrameBuffer frame = feed.frames().takeLatest();
      if (frame != null && frame.hasFrame()) {
        return copy(frame);
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no decoded frame from " + feed.name() + " within " + timeout);
  }

  /**
   * The x centre of the bright moving block in the pattern's band, in source-clip pixels, or -1
   * when no block is visible.
   */
  public static double blockCentreX(Picture picture, SyntheticClipSpec clip) {
    TestPatternPainter painter =
        new TestPatternPainter(clip.cameraName(), clip.width(), clip.height(), clip.fps());
    Rectangle band = painter.movingBand();
    double scaleX = (double) picture.width() / clip.width();
    double scaleY = (double) picture.height() / clip.height();
    int row = (int) ((band.y + band.height / 2.0) * scaleY);
    long sum = 0;
    int count = 0;
    for (int x = 0; x < picture.width(); x++) {
      if (picture.luma(x, row) > 200) {
        sum += x;
        count++;
      }
    }
    return count == 0 ? -1 : sum / (double) count / scaleX;
  }

  /**
   * Mean absolute luma difference in the top-left region where the camera's name is burned in (that
   * region does not move over time, so two cameras differ there only by their names).
   */
  public static double nameRegionDifference(Picture a, Picture b) {
    int w = a.width() / 2;
    int h = a.height() / 5;
    long sum = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        sum += Math.abs(a.luma(x, y) - b.luma(x, y));
      }
    }
    return sum / (double) (w * h);
  }

  /** Mean absolute luma difference between two equally sized pictures. */
  public static double meanAbsDifference(Picture a, Picture b) {
    long sum = 0;
    for (int y = 0; y < a.height(); y++) {
      for (int x = 0; x < a.width(); x++) {
        sum += Math.abs(a.luma(x, y) - b.luma(x, y));
      }
    }
    return sum / (double) (a.width() * a.height());
  }
}
