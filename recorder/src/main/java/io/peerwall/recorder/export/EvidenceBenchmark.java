package io.peerwall.recorder.export;

import io.peerwall.decoder.mux.ByteTap;
import io.peerwall.decoder.mux.Mp4Exporter;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.evidence.ExportSigner;
import io.peerwall.recorder.evidence.ExportVerifier;
import io.peerwall.recorder.evidence.SignedExport;
import io.peerwall.recorder.evidence.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measuring core of the signed-export benchmark (for {@code peerwall bench export} or {@code
 * bench record}): what signing adds to an export, and how fast verification runs, each against a
 * reference measured in the same run. It sits in export/, which uses evidence/ to sign, so that
 * evidence/ does not depend on export/ in return (no package cycle).
 *
 * <ul>
 *   <li><b>Signing overhead</b>: the signed export (fragmented, written by a second thread that
 *       hashes what it writes, then signed) against the same range exported unsigned three ways:
 *       faststart (the unsigned export of the product), fragmented on one thread, and fragmented
 *       written by a second thread that does nothing else (so the gain of that thread is not
 *       counted as signing being free). The reference is the fastest of the three. Each run exports
 *       the four in a rotated order, and deletes each file once it is timed, so that no variant
 *       always runs after the others' dirty pages; medians.
 *   <li><b>Verify throughput</b>: {@link ExportVerifier#verify} of the signed file against plain
 *       SHA-256 of the same file (MessageDigest over the same 1 MiB reads), both from the page
 *       cache.
 * </ul>
 */
public final class EvidenceBenchmark {
  private EvidenceBenchmark() {}

  /**
   * The figures of one run.
   *
   * @param megabytes size of the signed export
   * @param faststartSeconds median unsigned faststart export
   * @param fragmentedSeconds median unsigned fragmented export, written on the muxing thread
   * @param secondThreadSeconds median unsigned fragmented export written by a second thread
   * @param signedSeconds median signed export (export, hash while written, sign, move)
   * @param signingOverhead signedSeconds over the fastest unsigned export, minus 1 (target ≤ 0.05)
   * @param overheadVsFragmented signedSeconds / fragmentedSeconds - 1
   * @param hashedWhileWritten whether every signed run hashed while writing (no second pass)
   * @param verifyMbPerSecond size / median verify time (target ≥ 300)
   * @param sha256MbPerSecond size / median plain SHA-256 time (the reference)
   * @param verifyOverSha256 verifyMbPerSecond / sha256MbPerSecond
   * @param verdict the verdict of the last verify (AUTHENTIC expected)
   * @param fragmentedCpuSeconds median process CPU time of an unsigned fragmented export
   * @param secondThreadCpuSeconds median process CPU time of the second-thread unsigned export
   * @param signedCpuSeconds median process CPU time of a signed export (export + hash + sign)
   * @param cpuOverhead signedCpuSeconds / secondThreadCpuSeconds - 1: what the hash costs in CPU
   *     (the wall-clock overhead is small only while a second core is free)
   * @param loadAverage the system's one-minute load average at the end (other programs count)
   * @param signWaitSeconds median time from the end of the export to the signature
   */
  public record Figures(
      double megabytes,
      double faststartSeconds,
      double fragmentedSeconds,
      double secondThreadSeconds,
      double signedSeconds,
      double signingOverhead,
      double overheadVsFragmented,
      boolean hashedWhileWritten,
      double verifyMbPerSecond,
      double sha256MbPerSecond,
      double verifyOverSha256,
      String verdict,
      double fragmentedCpuSeconds,
      double secondThreadCpuSeconds,
      double signedCpuSeconds,
      double cpuOverhead,
      double loadAverage,
      double signWaitSeconds) {

    public boolean signingTargetMet() {
      return signingOverhead <= 0.05;
    }

    public boolean verifyTargetMet() {
      return verifyMbPerSecond >= 300;
    }

    /** The fastest unsigned export: the reference of {@link #signingOverhead}. */
    public double referenceSeconds() {
      return Math.min(faststartSeconds, Math.min(fragmentedSeconds, secondThreadSeconds));
    }

    /** One JSON object (the benchmark's last line). */
    public String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"exportMb\":%.1f,\"faststartSeconds\":%.3f,\"fragmentedSeconds\":%.3f,"
              + "\"secondThreadSeconds\":%.3f,\"signedSeconds\":%.3f,\"referenceSeconds\":%.3f,"
              + "\"signingOverhead\":%.4f,\"overheadVsFragmented\":%.4f,"
              + "\"hashedWhileWritten\":%b,\"signingTargetMet\":%b,\"verifyMbPerSecond\":%.0f,"
              + "\"sha256MbPerSecond\":%.0f,\"verifyOverSha256\":%.3f,\"verifyTargetMet\":%b,"
              + "\"verdict\":\"%s\",\"fragmentedCpuSeconds\":%.3f,"
              + "\"secondThreadCpuSeconds\":%.3f,\"signedCpuSeconds\":%.3f,"
              + "\"cpuOverhead\":%.4f,\"loadAverage\":%.2f,\"signWaitSeconds\":%.3f}",
          megabytes,
          faststartSeconds,
          fragmentedSeconds,
          secondThreadSeconds,
          signedSeconds,
          referenceSeconds(),
          signingOverhead,
          overheadVsFragmented,
          hashedWhileWritten,
          signingTargetMet(),
          verifyMbPerSecond,
          sha256MbPerSecond,
          verifyOverSha256,
          verifyTargetMet(),
          verdict,
          fragmentedCpuSeconds,
          secondThreadCpuSeconds,
          signedCpuSeconds,
          cpuOverhead,
          loadAverage,
          signWaitSeconds);
    }
  }

  private enum Variant {
    FASTSTART("faststart"),
    FRAGMENTED("fragmented"),
    SECOND_THREAD("fragmented, second thread"),
    SIGNED("signed");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  /** Wall and CPU seconds of each run of one variant. */
  private record Times(List<Double> wall, List<Double> cpu) {
    Times() {
      this(new ArrayList<>(), new ArrayList<>());
    }
  }

  /**
   * Exports {@code cameraId} from {@code from} to {@code to} (microseconds, wall clock) {@code
   * runs} times each way into {@code workDir}, verifies, and prints a line per step to {@code out}.
   * Leaves nothing in {@code workDir}.
   */
  public static Figures run(
      Recordings recordings,
      String cameraId,
      long from,
      long to,
      Path workDir,
      ExportSigner signer,
      int runs,
      PrintStream out)
      throws IOException {
    Files.createDirectories(workDir);
    Path signed = workDir.resolve("bench-signed.mp4");
    Map<Variant, Times> times = new EnumMap<>(Variant.class);
    for (Variant v : Variant.values()) {
      times.put(v, new Times());
    }
    List<Double> waits = new ArrayList<>();
    boolean allFollowed = true;
    Variant[] order = Variant.values();
    try {
      for (int r = 0; r < runs; r++) {
        StringBuilder line = new StringBuilder("run " + (r + 1) + ":");
        for (int k = 0; k < order.length; k++) {
          Variant v = order[(k + r) % order.length];
          Path file = v == Variant.SIGNED ? signed : workDir.resolve("bench-unsigned.mp4");
          Files.deleteIfExists(file);
          long t0 = System.nanoTime();
          long c0 = processCpuNanos();
          switch (v) {
            case FASTSTART -> ClipExport.export(recordings, cameraId, from, to, file, p -> {});
            case FRAGMENTED -> fragmentedExport(recordings, cameraId, from, to, file, null);
            case SECOND_THREAD -> fragmentedExport(recordings, cameraId, from, to, file, b -> {});
            case SIGNED -> {
              ClipExport.Result s =
                  ClipExport.export(recordings, cameraId, from, to, file, p -> {}, signer);
              allFollowed &= s.signature().map(SignedExport::hashedWhileWritten).orElse(false);
              waits.add(s.signature().map(x -> x.signWaitMillis() / 1e3).orElse(Double.NaN));
            }
          }
          double wall = (System.nanoTime() - t0) / 1e9;
          double cpu = (processCpuNanos() - c0) / 1e9;
          times.get(v).wall().add(wall);
          times.get(v).cpu().add(cpu);
          line.append(String.format(Locale.ROOT, " %s %.2f s (CPU %.2f s);", v.label, wall, cpu));
          if (v != Variant.SIGNED || r < runs - 1) {
            Files.deleteIfExists(file); // its dirty pages are not left to the next variant
          }
        }
        out.println(line.substring(0, line.length() - 1));
      }
      double mb = Files.size(signed) / 1e6;
      List<Double> verify = new ArrayList<>();
      List<Double> sha = new ArrayList<>();
      String verdict = "";
      for (int r = 0; r < Math.max(3, runs); r++) {
        long t0 = System.nanoTime();
        sha256(signed);
        long t1 = System.nanoTime();
        Verdict v = ExportVerifier.verify(signed);
        long t2 = System.nanoTime();
        verdict = v.getClass().getSimpleName();
        sha.add((t1 - t0) / 1e9);
        verify.add((t2 - t1) / 1e9);
      }
      double fastS = median(times.get(Variant.FASTSTART).wall());
      double fragS = median(times.get(Variant.FRAGMENTED).wall());
      double threadS = median(times.get(Variant.SECOND_THREAD).wall());
      double signS = median(times.get(Variant.SIGNED).wall());
      double reference = Math.min(fastS, Math.min(fragS, threadS));
      double verifyRate = mb / median(verify);
      double shaRate = mb / median(sha);
      double threadCpu = median(times.get(Variant.SECOND_THREAD).cpu());
      double signCpu = median(times.get(Variant.SIGNED).cpu());
      Figures f =
          new Figures(
              mb,
              fastS,
              fragS,
              threadS,
              signS,
              signS / reference - 1,
              signS / fragS - 1,
              allFollowed,
              verifyRate,
              shaRate,
              verifyRate / shaRate,
              verdict,
              median(times.get(Variant.FRAGMENTED).cpu()),
              threadCpu,
              signCpu,
              signCpu / threadCpu - 1,
              ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
              median(waits));
      out.printf(
          Locale.ROOT,
          "signed export of %.0f MB: %.2f s against the fastest unsigned export %.2f s: %+.1f %%"
              + " (target <= 5 %%); unsigned: faststart %.2f s, fragmented %.2f s (%+.1f %%),"
              + " fragmented written by a second thread %.2f s%n",
          mb,
          signS,
          reference,
          100 * f.signingOverhead(),
          fastS,
          fragS,
          100 * f.overheadVsFragmented(),
          threadS);
      out.printf(
          Locale.ROOT,
          "CPU: signed %.2f s against %.2f s unsigned (second thread): %+.1f %%; fragmented %.2f s"
              + " (load average %.1f on %d cores)%n",
          f.signedCpuSeconds(),
          f.secondThreadCpuSeconds(),
          100 * f.cpuOverhead(),
          f.fragmentedCpuSeconds(),
          f.loadAverage(),
          Runtime.getRuntime().availableProcessors());
      out.printf(
          Locale.ROOT,
          "verify: %.0f MB/s (target >= 300), plain SHA-256 of the file: %.0f MB/s (ratio %.2f);"
              + " verdict %s%n",
          verifyRate,
          shaRate,
          f.verifyOverSha256(),
          verdict);
      return f;
    } finally {
      Files.deleteIfExists(workDir.resolve("bench-unsigned.mp4"));
      Files.deleteIfExists(signed);
    }
  }

  private static void fragmentedExport(
      Recordings recordings, String cameraId, long from, long to, Path output, ByteTap tap)
      throws IOException {
    var present =
        recordings.segments(cameraId, from, to).stream()
            .filter(s -> Files.exists(s.file()))
            .map(s -> new io.peerwall.decoder.mux.RecordedSegment(s.file(), s.startMicros()))
            .toList();
    Mp4Exporter.export(
        present,
        from,
        to,
        output,
        cameraId,
        Mp4Exporter.Layout.FRAGMENTED,
        Mp4Exporter.ReadGate.NONE,
        tap);
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  /** Plain SHA-256 of a file, read as the verifier reads it (direct buffers of 1 MiB). */
  static byte[] sha256(Path file) throws IOException {
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
      long at = 0;
      int n;
      while ((n = c.read(b.clear(), at)) > 0) {
        at += n;
        d.update(b.flip());
      }
    }
    return d.digest();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
