package io.peerwall.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the whole machine, from Linux's /proc/stat, so that a benchmark can tell how much of
 * the CPU other programs took while it measured (and say so, rather than report a slow machine).
 * Elsewhere it reports nothing and the benchmark only has its own figures.
 */
final class SystemCpu {

  private static final Path STAT = Path.of("/proc/stat");

  /** Busy and total time of all cores, in clock ticks; both -1 when unknown. */
  record Sample(long busyTicks, long totalTicks) {

    /** Busy share of the machine between {@code earlier} and this sample, 0..1; -1 if unknown. */
    double busySince(Sample earlier) {
      if (busyTicks < 0 || earlier.busyTicks < 0 || totalTicks == earlier.totalTicks) {
        return -1;
      }
      return (double) (busyTicks - earlier.busyTicks) / (totalTicks - earlier.totalTicks);
    }
  }

  private SystemCpu() {}

  static Sample sample() {
    try {
      String first = Files.readAllLines(STAT).get(0); // "cpu  user nice system idle iowait ..."
      String[] fields = first.trim().split("\\s+");
      long total = 0;
      long idle = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        long value = Long.parseLong(fields[i]);
        total += value;
        if (i == 4 || i == 5) {
          idle += value; // idle and iowait
        }
      }
      return new Sample(total - idle, total);
    } catch (IOException | RuntimeException e) {
      return new Sample(-1, -1);
    }
  }
}
