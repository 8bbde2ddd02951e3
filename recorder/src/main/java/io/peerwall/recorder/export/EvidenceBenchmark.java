package io.peerwall.recorder.export;

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
import java.util.List;
import java.util.Locale;

/**
 * The measuring core of the signed-export benchmark (for {@code peerwall bench export} or {@code
 * bench record}): what signing adds to an export, and how fast verification runs, each against a
 * reference measured in the same run. It sits in export/, which uses evidence/ to sign, so that
 * evidence/ does not depend on export/ in return (no package cycle).
 *
 * <ul>
 *   <li><b>Signing overhead</b>: the signed export (fragmented, hashed while written, then signed)
 *       against the same export unsigned (fragmented), and against today's unsigned faststart
 *       export. Runs alternate so each sees the same machine; medians.
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
   * @param fragmentedSeconds median unsigned fragmented export
   * @param signedSeconds median signed export (export, hash while written, sign, move)
   * @param signingOverhead signedSeconds / fragmentedSeconds - 1 (target ≤ 0.05)
   * @param overheadVsFaststart signedSeconds / faststartSeconds - 1
   * @param hashedWhileWritten whether every signed run hashed while writing (no second pass)
   * @param verifyMbPerSecond size / median verify time (target ≥ 300)
   * @param sha256MbPerSecond size / median plain SHA-256 time (the reference)
   * @param verifyOverSha256 verifyMbPerSecond / sha256MbPerSecond
   * @param verdict the verdict of the last verify (AUTHENTIC expected)
   * @param faststartCpuSeconds median process CPU time of an unsigned faststart export
   * @param fragmentedCpuSeconds median process CPU time of an unsigned fragmented export
   * @param signedCpuSeconds median process CPU time of a signed export (export + hash + sign)
   * @param cpuOverhead signedCpuSeconds / fragmentedCpuSeconds - 1: what signing costs when no core
   *     is spare (the wall-clock overhead is small only while a second core is free)
   * @param loadAverage the system's one-minute load average at the end (other programs count)
   * @param hashWaitSeconds median time signing waited for the hash once the export had finished
   */
  public record Figures(
      double megabytes,
      double faststartSeconds,
      double fragmentedSeconds,
      double signedSeconds,
      double signingOverhead,
      double overheadVsFaststart,
      boolean hashedWhileWritten,
      double verifyMbPerSecond,
      double sha256MbPerSecond,
      double verifyOverSha256,
      String verdict,
      double faststartCpuSeconds,
      double fragmentedCpuSeconds,
      double signedCpuSeconds,
      double cpuOverhead,
      double loadAverage,
      double hashWaitSeconds) {

    public boolean signingTargetMet() {
      return signingOverhead <= 0.05;
    }

    public boolean verifyTargetMet() {
      return verifyMbPerSecond >= 300;
    }

    /** One JSON object (the benchmark's last line). */
    public String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"exportMb\":%.1f,\"faststartSeconds\":%.3f,\"fragmentedSeconds\":%.3f,"
              + "\"signedSeconds\":%.3f,\"signingOverhead\":%.4f,\"overheadVsFaststart\":%.4f,"
              + "\"hashedWhileWritten\":%b,\"signingTargetMet\":%b,\"verifyMbPerSecond\":%.0f,"
              + "\"sha256MbPerSecond\":%.0f,\"verifyOverSha256\":%.3f,\"verifyTargetMet\":%b,"
              + "\"verdict\":\"%s\",\"faststartCpuSeconds\":%.3f,\"fragmentedCpuSeconds\":%.3f,\"signedCpuSeconds\":%.3f,"
              + "\"cpuOverhead\":%.4f,\"loadAverage\":%.2f,\"hashWaitSeconds\":%.3f}",
          megabytes,
          faststartSeconds,
          fragmentedSeconds,
          signedSeconds,
          signingOverhead,
          overheadVsFaststart,
          hashedWhileWritten,
          signingTargetMet(),
          verifyMbPerSecond,
          sha256MbPerSecond,
          verifyOverSha256,
          verifyTargetMet(),
          verdict,
          faststartCpuSeconds,
          fragmentedCpuSeconds,
          signedCpuSeconds,
          cpuOverhead,
          loadAverage,
          hashWaitSeconds);
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
    Path faststart = workDir.resolve("bench-faststart.mp4");
    Path fragmented = workDir.resolve("bench-fragmented.mp4");
    Path signed = workDir.resolve("bench-signed.mp4");
    List<Double> fast = new ArrayList<>();
    List<Double> frag = new ArrayList<>();
    List<Double> sign = new ArrayList<>();
    List<Double> waits = new ArrayList<>();
    List<Double> fastCpu = new ArrayList<>();
    List<Double> fragCpu = new ArrayList<>();
    List<Double> signCpu = new ArrayList<>();
    boolean allFollowed = true;
    try {
      for (int r = 0; r < runs; r++) {
        long t0 = System.nanoTime();
        long c0 = processCpuNanos();
        ClipExport.export(recordings, cameraId, from, to, faststart, p -> {});
        long t1 = System.nanoTime();
        long c1 = processCpuNanos();
        fastCpu.add((c1 - c0) / 1e9);
        fragmentedExport(recordings, cameraId, from, to, fragmented);
        long t2 = System.nanoTime();
        long c2 = processCpuNanos();
        ClipExport.Result s =
            ClipExport.export(recordings, cameraId, from, to, signed, p -> {}, signer);
        long t3 = System.nanoTime();
        long c3 = processCpuNanos();
        fragCpu.add((c2 - c1) / 1e9);
        signCpu.add((c3 - c2) / 1e9);
        allFollowed &= s.signature().map(SignedExport::hashedWhileWritten).orElse(false);
        waits.add(s.signature().map(x -> x.hashWaitMillis() / 1e3).orElse(Double.NaN));
        fast.add((t1 - t0) / 1e9);
        frag.add((t2 - t1) / 1e9);
        sign.add((t3 - t2) / 1e9);
        out.printf(
            Locale.ROOT,
            "run %d: faststart %.2f s (CPU %.2f s), fragmented %.2f s (CPU %.2f s), signed %.2f s"
                + " (CPU %.2f s; waited %.2f s for the hash after the export)%n",
            r + 1,
            fast.get(r),
            fastCpu.get(r),
            frag.get(r),
            fragCpu.get(r),
            sign.get(r),
            signCpu.get(r),
            waits.get(r));
        Files.deleteIfExists(faststart);
        Files.deleteIfExists(fragmented);
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
      double fastS = median(fast);
      double fragS = median(frag);
      double signS = median(sign);
      double verifyRate = mb / median(verify);
      double shaRate = mb / median(sha);
      Figures f =
          new Figures(
              mb,
              fastS,
              fragS,
              signS,
              signS / fragS - 1,
              signS / fastS - 1,
              allFollowed,
              verifyRate,
              shaRate,
              verifyRate / shaRate,
              verdict,
              median(fastCpu),
              median(fragCpu),
              median(signCpu),
              median(signCpu) / median(fragCpu) - 1,
              ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
              median(waits));
      out.printf(
          Locale.ROOT,
          "signed export of %.0f MB: %.2f s against %.2f s unsigned (fragmented): %+.1f %%"
              + " (target <= 5 %%); against the faststart export (%.2f s): %+.1f %%%n",
          mb,
          signS,
          fragS,
          100 * f.signingOverhead(),
          fastS,
          100 * f.overheadVsFaststart());
      out.printf(
          Locale.ROOT,
          "CPU: signed %.2f s against %.2f s unsigned: %+.1f %%; faststart %.2f s"
              + " (load average %.1f on %d cores)%n",
          f.signedCpuSeconds(),
          f.fragmentedCpuSeconds(),
          100 * f.cpuOverhead(),
          f.faststartCpuSeconds(),
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
      Files.deleteIfExists(faststart);
      Files.deleteIfExists(fragmented);
      Files.deleteIfExists(signed);
    }
  }

  private static void fragmentedExport(
      Recordings recordings, String cameraId, long from, long to, Path output) throws IOException {
    var present =
        recordings.segments(cameraId, from, to).stream()
            .filter(s -> Files.exists(s.file()))
            .map(s -> new io.peerwall.decoder.mux.RecordedSegment(s.file(), s.startMicros()))
            .toList();
    Mp4Exporter.export(present, from, to, output, cameraId, Mp4Exporter.Layout.FRAGMENTED);
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
