package io.peerwall.station.recordings;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.Verifier;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peerwall recordings verify}: hashes and index against the files. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check every recorded segment against the index: the file exists, has the recorded size,"
          + " hashes to the recorded SHA-256 and holds the recorded frames; and every segment"
          + " file has an index row. Changes nothing.",
      "Exit code 0 when everything is intact, "
          + ExitCode.RECORDINGS_DAMAGED
          + " when a file is missing, altered, cut or unindexed."
    })
public final class VerifyCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--camera", paramLabel = "C", description = "Only this camera (ID or name).")
  String camera;

  @Option(names = "--quick", description = "Sizes only: do not read the files to hash them.")
  boolean quick;

  PrintStream out = System.out;

  @Override
  public Integer call() throws IOException {
    AppDirs dirs = common.prepare();
    try (Recordings recordings = Recordings.open(dirs.data())) {
      String cameraId =
          camera == null ? null : RecordingsCommand.camera(recordings, camera).cameraId();
      long started = System.nanoTime();
      long[] seen = {0};
      Verifier.Report report =
          Verifier.verify(
              recordings,
              cameraId,
              !quick,
              segment -> {
                if (++seen[0] % 1000 == 0) {
                  out.printf("checked %d segments...%n", seen[0]);
                }
              });
      for (Verifier.Problem problem : report.problems()) {
        out.println("  " + problem);
      }
      out.printf(
          "verified %d segment(s), %s, in %.1f s: %s%n",
          report.segments(),
          Formats.size(report.bytes()),
          (System.nanoTime() - started) / 1e9,
          report.ok() ? "all intact" : "PROBLEMS FOUND (see above)");
      return report.ok() ? ExitCode.OK : ExitCode.RECORDINGS_DAMAGED;
    }
  }
}
