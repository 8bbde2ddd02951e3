package io.peerwall.decoder;

import org.bytedeco.javacpp.Pointer;

/** Native memory readings for leak tests: RSS as the OS sees it, and what JavaCPP tracks. */
final class NativeMemory {

  private NativeMemory() {}

  /**
   * Resident memory of this process outside the JVM's heaps, in bytes: RSS (JavaCPP reads
   * /proc/self/statm) minus the committed heap and non-heap, so that the Java heap growing or
   * shrinking does not look like native memory coming and going.
   */
  static long residentBytes() {
    // Give the JVM a chance to return freed Java heap pages first, so they do not look like leaks.
    System.gc();
    // Return memory the C allocator keeps for reuse (malloc_trim), so that only held memory counts.
    Pointer.trimMemory();
    java.lang.management.MemoryMXBean memory =
        java.lang.management.ManagementFactory.getMemoryMXBean();
    return Pointer.physicalBytes()
        - memory.getHeapMemoryUsage().getCommitted()
        - memory.getNonHeapMemoryUsage().getCommitted();
  }

  /** Bytes JavaCPP allocated for Java-side Pointers and has not freed. */
  static long javacppBytes() {
    return Pointer.totalBytes();
  }

  static String mb(long bytes) {
    return String.format(java.util.Locale.ROOT, "%+.1f MB", bytes / 1e6);
  }
}
