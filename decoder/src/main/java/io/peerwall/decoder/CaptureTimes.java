package io.peerwall.decoder;

/**
 * Remembers the capture times of recently sent units by pts, so a decoded picture gets the capture
 * time of the unit it came from: decoding may delay a picture by a frame or more.
 */
final class CaptureTimes {

  /** How many sent timestamps to remember. */
  private static final int HISTORY = 64;

  private final long[] sentPts = new long[HISTORY];
  private final long[] sentCapture = new long[HISTORY];
  private int sentNext;
  private long lastCapture;

  void remember(long pts, long capture) {
    sentPts[sentNext] = pts;
    sentCapture[sentNext] = capture;
    sentNext = (sentNext + 1) % HISTORY;
    lastCapture = capture;
  }

  /** The capture time sent with {@code pts}, newest first; the last one sent if it is unknown. */
  long captureFor(long pts) {
    for (int i = 1; i <= HISTORY; i++) {
      int slot = Math.floorMod(sentNext - i, HISTORY);
      if (sentPts[slot] == pts) {
        return sentCapture[slot];
      }
    }
    return lastCapture;
  }
}
