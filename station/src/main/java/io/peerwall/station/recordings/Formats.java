package io.peerwall.station.recordings;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the station's commands print times, durations and sizes. */
public final class Formats {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

  private Formats() {}

  public static String time(long micros, ZoneId zone) {
    return LOCAL.format(Instant.ofEpochSecond(0, micros * 1000).atZone(zone));
  }

  public static String duration(long micros) {
    long seconds = Math.round(micros / 1e6);
    return String.format(
        Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }

  public static String size(long bytes) {
    if (bytes >= 10L << 30) {
      return String.format(Locale.ROOT, "%.0f GB", bytes / (double) (1L << 30));
    }
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
  }
}
