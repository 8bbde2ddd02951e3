package io.peerwall.station.audit;

/**
 * A camera's audit verdict, worst first. A camera's verdict is its worst finding's; {@link
 * #UNKNOWN} when the station never read its facts. {@link #points()} feed the overall score
 * (docs/audit.md).
 */
public enum Verdict {
  CRITICAL(0),
  HIGH(25),
  MEDIUM(60),
  OK(100),
  UNKNOWN(-1);

  private final int points;

  Verdict(int points) {
    this.points = points;
  }

  /** What a camera with this verdict adds to the overall score (0..100); -1: not counted. */
  public int points() {
    return points;
  }

  /** Whether "Fix all" changes this camera's password. */
  public boolean needsFix() {
    return this == CRITICAL || this == HIGH;
  }

  /** The key of its words in the audit texts ("verdict.CRITICAL"). */
  public String key() {
    return "verdict." + name();
  }
}
