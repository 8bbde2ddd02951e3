package io.peerwall.bench;

import java.util.Arrays;

/** Small statistics for repeated measurements. */
final class Stats {

  private Stats() {}

  /**
   * The median; repeated runs vary with what else the machine does, the median ignores outliers.
   */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The p-th percentile (0..100) of {@code values[0..count)}, nearest rank. */
  static long percentile(long[] values, int count, double p) {
    if (count == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * count) - 1;
    return sorted[Math.max(0, Math.min(count - 1, rank))];
  }
}
