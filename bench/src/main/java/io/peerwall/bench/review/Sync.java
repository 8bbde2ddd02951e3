package io.peerwall.bench.review;

import java.util.Arrays;
import java.util.List;

/**
 * How far apart the tiles' pictures were at each FX pulse while playing (spread: the newest shown
 * frame time less the oldest), and the drift: how much any tile's average lag behind the clock
 * changed from the first half of the run to the second. The first fifth is left out (start-up).
 */
record Sync(long p50, long p99, long max, long drift) {

  static Sync of(List<long[]> rows) {
    List<long[]> settled = rows.subList(rows.size() / 5, rows.size());
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
    Arrays.sort(spreads);
    int half = settled.size() / 2;
    long drift = 0;
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
      drift =
          Math.max(drift, Math.round(Math.abs(second / (settled.size() - half) - first / half)));
    }
    return new Sync(at(spreads, 0.5), at(spreads, 0.99), spreads[spreads.length - 1], drift);
  }

  private static long at(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
  }
}
