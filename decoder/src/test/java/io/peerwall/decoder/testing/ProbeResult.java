package io.peerwall.decoder.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What ffprobe says about a file. */
public record ProbeResult(
    String codec,
    int width,
    int height,
    long frames,
    double durationSeconds,
    String format,
    String errors) {

  static ProbeResult parse(List<String> lines, String errors) {
    Map<String, String> values = new HashMap<>();
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.putIfAbsent(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return new ProbeResult(
        values.getOrDefault("codec_name", ""),
        parseInt(values.get("width")),
        parseInt(values.get("height")),
        parseInt(values.get("nb_read_frames")),
        parseDouble(values.get("duration")),
        values.getOrDefault("format_name", ""),
        errors.strip());
  }

  private static int parseInt(String s) {
    try {
      return s == null ? 0 : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static double parseDouble(String s) {
    try {
      return s == null ? 0 : Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
