package io.peerwall.station.review;

import java.util.List;

/**
 * The speeds review plays at, from 16× backwards to 16× forwards. Above 4× and backwards only
 * keyframes are shown (one picture a GOP, as Nx Witness and Milestone do): decoding every frame at
 * 16× would need 16 times the CPU of live viewing for pictures nobody can follow.
 */
public final class PlaybackSpeed {
  /** Every speed offered, slowest backwards first. */
  public static final List<Double> ALL =
      List.of(-16.0, -8.0, -4.0, -2.0, -1.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0);

  /** The fastest speed that still shows every frame. */
  public static final double FASTEST_EVERY_FRAME = 4.0;

  private PlaybackSpeed() {}

  /** Whether this speed shows keyframes only. */
  public static boolean keyframesOnly(double speed) {
    return speed < 0 || speed > FASTEST_EVERY_FRAME;
  }

  /**
   * The allowed speed nearest to {@code speed}.
   *
   * @throws IllegalArgumentException for 0 (that is a pause) or a value that is not a number
   */
  public static double nearest(double speed) {
    if (speed == 0 || Double.isNaN(speed)) {
      throw new IllegalArgumentException("a speed must be a non-zero number, got " + speed);
    }
    double best = ALL.get(0);
    for (double s : ALL) {
      if (Math.signum(s) == Math.signum(speed)
          && (Math.signum(best) != Math.signum(speed)
              || Math.abs(Math.log(Math.abs(s / speed)))
                  < Math.abs(Math.log(Math.abs(best / speed))))) {
        best = s;
      }
    }
    return best;
  }

  /** The next allowed speed up ({@code +1}) or down ({@code -1}) from {@code speed}; clamped. */
  public static double step(double speed, int direction) {
    int i = ALL.indexOf(nearest(speed));
    int next = Math.max(0, Math.min(ALL.size() - 1, i + Integer.signum(direction)));
    return ALL.get(next);
  }
}
