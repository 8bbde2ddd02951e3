package io.peerwall.station.run;

import io.peerwall.cli.DurationConverter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** How a station shows its cameras and how long it runs; shared by demo and station. */
public final class DisplayOptions {
  @Option(
      names = "--headless",
      description =
          "No window: print a status line per camera instead (automatic with no display).")
  boolean headless;

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "Run this long (20s, 5m, 1h), then exit 0. Default: until Ctrl-C or the window closes.")
  Duration duration;

  @Option(
      names = "--stats-json",
      paramLabel = "FILE",
      description =
          "At exit, write per-camera figures (frames, fps, kbit/s, path, latency) to FILE.")
  Path statsJson;

  @Option(
      names = "--status-interval",
      paramLabel = "D",
      converter = DurationConverter.class,
      defaultValue = "5s",
      description = "Headless: print status lines this often (default: ${DEFAULT-VALUE}).")
  Duration statusInterval;

  /**
   * Headless when asked, when the environment has no display to open a window on, or when this
   * installation has no wall (no {@link StationDisplay} on the class path).
   */
  public boolean headless(Map<String, String> env) {
    return headless
        || (blank(env.get("DISPLAY")) && blank(env.get("WAYLAND_DISPLAY")))
        || StationDisplay.find().isEmpty();
  }

  public Duration duration() {
    return duration;
  }

  public Path statsJson() {
    return statsJson;
  }

  public Duration statusInterval() {
    return statusInterval.isZero() ? Duration.ofSeconds(5) : statusInterval;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
