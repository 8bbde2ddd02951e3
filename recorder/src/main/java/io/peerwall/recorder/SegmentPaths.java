package io.peerwall.recorder;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of {@code recordings/} (docs/storage.md section 1): a directory per camera and stream,
 * then UTC date and hour, then {@code HH-MM-SS.ffffffZ-<id>.ts}. A segment's path follows from its
 * stream directory, start time and id, so the index does not store it.
 */
public final class SegmentPaths {
  /** Directory under the data directory that holds every recording. */
  public static final String RECORDINGS = "recordings";

  /** File in each camera directory naming the camera, for people and for an index rebuild. */
  public static final String CAMERA_FILE = "camera.txt";

  private static final Pattern FILE =
      Pattern.compile("(\\d{2})-(\\d{2})-(\\d{2})\\.(\\d{6})Z-(\\d+)\\.ts");
  private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");

  private SegmentPaths() {}

  /**
   * The directory name of a camera: a slug of its name and of its ID, so that a person can find a
   * camera and two cameras with the same name do not share a directory.
   */
  public static String cameraDir(String name, String cameraId) {
    String namePart = slug(name, 40);
    String idPart = slug(cameraId, 16);
    return (namePart.isEmpty() ? "camera" : namePart) + "_" + (idPart.isEmpty() ? "x" : idPart);
  }

  static String slug(String text, int max) {
    String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    boolean dash = false;
    for (int i = 0; i < lower.length() && out.length() < max; i++) {
      char c = lower.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (dash && out.length() > 0) {
          out.append('-');
        }
        out.append(c);
        dash = false;
      } else {
        dash = true;
      }
    }
    return out.toString();
  }

  /** The path of a segment relative to its stream directory. */
  public static String relativeFile(long startMicros, long segmentId) {
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(Math.floorDiv(startMicros, 1_000_000L), 0, ZoneOffset.UTC);
    long micros = Math.floorMod(startMicros, 1_000_000L);
    return String.format(
        Locale.ROOT,
        "%04d-%02d-%02d/%02d/%02d-%02d-%02d.%06dZ-%d.ts",
        t.getYear(),
        t.getMonthValue(),
        t.getDayOfMonth(),
        t.getHour(),
        t.getHour(),
        t.getMinute(),
        t.getSecond(),
        micros,
        segmentId);
  }

  /** The hour directory (relative to the stream directory) a time falls in. */
  public static String hourDir(long micros) {
    String file = relativeFile(micros, 0);
    return file.substring(0, file.lastIndexOf('/'));
  }

  /** A segment file name's start time and id, when {@code file} is one of ours. */
  public static Optional<Parsed> parse(Path file) {
    Matcher name = FILE.matcher(file.getFileName().toString());
    Path hour = file.getParent();
    Path date = hour == null ? null : hour.getParent();
    if (!name.matches() || date == null) {
      return Optional.empty();
    }
    Matcher day = DATE.matcher(date.getFileName().toString());
    if (!day.matches() || !hour.getFileName().toString().equals(name.group(1))) {
      return Optional.empty();
    }
    try {
      LocalDateTime t =
          LocalDateTime.of(
              Integer.parseInt(day.group(1)),
              Integer.parseInt(day.group(2)),
              Integer.parseInt(day.group(3)),
              Integer.parseInt(name.group(1)),
              Integer.parseInt(name.group(2)),
              Integer.parseInt(name.group(3)));
      Instant instant = t.toInstant(ZoneOffset.UTC);
      long micros = instant.getEpochSecond() * 1_000_000L + Long.parseLong(name.group(4));
      return Optional.of(new Parsed(micros, Long.parseLong(name.group(5))));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** What a segment file name says. */
  public record Parsed(long startMicros, long segmentId) {}
}
