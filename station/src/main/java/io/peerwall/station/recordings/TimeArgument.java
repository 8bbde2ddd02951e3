package io.peerwall.station.recordings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses the times people type for {@code --from} and {@code --to} into microseconds since the
 * epoch: {@code now}; relative to now ({@code -10m}, {@code -2h}, {@code -1d}, {@code -30s}); a
 * local date and time ({@code 2025-11-24 13:05}, {@code 2025-11-24T13:05:30}); a local time today
 * ({@code 13:05}); a date ({@code 2025-11-24}, midnight); or an instant with a zone ({@code
 * 2025-11-24T12:05:00Z}, {@code ...+01:00}).
 */
public final class TimeArgument implements ITypeConverter<Long> {
  private static final Pattern RELATIVE = Pattern.compile("-(\\d+)([smhd])");

  private final Clock clock;
  private final ZoneId zone;

  /** The system clock and time zone (what picocli uses). */
  public TimeArgument() {
    this(Clock.systemDefaultZone(), ZoneId.systemDefault());
  }

  public TimeArgument(Clock clock, ZoneId zone) {
    this.clock = clock;
    this.zone = zone;
  }

  @Override
  public Long convert(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    if (value.equals("now")) {
      return micros(now);
    }
    Matcher relative = RELATIVE.matcher(value);
    if (relative.matches()) {
      long amount = Long.parseLong(relative.group(1));
      Duration d =
          switch (relative.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
      return micros(now.minus(d));
    }
    String iso = text.trim().replace(' ', 'T');
    try {
      if (iso.endsWith("Z") || iso.endsWith("z") || iso.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return micros(java.time.OffsetDateTime.parse(iso.toUpperCase(Locale.ROOT)).toInstant());
      }
      if (iso.contains("T")) {
        return micros(LocalDateTime.parse(iso).atZone(zone).toInstant());
      }
      if (iso.contains(":")) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        return micros(LocalTime.parse(iso).atDate(today).atZone(zone).toInstant());
      }
      return micros(LocalDate.parse(iso).atStartOfDay(zone).toInstant());
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "'"
              + text
              + "' is not a time: use 2025-11-24 13:05, 13:05, -10m, -2h, now, or an"
              + " ISO-8601 instant like 2025-11-24T12:05:00Z");
    }
  }

  public static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }
}
