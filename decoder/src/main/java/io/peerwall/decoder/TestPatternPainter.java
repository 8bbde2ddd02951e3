package io.peerwall.decoder;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws one frame of the synthetic camera picture with Java2D (works headless).
 *
 * <p>Layout, top to bottom: 75 % colour bars with the camera name in large type (so a person can
 * tell tiles apart and spot colour-channel mix-ups such as RGB/BGR), a black band in which a white
 * block moves steadily from left to right (so consecutive frames differ measurably in a known
 * place; its position is a pure function of the frame index, see {@link #movingBlock}), and a grey
 * ramp with the clip's own clock "mm:ss.fff #frame" (so latency and dropped or repeated frames are
 * visible on the wall).
 */
public final class TestPatternPainter {

  private static final Logger log = LoggerFactory.getLogger(TestPatternPainter.class);

  private static final Color[] BARS = {
    new Color(192, 192, 192),
    new Color(192, 192, 0),
    new Color(0, 192, 192),
    new Color(0, 192, 0),
    new Color(192, 0, 192),
    new Color(192, 0, 0),
    new Color(0, 0, 192),
  };

  private final int width;
  private final int height;
  private final int fps;
  private final Rectangle band;
  private final int blockSize;
  private final int stepPixels;
  private final Rectangle clockBox;
  private final BufferedImage background;
  // Null when Java2D fonts are unusable here; then the built-in block font is used.
  private final Font clockFont;

  /** Uses system fonts when they work, the built-in block font otherwise. */
  public TestPatternPainter(String cameraName, int width, int height, int fps) {
    this(cameraName, width, height, fps, true);
  }

  TestPatternPainter(String cameraName, int width, int height, int fps, boolean systemFonts) {
    if (width < 64 || height < 64 || fps < 1) {
      throw new IllegalArgumentException("bad pattern " + width + "x" + height + "@" + fps);
    }
    this.width = width;
    this.height = height;
    this.fps = fps;
    int barsBottom = height * 55 / 100;
    int bandBottom = height * 80 / 100;
    this.band = new Rectangle(0, barsBottom, width, bandBottom - barsBottom);
    this.blockSize = band.height * 8 / 10;
    // Cross the picture in about two seconds, but never slower than 4 px per frame, so that even
    // after scaling down to a small tile consecutive frames differ.
    int travel = width - blockSize;
    this.stepPixels = Math.max(4, travel / (2 * fps));
    int margin = Math.max(2, height / 60);
    int clockHeight = Math.max(BlockFont.ROWS + 2, (height - bandBottom) - 2 * margin);
    this.clockBox = new Rectangle(margin, bandBottom + margin, width - 2 * margin, clockHeight);
    this.background = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    this.clockFont = systemFonts ? paintBackground(cameraName, true) : null;
    if (clockFont == null) {
      paintBackground(cameraName, false);
    }
  }

  /** Picture width in pixels. */
  public int width() {
    return width;
  }

  /** Picture height in pixels. */
  public int height() {
    return height;
  }

  /** The black band the block moves in, in picture coordinates. */
  public Rectangle movingBand() {
    return new Rectangle(band);
  }

  /**
   * Where the white block is in frame {@code frameIndex}: it advances a fixed number of pixels per
   * frame and wraps to the left edge.
   */
  public Rectangle movingBlock(long frameIndex) {
    int travel = width - blockSize;
    int x = (int) Math.floorMod(frameIndex * stepPixels, (long) travel + 1);
    int y = band.y + (band.height - blockSize) / 2;
    return new Rectangle(x, y, blockSize, blockSize);
  }

  /** The burned-in clock text of a frame: clip time as mm:ss.fff and the frame number. */
  public static String clockText(long frameIndex, int fps) {
    long millis = frameIndex * 1000 / fps;
    return String.format(
        Locale.ROOT,
        "%02d:%02d.%03d  #%05d",
        millis / 60_000,
        (millis / 1000) % 60,
        millis % 1000,
        frameIndex);
  }

  /** Paints frame {@code frameIndex} into {@code image}, which must be at least this size. */
  public void paint(BufferedImage image, long frameIndex) {
    paint(image, frameIndex, clockText(frameIndex, fps));
  }

  /**
   * Paints frame {@code frameIndex} with {@code clock} as the burned-in clock text, e.g. the wall
   * clock of a live test pattern so that glass-to-glass latency can be read off the wall.
   */
  public void paint(BufferedImage image, long frameIndex, String clock) {
    Graphics2D g = image.createGraphics();
    try {
      g.drawImage(background, 0, 0, null);
      g.setColor(Color.BLACK);
      g.fillRect(band.x, band.y, band.width, band.height);
      g.setColor(Color.WHITE);
      Rectangle block = movingBlock(frameIndex);
      g.fillRect(block.x, block.y, block.width, block.height);
      drawClock(g, clock);
    } finally {
      g.dispose();
    }
  }

  private void drawClock(Graphics2D g, String text) {
    if (clockFont != null) {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(clockFont);
      FontMetrics metrics = g.getFontMetrics();
      int textWidth = metrics.stringWidth(text);
      int boxHeight = metrics.getAscent() + metrics.getDescent();
      int top = clockBox.y + (clockBox.height - boxHeight) / 2;
      g.setColor(Color.BLACK);
      g.fillRect(clockBox.x, top, textWidth + 8, boxHeight);
      g.setColor(Color.WHITE);
      g.drawString(text, clockBox.x + 4, top + metrics.getAscent());
    } else {
      int pixel = blockPixel(text, clockBox.width - 8, clockBox.height - 4);
      int textHeight = BlockFont.ROWS * pixel;
      int top = clockBox.y + (clockBox.height - textHeight) / 2;
      g.setColor(Color.BLACK);
      g.fillRect(
          clockBox.x,
          top - pixel,
          BlockFont.width(text, pixel) + 2 * pixel + 4,
          textHeight + 2 * pixel);
      g.setColor(Color.WHITE);
      BlockFont.draw(g, text, clockBox.x + pixel + 2, top, pixel);
    }
  }

  /**
   * Paints the parts that never change (bars, ramp, camera name) once, so each frame costs one
   * image copy plus the moving parts.
   *
   * @return the clock font when system fonts work, null when they failed (the caller then paints
   *     again with the block font)
   */
  private Font paintBackground(String cameraName, boolean systemFonts) {
    Graphics2D g = background.createGraphics();
    try {
      int barsBottom = band.y;
      for (int i = 0; i < BARS.length; i++) {
        int left = i * width / BARS.length;
        int right = (i + 1) * width / BARS.length;
        g.setColor(BARS[i]);
        g.fillRect(left, 0, right - left, barsBottom);
      }
      int rampTop = band.y + band.height;
      g.setPaint(new GradientPaint(0, 0, Color.BLACK, width, 0, Color.WHITE));
      g.fillRect(0, rampTop, width, height - rampTop);
      if (systemFonts) {
        try {
          return drawNameWithFont(g, cameraName);
        } catch (RuntimeException | LinkageError | InternalError e) {
          // Typical on a headless box without fontconfig fonts; the picture is still usable.
          log.info("System fonts unavailable ({}); using the built-in block font", e.toString());
          return null;
        }
      }
      drawNameWithBlocks(g, cameraName);
      return null;
    } finally {
      g.dispose();
    }
  }

  private Font drawNameWithFont(Graphics2D g, String name) {
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    int margin = Math.max(2, height / 40);
    int size = Math.max(10, height / 8);
    Font font = new Font(Font.SANS_SERIF, Font.BOLD, size);
    FontMetrics metrics = g.getFontMetrics(font);
    // Shrink long names until they fit; a name cut off at the edge is useless for matching tiles.
    while (size > 8 && metrics.stringWidth(name) > width - 4 * margin) {
      size--;
      font = font.deriveFont((float) size);
      metrics = g.getFontMetrics(font);
    }
    int boxHeight = metrics.getAscent() + metrics.getDescent();
    g.setColor(Color.BLACK);
    g.fillRect(margin, margin, metrics.stringWidth(name) + 2 * margin, boxHeight);
    g.setColor(Color.WHITE);
    g.setFont(font);
    g.drawString(name, 2 * margin, margin + metrics.getAscent());

    int clockSize = Math.max(8, Math.min(clockBox.height * 8 / 10, height / 12));
    Font clock = new Font(Font.MONOSPACED, Font.BOLD, clockSize);
    g.getFontMetrics(clock).stringWidth(clockText(0, fps)); // fail now, not in paint()
    return clock;
  }

  private void drawNameWithBlocks(Graphics2D g, String name) {
    int margin = Math.max(2, height / 40);
    int pixel = blockPixel(name, width - 4 * margin, Math.max(BlockFont.ROWS, height / 8));
    int textHeight = BlockFont.ROWS * pixel;
    g.setColor(Color.BLACK);
    g.fillRect(margin, margin, BlockFont.width(name, pixel) + 2 * margin, textHeight + 2 * pixel);
    g.setColor(Color.WHITE);
    BlockFont.draw(g, name, 2 * margin, margin + pixel, pixel);
  }

  /** The largest block-font cell size at which {@code text} fits the given box (at least 1). */
  private static int blockPixel(String text, int maxWidth, int maxHeight) {
    int byHeight = maxHeight / BlockFont.ROWS;
    int byWidth = Math.max(1, BlockFont.width(text, 1));
    return Math.max(1, Math.min(byHeight, maxWidth / byWidth));
  }
}
