package io.peerwall.bench.record;

import java.util.Arrays;

/** Query latencies in nanoseconds: percentiles in milliseconds. */
final class Latencies {
  private final long[] samples;
  private int count;

  Latencies(int capacity) {
    samples = new long[capacity];
  }

  void add(long nanos) {
    if (count < samples.length) {
      samples[count++] = nanos;
    }
  }

  double percentileMillis(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    int index = (int) Math.min(count - 1, Math.ceil(p / 100.0 * count) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  int count() {
    return count;
  }
}
