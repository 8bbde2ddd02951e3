package io.peerwall.station.recordings;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.StopSignal;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.recorder.IndexException;
import io.peerwall.recorder.Recordings;
import io.peerwall.station.StationSetup;
import io.peerwall.station.evidence.Exports;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall export --camera C --from T --to T -o clip.mp4}: through the station's {@link
 * Exports}, so the file is signed with the station's key and logged in the export log.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a camera's recording between two times to an MP4 that common players and browsers"
          + " open: the camera's own frames (no re-encoding), from the keyframe at or before"
          + " --from, across segments; gaps stay gaps.",
      "The file is signed with this station's key (ONVIF export file format: anyone can check it"
          + " with 'peerwall verify FILE'), carries the bookmarks that overlap the range inside"
          + " the signature, and is logged with its SHA-256 ('peerwall exports list').",
      "Several --camera give one file per camera, named after the output with the camera's"
          + " name added."
    })
public final class ExportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--camera",
      paramLabel = "C",
      required = true,
      description = "Camera ID or name; repeat for several cameras (one file each).")
  List<String> cameras = new ArrayList<>();

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

  @Option(
      names = "--unsigned",
      description = "Do not sign (the export is still logged, as unsigned).")
  boolean unsigned;

  @Option(
      names = "--no-bookmarks",
      description = "Leave the bookmarks that overlap the range out of the file.")
  boolean noBookmarks;

  PrintStream out = System.out;
  ZoneId zone = ZoneId.systemDefault();
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    if (to <= from) {
      throw new UserFacingException(ExitCode.USAGE, "--to must be after --from");
    }
    AppDirs dirs = common.prepare();
    List<String> ids = new ArrayList<>();
    try (Recordings recordings = Recordings.open(dirs.data())) {
      for (String wanted : cameras) {
        String id = RecordingsCommand.camera(recordings, wanted).cameraId();
        if (ids.contains(id)) {
          throw new UserFacingException(ExitCode.USAGE, "camera '" + wanted + "' is given twice");
        }
        ids.add(id);
      }
    }
    StationCredentials station = unsigned ? null : StationSetup.open(dirs);
    Exports exports = unsigned ? Exports.unsigned(dirs) : Exports.signed(dirs, station, clock);
    StopSignal stop = new StopSignal().onProcessSignal();
    try {
      Exports.Outcome outcome =
          exports.export(
              new Exports.Request(ids, from, to, output, !noBookmarks),
              new ProgressLines(out),
              stop::triggered);
      for (Exports.ExportedFile file : outcome.files()) {
        report(file, station);
      }
      if (outcome.cancelled()) {
        out.println("peerwall: export cancelled; the file being written was removed");
        return ExitCode.INTERRUPTED;
      }
      return ExitCode.OK;
    } catch (IOException | IndexException e) {
      throw new UserFacingException(ExitCode.FAILURE, "export failed: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(ExitCode.USAGE, e.getMessage(), e);
    } finally {
      stop.cleanedUp();
    }
  }

  private void report(Exports.ExportedFile file, StationCredentials station) {
    for (Path missing : file.missingSegments()) {
      out.println("peerwall: skipped a missing segment file: " + missing);
    }
    out.printf(
        Locale.ROOT,
        "wrote %s: %s from %s, %d frames, %s%n",
        file.file(),
        Formats.duration(file.durationMicros()),
        Formats.time(file.startMicros(), zone),
        file.frames(),
        Formats.size(file.bytes()));
    if (file.signed()) {
      out.printf(
          "  signed by %s (station %s), certificate fingerprint%n    %s%n",
          station.name(), station.stationId(), file.fingerprint().orElseThrow());
      if (file.bookmarks() > 0) {
        out.printf("  carries %d bookmark(s) inside the signature%n", file.bookmarks());
      }
    } else {
      out.println("  NOT signed (--unsigned): nobody can check later that it was not edited");
    }
    out.printf(
        "  SHA-256 %s%n  logged as export #%d (peerwall exports list)%n",
        file.sha256(), file.logId());
  }

  /** "exporting Front door: 40% (copying)" every 10 % of each camera. */
  private static final class ProgressLines
      implements java.util.function.Consumer<Exports.Progress> {
    private final PrintStream out;
    private int camera = -1;
    private int lastPercent;

    ProgressLines(PrintStream out) {
      this.out = out;
    }

    @Override
    public synchronized void accept(Exports.Progress p) {
      if (p.camera() != camera) {
        camera = p.camera();
        lastPercent = -10;
      }
      double ofCamera = p.fraction() * p.cameras() - p.camera();
      int percent = (int) Math.floor(Math.max(0, Math.min(1, ofCamera)) * 100);
      boolean done = p.phase().equals("done");
      if (percent >= lastPercent + 10 || done) {
        lastPercent = percent;
        out.printf(
            Locale.ROOT,
            "exporting %s: %3d%% (%s)%n",
            p.cameraName(),
            done ? 100 : percent,
            p.phase());
      }
    }
  }
}
