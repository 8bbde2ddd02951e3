package io.peerwall.station.run;

import io.peerwall.cli.ExitCode;
import io.peerwall.station.feed.FeedState;
import java.util.Arrays;
import java.util.List;

/**
 * The exit code of a station run, from how its cameras ended. A refusal says more than "could not
 * be reached", and a changed key most of all (a reset camera, or an impostor): it wins over
 * everything else, then a camera that no longer knows this station, then a wrong password, then a
 * camera that never went live.
 */
public final class StationExit {
  private StationExit() {}

  public static int of(List<FeedReport> cameras) {
    if (any(cameras, FeedState.KEY_CHANGED)) {
      return ExitCode.KEY_MISMATCH;
    }
    if (any(cameras, FeedState.NOT_PAIRED)) {
      return ExitCode.NOT_PAIRED;
    }
    if (any(cameras, FeedState.WRONG_PASSWORD)) {
      return ExitCode.WRONG_PASSWORD;
    }
    return cameras.stream().allMatch(FeedReport::everLive)
        ? ExitCode.OK
        : ExitCode.CAMERA_UNREACHABLE;
  }

  /** Whether the camera ended refusing the station (key changed, not paired, wrong password). */
  public static boolean refused(FeedReport camera) {
    return Arrays.stream(FeedState.values())
        .anyMatch(s -> s.refusal() && s.label().equals(camera.state()));
  }

  private static boolean any(List<FeedReport> cameras, FeedState state) {
    return cameras.stream().anyMatch(c -> state.label().equals(c.state()));
  }
}
