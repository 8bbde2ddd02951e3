package io.peerwall.station.adaptive;

/**
 * Which stream a tile of a given height should show: the sub stream while the tile is no taller
 * than the sub stream's picture (with a margin), otherwise the main stream; as Milestone and Nx do,
 * the smallest stream that is at least as large as the tile. A band between the two thresholds
 * keeps a tile near the limit from flipping back and forth while the window is resized.
 */
public final class StreamPolicy {
  /** Assumed sub stream height when the camera did not announce it. */
  public static final int DEFAULT_SUB_HEIGHT = 360;

  /** Above this share of the sub stream's height, go to the main stream. */
  static final double UP = 1.25;

  /** At or below this share, come back to the sub stream. */
  static final double DOWN = 1.0;

  private StreamPolicy() {}

  /**
   * @param current the stream shown now
   * @param tileHeight the tile's picture height in pixels
   * @param control what the camera offers
   */
  public static StreamChoice choose(StreamChoice current, int tileHeight, StreamControl control) {
    return choose(current, tileHeight, control, 0);
  }

  /**
   * As {@link #choose(StreamChoice, int, StreamControl)}, with the sub stream's height as decoded
   * (0 if not known yet), which wins over what the camera announced.
   */
  public static StreamChoice choose(
      StreamChoice current, int tileHeight, StreamControl control, int knownSubHeight) {
    if (!control.offers(StreamChoice.SUB)) {
      return StreamChoice.MAIN;
    }
    if (!control.offers(StreamChoice.MAIN)) {
      return StreamChoice.SUB;
    }
    int sub = knownSubHeight > 0 ? knownSubHeight : control.announcedHeight(StreamChoice.SUB);
    if (sub <= 0) {
      sub = DEFAULT_SUB_HEIGHT;
    }
    double limit = current == StreamChoice.SUB ? sub * UP : sub * DOWN;
    return tileHeight > limit ? StreamChoice.MAIN : StreamChoice.SUB;
  }
}
