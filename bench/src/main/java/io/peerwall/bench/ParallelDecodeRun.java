package io.peerwall.bench;

import io.peerwall.decoder.EncodedClip;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * N camera tiles decoding at once, each on its own thread (as the station runs them), paced in real
 * time, for a warm-up and then a measured window: how many keep real time, at what CPU.
 */
final class ParallelDecodeRun {

  /** What one level of the benchmark found. */
  record Result(
      int streams,
      int tileWidth,
      int tileHeight,
      int realtimeStreams,
      double decodedFps,
      double cpuPercentOfMachine,
      double othersPercentOfMachine,
      double latenessP50Millis,
      double latenessP99Millis,
      long allocatedBytes,
      long framesDecoded) {}

  private final EncodedClip clip;
  private final long warmupNanos;
  private final long windowNanos;

  ParallelDecodeRun(EncodedClip clip, double warmupSeconds, double windowSeconds) {
    this.clip = clip;
    this.warmupNanos = (long) (warmupSeconds * 1e9);
    this.windowNanos = (long) (windowSeconds * 1e9);
  }

  /** The tile a 1920x1080 wall gives each of {@code streams}, never larger than the source. */
  static int[] tileSize(int streams, int sourceWidth, int sourceHeight) {
    int columns = (int) Math.ceil(Math.sqrt(streams));
    int rows = (int) Math.ceil(streams / (double) columns);
    int width = Math.min(sourceWidth, 1920 / columns);
    int height = Math.min(sourceHeight, 1080 / rows);
    return new int[] {width & ~1, height & ~1};
  }

  Result run(int streams) throws InterruptedException {
    int[] tile = tileSize(streams, clip.width(), clip.height());
    long period = 1_000_000_000L / clip.fps();
    int[] keys = clip.keyframeIndices();
    Random random = new Random(streams);
    long start = System.nanoTime() + 200_000_000L; // time to start the threads
    long windowStart = start + warmupNanos;
    long windowEnd = windowStart + windowNanos;
    List<PacedStream> paced = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      // Cameras are not in step: random start position and phase.
      PacedStream stream =
          new PacedStream(
              clip,
              keys[random.nextInt(keys.length)],
              start + (long) (random.nextDouble() * period),
              period,
              windowStart,
              windowEnd,
              tile[0],
              tile[1]);
      Thread thread = NamedThreadFactory.single("bench-stream-" + i).newThread(stream);
      paced.add(stream);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    sleepUntil(windowStart);
    long cpuStart = os.getProcessCpuTime();
    SystemCpu.Sample machineStart = SystemCpu.sample();
    long wallStart = System.nanoTime();
    sleepUntil(windowEnd);
    long cpu = os.getProcessCpuTime() - cpuStart;
    SystemCpu.Sample machineEnd = SystemCpu.sample();
    long wall = System.nanoTime() - wallStart;
    for (Thread thread : threads) {
      thread.join();
    }
    int realtime = 0;
    long decoded = 0;
    long allocated = 0;
    long[] all = new long[paced.stream().mapToInt(PacedStream::lateCount).sum()];
    int n = 0;
    for (PacedStream stream : paced) {
      if (stream.failure() != null) {
        throw new IllegalStateException("a decoding thread failed", stream.failure());
      }
      realtime += stream.keptRealTime(2 * period) ? 1 : 0;
      decoded += stream.decodedInWindow();
      allocated += stream.allocatedBytes();
      System.arraycopy(stream.lateness(), 0, all, n, stream.lateCount());
      n += stream.lateCount();
    }
    int cores = Runtime.getRuntime().availableProcessors();
    double ours = 100.0 * cpu / (wall * (double) cores);
    double machine = machineEnd.busySince(machineStart);
    double others = machine < 0 ? -1 : Math.max(0, 100.0 * machine - ours);
    return new Result(
        streams,
        tile[0],
        tile[1],
        realtime,
        decoded / (windowNanos / 1e9),
        ours,
        others,
        Stats.percentile(all, n, 50) / 1e6,
        Stats.percentile(all, n, 99) / 1e6,
        allocated,
        decoded);
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, left / 1_000_000));
    }
  }
}
