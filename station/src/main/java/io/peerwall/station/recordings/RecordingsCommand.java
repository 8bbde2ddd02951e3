package io.peerwall.station.recordings;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.custody.EvidenceLocks;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code peerwall recordings}: what is recorded, and whether it is intact. */
@Command(
    name = "recordings",
    mixinStandardHelpOptions = true,
    description = "List and verify what the station recorded (see docs/storage.md).",
    subcommands = {RecordingsCommand.ListRecordings.class, VerifyCommand.class})
public final class RecordingsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a subcommand is needed: 'recordings list' or 'recordings verify'");
  }

  /** Finds a camera by ID or (case-insensitive) name; a clear error naming the known ones. */
  public static Recordings.CameraInfo camera(Recordings recordings, String wanted) {
    List<Recordings.CameraInfo> cameras = recordings.cameras();
    for (Recordings.CameraInfo c : cameras) {
      if (c.cameraId().equals(wanted)) {
        return c;
      }
    }
    for (Recordings.CameraInfo c : cameras) {
      if (c.name().equalsIgnoreCase(wanted)) {
        return c;
      }
    }
    throw new UserFacingException(
        ExitCode.USAGE,
        "no recordings of camera '"
            + wanted
            + "'; recorded cameras: "
            + (cameras.isEmpty()
                ? "none"
                : String.join(
                    ", ",
                    cameras.stream().map(c -> c.name() + " (" + c.cameraId() + ")").toList())));
  }

  /** {@code peerwall recordings list [--camera C] [--from T] [--to T]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "Without --camera: every recorded camera with the span and size of its recordings.",
        "With --camera: its recorded ranges, motion events and gaps between --from and --to"
            + " (default: the last 24 hours)."
      })
  public static final class ListRecordings implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--camera", paramLabel = "C", description = "Camera ID or name.")
    String camera;

    @Option(
        names = "--from",
        paramLabel = "T",
        converter = TimeArgument.class,
        description = "Start: 2025-11-24 13:05, 13:05, -2h, now, or 2025-11-24T12:05:00Z.")
    Long from;

    @Option(
        names = "--to",
        paramLabel = "T",
        converter = TimeArgument.class,
        description = "End (default: now).")
    Long to;

    PrintStream out = System.out;
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public Integer call() {
      AppDirs dirs = common.prepare();
      try (Recordings recordings = Recordings.open(dirs.data())) {
        if (camera == null) {
          listCameras(recordings);
        } else {
          listCamera(recordings);
        }
        try (EvidenceLocks locks = EvidenceLocks.open(dirs.data())) {
          out.println(lockLine(locks.list(false).size(), locks.lockedBytes()));
        }
      }
      return ExitCode.OK;
    }

    /** How much evidence locks keep: what the quota warning is about (decision 0050). */
    static String lockLine(int activeLocks, long lockedBytes) {
      if (activeLocks == 0) {
        return "evidence locks: none";
      }
      return String.format(
          Locale.ROOT,
          "evidence locks: %d active, keeping %s of recordings from retention (see 'peerwall lock"
              + " list')",
          activeLocks,
          Formats.size(lockedBytes));
    }

    private void listCameras(Recordings recordings) {
      List<Recordings.CameraInfo> cameras = recordings.cameras();
      if (cameras.isEmpty()) {
        out.println("No recordings yet.");
        return;
      }
      out.printf(
          Locale.ROOT,
          "%-20s %-24s %-23s  %-23s %10s %9s%n",
          "camera",
          "id",
          "first",
          "last",
          "size",
          "segments");
      for (Recordings.CameraInfo c : cameras) {
        boolean any = c.segments() > 0;
        out.printf(
            Locale.ROOT,
            "%-20s %-24s %-23s  %-23s %10s %9d%n",
            c.name(),
            c.cameraId(),
            any ? Formats.time(c.firstMicros(), zone) : "-",
            any ? Formats.time(c.lastMicros(), zone) : "-",
            Formats.size(c.bytes()),
            c.segments());
      }
    }

    private void listCamera(Recordings recordings) {
      Recordings.CameraInfo info = RecordingsCommand.camera(recordings, camera);
      long end = to != null ? to : TimeArgument.micros(java.time.Instant.now());
      long start = from != null ? from : end - 24L * 3600 * 1_000_000;
      if (end <= start) {
        throw new UserFacingException(ExitCode.USAGE, "--to must be after --from");
      }
      Recordings.Timeline timeline = recordings.timeline(info.cameraId(), start, end);
      out.printf(
          "%s (%s), %s to %s%n",
          info.name(), info.cameraId(), Formats.time(start, zone), Formats.time(end, zone));
      long recorded = 0;
      out.println("recorded:");
      for (Recordings.Range r : timeline.ranges()) {
        recorded += r.endMicros() - r.startMicros();
        out.printf(
            "  %s  to  %s  (%s)%n",
            Formats.time(r.startMicros(), zone),
            Formats.time(r.endMicros(), zone),
            Formats.duration(r.endMicros() - r.startMicros()));
      }
      if (timeline.ranges().isEmpty()) {
        out.println("  nothing");
      }
      out.println("motion events:" + (timeline.events().isEmpty() ? " none" : ""));
      for (Recordings.MotionEvent e : timeline.events()) {
        out.printf(
            Locale.ROOT,
            "  %s  to  %s  (score %.3f)%n",
            Formats.time(e.startMicros(), zone),
            e.endMicros().map(t -> Formats.time(t, zone)).orElse("(ongoing)"),
            e.score());
      }
      out.println("gaps:" + (timeline.gaps().isEmpty() ? " none" : ""));
      for (Recordings.Gap g : timeline.gaps()) {
        out.printf(
            "  %s  to  %s  %s%n",
            Formats.time(g.startMicros(), zone),
            g.endMicros().map(t -> Formats.time(t, zone)).orElse("(ongoing)"),
            g.reason());
      }
      out.printf(
          "%d range(s), %s recorded, %d motion event(s)%n",
          timeline.ranges().size(), Formats.duration(recorded), timeline.events().size());
    }
  }
}
