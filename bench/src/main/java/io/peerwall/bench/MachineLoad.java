package io.peerwall.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The machine's load when a benchmark starts. A benchmark measures what this process can do with
 * the CPU it gets; other busy programs (a build, a video call) take their share, and the figures
 * then understate the machine. Said up front, and recorded in the JSON line.
 */
final class MachineLoad {

  private MachineLoad() {}

  /** The 1-minute load average, or -1 where the OS does not report one. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Prints a warning if other work keeps more than a quarter of the cores busy. */
  static void warnIfBusy(PrintWriter out) {
    double load = loadAverage();
    int cores = Runtime.getRuntime().availableProcessors();
    if (load > cores * 0.25) {
      out.printf(
          Locale.ROOT,
          "warning: the machine is busy (load average %.1f on %d cores); close other programs"
              + " for figures that describe this machine%n",
          load,
          cores);
    }
  }
}
