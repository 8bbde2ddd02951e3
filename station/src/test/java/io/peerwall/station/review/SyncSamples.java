package io.peerwall.station.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Samples of the frame each tile shows, taken together, and what "in sync" means for them: most
 * samples (95 %) within one frame of each other; no stall of a tile longer than a few frames (a
 * machine shared with other builds does delay threads now and then); and no drift: each tile's lag
 * behind the clock is the same, within a frame, in the second half of the run as in the first.
 */
public final class SyncSamples {
  private final List<long[]> samples = new ArrayList<>(); // clock, then one shown time per tile

  /** Adds a sample: the clock's position and the time of the frame each tile shows. */
  public void add(long position, long... shown) {
    long[] row = new long[shown.length + 1];
    row[0] = position;
    System.arraycopy(shown, 0, row, 1, shown.length);
    samples.add(row);
  }

  /** Frames apart (max − min) at each sample after the first fifth (settling). */
  public long[] spreads() {
    List<long[]> settled = samples.subList(samples.size() / 5, samples.size());
    long[] spreads = new long[settled.size()];
    for (int i = 0; i < spreads.length; i++) {
      long[] row = settled.get(i);
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int t = 1; t < row.length; t++) {
        min = Math.min(min, row[t]);
        max = Math.max(max, row[t]);
      }
      spreads[i] = max - min;
    }
    return spreads;
  }

  /** The q-quantile (0..1) of the spreads. */
  public long spread(double q) {
    long[] s = spreads();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.floor(q * s.length))];
  }

  /**
   * How much each tile's mean lag behind the clock changed from the first half of the settled
   * samples to the second: the drift; the largest over the tiles.
   */
  public long drift() {
    List<long[]> settled = samples.subList(samples.size() / 5, samples.size());
    int half = settled.size() / 2;
    long worst = 0;
    for (int t = 1; t < settled.get(0).length; t++) {
      double first = 0;
      double second = 0;
      for (int i = 0; i < settled.size(); i++) {
        long lag = settled.get(i)[0] - settled.get(i)[t];
        if (i < half) {
          first += lag;
        } else {
          second += lag;
        }
      }
      worst =
          Math.max(worst, Math.round(Math.abs(second / (settled.size() - half) - first / half)));
    }
    return worst;
  }

  /** Asserts sync within one frame (see the class comment). */
  public void assertInSync(long frameMicros) {
    assertThat(samples.size()).as("samples").isGreaterThan(20);
    assertThat(spread(0.95))
        .as("95 %% of samples within a frame")
        .isLessThanOrEqualTo(frameMicros + 20);
    assertThat(spread(1.0))
        .as("no tile stalled for long")
        .isLessThanOrEqualTo(4 * frameMicros + 20);
    assertThat(drift()).as("no drift between the halves").isLessThanOrEqualTo(frameMicros);
  }
}
