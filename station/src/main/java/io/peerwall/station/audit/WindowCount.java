package io.peerwall.station.audit;

/**
 * A count over a window (the last 24 hours, the last 30 days), from two readings of a camera's
 * cumulative counter. When the station's history does not reach back to the window's start, the
 * count is everything the camera counted until now: an upper bound ({@code atMost}), shown "≤ n".
 */
public record WindowCount(long value, boolean atMost) {
  static final WindowCount ZERO = new WindowCount(0, false);

  public String text() {
    return atMost && value > 0 ? "≤" + value : Long.toString(value);
  }
}
