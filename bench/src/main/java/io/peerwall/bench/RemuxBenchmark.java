package io.peerwall.bench;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.mux.SegmentRecorder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU to record one stream without re-encoding: {@code mediaSeconds} of a camera stream written
 * through the recorder (MPEG-TS segments, flush per packet, an fsync per media second as when
 * recording live) as fast as it goes, on one thread. CPU time of that thread / media time = the
 * share of a core one recorded stream costs.
 */
final class RemuxBenchmark {

  /** What recording cost. */
  record Result(
      double mediaSeconds,
      double cpuSeconds,
      double cpuPercentOfCorePerStream,
      double megabitsPerSecond,
      long bytesWritten,
      int segments) {}

  private RemuxBenchmark() {}

  static Result measure(EncodedClip clip, int mediaSeconds, Path directory) throws IOException {
    Files.createDirectories(directory);
    List<AccessUnit> units = clip.units();
    int total = mediaSeconds * clip.fps();
    long frameMicros = 1_000_000L / clip.fps();
    long baseEpoch = System.currentTimeMillis() * 1000;
    int[] segments = {0};
    long[] bytes = {0};
    SegmentRecorder.Config config =
        new SegmentRecorder.Config(
            directory, "remux-bench", Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ZERO);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    try (SegmentRecorder recorder =
        new SegmentRecorder(
            config,
            info -> {
              segments[0]++;
              bytes[0] += info.bytes();
            })) {
      for (int i = 0; i < total; i++) {
        AccessUnit source = units.get(i % units.size());
        long pts = i * frameMicros;
        recorder.write(
            new AccessUnit(source.codec(), source.data(), pts, baseEpoch + pts, source.keyframe()));
        if ((i + 1) % clip.fps() == 0) {
          recorder.sync(); // what syncInterval = 1 s does when recording in real time
        }
      }
    }
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    return new Result(
        mediaSeconds,
        cpu,
        100.0 * cpu / mediaSeconds,
        bytes[0] * 8 / 1e6 / mediaSeconds,
        bytes[0],
        segments[0]);
  }
}
