package io.peerwall.bench.record;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.evidence.ExportSigner;
import io.peerwall.recorder.evidence.StationSigningKey;
import io.peerwall.recorder.export.EvidenceBenchmark;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall bench export}: what signing adds to an hour's export and how fast {@code verify}
 * runs, each against a reference measured in the same run (recorder's {@link EvidenceBenchmark}):
 * the signed export against the same export unsigned, verify against plain SHA-256 of the file.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Measure signed exports: the time signing adds to exporting an hour of one camera (target"
          + " <= 5 %%), against the same export unsigned, and verify's speed (target >= 300 MB/s),"
          + " against plain SHA-256 of the file.",
      "Prints readable lines, then one JSON line with the figures."
    })
public final class ExportBenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--minutes",
      defaultValue = "60",
      description = "Minutes of one camera to record and export (60).")
  int minutes;

  @Option(
      names = "--runs",
      defaultValue = "5",
      description = "Exports of each kind, alternating; medians are reported (5).")
  int runs;

  @Option(names = "--size", defaultValue = "1280x720", description = "Picture size (1280x720).")
  String size;

  @Option(names = "--fps", defaultValue = "25", description = "Frames per second (25).")
  int fps;

  @Option(names = "--bitrate", defaultValue = "4000000", description = "Bits per second (4000000).")
  int bitrate;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Work directory (default: <data>/bench/export; emptied first and after).")
  Path dir;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    if (minutes < 1 || runs < 1) {
      throw new io.peerwall.cli.UserFacingException(
          ExitCode.USAGE, "--minutes and --runs must be at least 1");
    }
    AppDirs dirs = common.prepare();
    Path work = dir != null ? dir : dirs.data().resolve("bench").resolve("export");
    RecordBenchCommand.BenchFiles.empty(work);
    double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    int cores = Runtime.getRuntime().availableProcessors();
    out.printf(Locale.ROOT, "load average at start: %.2f on %d cores%n", loadAtStart, cores);
    if (loadAtStart > cores * 0.25) {
      out.printf(
          Locale.ROOT,
          "warning: the machine is busy; the wall-clock overhead needs a free core for the writing"
              + " thread, so it will read high (the CPU figures still hold)%n");
    }
    String[] wh = size.toLowerCase(Locale.ROOT).split("x");
    EncodedClip clip =
        BenchClip.prepare(
            dirs.data().resolve("cache"),
            Integer.parseInt(wh[0]),
            Integer.parseInt(wh[1]),
            fps,
            bitrate,
            out);
    Path data = work.resolve("recordings");
    out.printf("Recording %d minute(s) of one camera as fast as the disk takes it...%n", minutes);
    double recordSeconds = ExportRun.record(clip, data, minutes);
    out.printf(Locale.ROOT, "recorded in %.1f s%n", recordSeconds);
    // A throwaway station key: what is measured is the signing, not whose key it is.
    byte[] sealing = new byte[32];
    new SecureRandom().nextBytes(sealing);
    StationSigningKey key =
        StationSigningKey.loadOrCreate(
            work.resolve("key"), "Bench station", "bench-station", sealing);
    ExportSigner signer = new ExportSigner(key, "bench", Clock.systemUTC());
    EvidenceBenchmark.Figures figures;
    try (Recordings recordings = Recordings.open(data)) {
      figures =
          EvidenceBenchmark.run(
              recordings,
              ExportRun.CAMERA,
              ExportRun.ORIGIN,
              ExportRun.ORIGIN + minutes * 60_000_000L,
              work.resolve("out"),
              signer,
              runs,
              out);
    }
    RecordBenchCommand.BenchFiles.empty(work);
    JsonLine json =
        new JsonLine()
            .put("benchmark", "export")
            .put("minutes", minutes)
            .put("runs", runs)
            .put("size", size)
            .put("fps", fps)
            .put("streamMbps", clip.sizeBytes() * 8.0 / (clip.durationMicros() / 1e6) / 1e6)
            .put("loadAtStart", loadAtStart)
            .put("cores", cores)
            .put("exportMb", figures.megabytes())
            .put("signedSeconds", figures.signedSeconds())
            .put("referenceSeconds", figures.referenceSeconds())
            .put("signingOverhead", figures.signingOverhead())
            .put("faststartSeconds", figures.faststartSeconds())
            .put("fragmentedSeconds", figures.fragmentedSeconds())
            .put("secondThreadSeconds", figures.secondThreadSeconds())
            .put("overheadVsFragmented", figures.overheadVsFragmented())
            .put("signingTargetMet", figures.signingTargetMet())
            .put("signWaitSeconds", figures.signWaitSeconds())
            .put("hashedWhileWritten", figures.hashedWhileWritten())
            .put("unsignedCpuSeconds", figures.secondThreadCpuSeconds())
            .put("signedCpuSeconds", figures.signedCpuSeconds())
            .put("cpuOverhead", figures.cpuOverhead())
            .put("verifyMbPerSecond", figures.verifyMbPerSecond())
            .put("sha256MbPerSecond", figures.sha256MbPerSecond())
            .put("verifyOverSha256", figures.verifyOverSha256())
            .put("verifyTargetMet", figures.verifyTargetMet())
            .put("verdict", figures.verdict())
            .put("loadAtEnd", figures.loadAverage());
    out.println(json);
    return ExitCode.OK;
  }
}
