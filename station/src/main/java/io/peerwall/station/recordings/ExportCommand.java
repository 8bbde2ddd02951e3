package io.peerwall.station.recordings;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.export.ClipExport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peerwall export --camera C --from T --to T -o clip.mp4}. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a camera's recording between two times to an MP4 that common players and browsers"
          + " open: the camera's own frames (no re-encoding), from the keyframe at or before"
          + " --from, across segments; gaps stay gaps."
    })
public final class ExportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--camera", paramLabel = "C", required = true, description = "Camera ID or name.")
  String camera;

  @Option(
      names = "--from",
      paramLabel = "T",
      required = true,
      converter = TimeArgument.class,
      description = "Start: 2025-11-24 13:05, 13:05, -2h, now, or 2025-11-24T12:05:00Z.")
  long from;

  @Option(
      names = "--to",
      paramLabel = "T",
      required = true,
      converter = TimeArgument.class,
      description = "End.")
  long to;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      required = true,
      description = "The MP4 to write (replaced if it exists).")
  Path output;

  PrintStream out = System.out;
  ZoneId zone = ZoneId.systemDefault();

  @Override
  public Integer call() {
    if (to <= from) {
      throw new UserFacingException(ExitCode.USAGE, "--to must be after --from");
    }
    AppDirs dirs = common.prepare();
    try (Recordings recordings = Recordings.open(dirs.data())) {
      Recordings.CameraInfo info = RecordingsCommand.camera(recordings, camera);
      int[] lastPercent = {-10};
      ClipExport.Result result =
          ClipExport.export(
              recordings,
              info.cameraId(),
              from,
              to,
              output,
              p -> {
                int percent = (int) Math.floor(p.fraction() * 100);
                if (percent >= lastPercent[0] + 10 || p.phase().equals("done")) {
                  lastPercent[0] = percent;
                  out.printf(
                      Locale.ROOT, "exporting %s: %3d%% (%s)%n", info.name(), percent, p.phase());
                }
              });
      for (Path missing : result.missingSegments()) {
        out.println("peerwall: skipped a missing segment file: " + missing);
      }
      var export = result.export();
      out.printf(
          Locale.ROOT,
          "wrote %s: %s from %s, %d frames, %s%n",
          export.file(),
          Formats.duration(export.durationMicros()),
          Formats.time(export.startEpochMicros(), zone),
          export.frames(),
          Formats.size(export.bytes()));
      return ExitCode.OK;
    } catch (IOException e) {
      throw new UserFacingException(ExitCode.FAILURE, "export failed: " + e.getMessage(), e);
    }
  }
}
