package io.peerwall.bench.record;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/** CPU time of the recorder's threads ({@code recorder-*}) and of the whole process. */
final class ThreadCpu {
  private final Map<Long, Long> recorderThreads;
  private final long process;

  private ThreadCpu(Map<Long, Long> recorderThreads, long process) {
    this.recorderThreads = recorderThreads;
    this.process = process;
  }

  static ThreadCpu sample() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("recorder-")) {
        long nanos = threads.getThreadCpuTime(info.getThreadId());
        if (nanos >= 0) {
          cpu.put(info.getThreadId(), nanos);
        }
      }
    }
    long process = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      process = os.getProcessCpuTime();
    }
    return new ThreadCpu(cpu, process);
  }

  /** Nanoseconds of CPU the recorder threads used since {@code earlier}. */
  long recorderSince(ThreadCpu earlier) {
    long total = 0;
    for (Map.Entry<Long, Long> e : recorderThreads.entrySet()) {
      total += e.getValue() - earlier.recorderThreads.getOrDefault(e.getKey(), 0L);
    }
    return total;
  }

  long processSince(ThreadCpu earlier) {
    return process < 0 || earlier.process < 0 ? 0 : process - earlier.process;
  }
}
