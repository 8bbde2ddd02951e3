package io.peerwall.recorder;

import java.util.Locale;

/** What the recorder keeps of a camera's main stream. */
public enum RecordingMode {
  /** Everything, all the time. */
  CONTINUOUS,
  /** Only around motion events, with a pre-roll before and a post-roll after each. */
  MOTION,
  /** Nothing (motion events are still detected and stored). */
  OFF;

  /** The value stored in {@code camera.record_mode}. */
  public String sqlName() {
    return this == CONTINUOUS ? "continuous" : name().toLowerCase(Locale.ROOT);
  }

  public static RecordingMode fromSql(String value) {
    return switch (value) {
      case "continuous" -> CONTINUOUS;
      case "motion" -> MOTION;
      case "off" -> OFF;
      default -> throw new IllegalArgumentException("unknown recording mode " + value);
    };
  }
}
