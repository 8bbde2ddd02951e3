package io.peerwall.bench.wall;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's memory after a GC: resident set (Linux), Java heap in use, direct buffers. */
final class MemoryProbe {
  private MemoryProbe() {}

  record Sample(long rssBytes, long heapBytes, long directBytes) {}

  static Sample sample() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long direct =
        ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(b -> b.getName().equals("direct"))
            .mapToLong(BufferPoolMXBean::getMemoryUsed)
            .sum();
    return new Sample(rss(), heap, direct);
  }

  /** VmRSS from /proc/self/status, or -1 where there is none. */
  static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux: no RSS figure.
    }
    return -1;
  }
}
