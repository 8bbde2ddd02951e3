package io.peerwall.station.review;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.StopSignal;
import io.peerwall.cli.UserFacingException;
import io.peerwall.recorder.IndexException;
import io.peerwall.recorder.Recordings;
import io.peerwall.station.StationSetup;
import io.peerwall.station.evidence.StationEvidence;
import io.peerwall.station.recordings.RecordingsCommand;
import io.peerwall.station.recordings.TimeArgument;
import io.peerwall.station.run.StationDisplay;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall review}: the review window on this station's recordings, without the wall (the
 * wall opens the same window with its toolbar button). Needs a display and the desktop module;
 * without them it says so and points to the command-line tools.
 */
@Command(
    name = "review",
    mixinStandardHelpOptions = true,
    description = {
      "Open the review window on the recordings: a timeline of every camera, motion events,"
          + " scrubbing, playback of up to 16 cameras in sync, and exports of a marked range.",
      "Needs a display; on a machine without one use 'peerwall recordings' and 'peerwall export'."
    })
public final class ReviewCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--camera",
      paramLabel = "C",
      description = "A camera to open on (ID or name). Repeatable; default: every recorded camera.")
  List<String> cameras = new ArrayList<>();

  @Option(
      names = "--at",
      paramLabel = "T",
      converter = TimeArgument.class,
      description = "Where to start: 13:05, 2025-11-24 13:05, -10m (default: a minute ago).")
  Long at;

  Clock clock = Clock.systemUTC();
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    if (blank(environment.get("DISPLAY")) && blank(environment.get("WAYLAND_DISPLAY"))) {
      throw new UserFacingException(
          ExitCode.USAGE,
          "the review needs a display (neither DISPLAY nor WAYLAND_DISPLAY is set); on this"
              + " machine use 'peerwall recordings list' and 'peerwall export'");
    }
    StationDisplay display =
        StationDisplay.find()
            .orElseThrow(
                () ->
                    new UserFacingException(
                        ExitCode.FAILURE,
                        "no review window in this installation (desktop/ is not on the class"
                            + " path); use 'peerwall recordings list' and 'peerwall export'"));
    AppDirs dirs = common.prepare();
    List<String> ids = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (Recordings recordings = Recordings.open(dirs.data())) {
      if (cameras.isEmpty()) {
        List<Recordings.CameraInfo> all = recordings.cameras();
        if (all.isEmpty()) {
          throw new UserFacingException(
              ExitCode.USAGE, "nothing is recorded yet in " + dirs.data().resolve("recordings"));
        }
        all.stream()
            .limit(PlaybackEngine.MAX_CAMERAS)
            .forEach(
                c -> {
                  ids.add(c.cameraId());
                  names.add(c.name());
                });
      } else {
        for (String wanted : cameras) {
          Recordings.CameraInfo camera = RecordingsCommand.camera(recordings, wanted);
          if (!ids.contains(camera.cameraId())) {
            ids.add(camera.cameraId());
            names.add(camera.name());
          }
        }
        if (ids.size() > PlaybackEngine.MAX_CAMERAS) {
          throw new UserFacingException(
              ExitCode.USAGE,
              "the review plays at most " + PlaybackEngine.MAX_CAMERAS + " cameras at once");
        }
      }
    } catch (IndexException e) {
      throw new UserFacingException(ExitCode.DATA_DIR, e.getMessage(), e);
    }
    long start = at != null ? at : clock.millis() * 1000 - 60_000_000L;
    StopSignal stop = new StopSignal().onProcessSignal();
    StationDisplay.Window window =
        display.openReview(
            new StationDisplay.ReviewRequest(
                "PeerWall — review",
                dirs.data(),
                ids,
                names,
                start,
                clock,
                () -> stop.trigger("window closed"),
                System.getProperty("peerwall.lang"),
                StationEvidence.open(dirs, StationSetup.open(dirs), clock).exports()));
    try {
      stop.await(null);
    } finally {
      window.close();
      stop.cleanedUp();
    }
    return stop.interruptedBySignal() ? ExitCode.INTERRUPTED : ExitCode.OK;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
