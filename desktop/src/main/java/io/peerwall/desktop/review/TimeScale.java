package io.peerwall.desktop.review;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The part of time the timeline shows, [from, to) in epoch microseconds, and its ruler: from ten
 * seconds to a month across the width. Ticks fall on local-time boundaries of the zone, so a day
 * with a DST change has 23 or 25 hours and its hour labels skip or repeat as the clocks did. Plain
 * Java: tested without a toolkit.
 */
public record TimeScale(long fromMicros, long toMicros) {
  public static final long SECOND = 1_000_000L;
  public static final long MINUTE = 60 * SECOND;
  public static final long HOUR = 60 * MINUTE;
  public static final long DAY = 24 * HOUR;

  /** The closest zoom: ten seconds across the width. */
  public static final long MIN_SPAN = 10 * SECOND;

  /** The widest: a month across the width. */
  public static final long MAX_SPAN = 31 * DAY;

  /** Tick spacings tried, smallest first. */
  private static final long[] STEPS = {
    SECOND,
    2 * SECOND,
    5 * SECOND,
    10 * SECOND,
    15 * SECOND,
    30 * SECOND,
    MINUTE,
    2 * MINUTE,
    5 * MINUTE,
    10 * MINUTE,
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    7 * DAY
  };

  /** A mark on the ruler; major ones (midnight) carry the date. */
  public record Tick(long micros, String label, boolean major) {}

  public TimeScale {
    if (toMicros - fromMicros < MIN_SPAN / 2) {
      throw new IllegalArgumentException("a timeline shows at least " + MIN_SPAN / 2 + " µs");
    }
  }

  /** {@code span} ending at {@code end}. */
  public static TimeScale ending(long end, long span) {
    long s = clampSpan(span);
    return new TimeScale(end - s, end);
  }

  /** {@code span} centred on {@code t}. */
  public static TimeScale around(long t, long span) {
    long s = clampSpan(span);
    return new TimeScale(t - s / 2, t - s / 2 + s);
  }

  public long span() {
    return toMicros - fromMicros;
  }

  public boolean contains(long t) {
    return t >= fromMicros && t < toMicros;
  }

  /** Where t falls across {@code width} pixels (may be outside 0..width). */
  public double x(long t, double width) {
    return (t - fromMicros) * width / span();
  }

  /** The time at pixel x of {@code width}. */
  public long time(double x, double width) {
    return fromMicros + Math.round(x / width * span());
  }

  /**
   * Zooms by {@code factor} (below 1 closer, above 1 wider), keeping {@code anchor} where it is on
   * screen; clamped to ten seconds .. a month.
   */
  public TimeScale zoom(double factor, long anchor) {
    long span = clampSpan(Math.round(span() * factor));
    double fraction = (anchor - fromMicros) / (double) span();
    long from = anchor - Math.round(fraction * span);
    return new TimeScale(from, from + span);
  }

  /** Moves the window by {@code micros} (positive: later). */
  public TimeScale pan(long micros) {
    return new TimeScale(fromMicros + micros, toMicros + micros);
  }

  /** The same span moved so t is in view (with a tenth of the span around it). */
  public TimeScale showing(long t) {
    long margin = span() / 10;
    if (t < fromMicros + margin) {
      return pan(t - fromMicros - margin);
    }
    if (t > toMicros - margin) {
      return pan(t - toMicros + margin);
    }
    return this;
  }

  private static long clampSpan(long span) {
    return Math.max(MIN_SPAN, Math.min(MAX_SPAN, span));
  }

  /** The tick spacing for labels at least {@code minPixels} apart across {@code width}. */
  public long step(double width, double minPixels) {
    double wanted = span() * minPixels / Math.max(1, width);
    for (long step : STEPS) {
      if (step >= wanted) {
        return step;
      }
    }
    return STEPS[STEPS.length - 1];
  }

  /** The ruler's ticks in the zone, at least {@code minPixels} apart across {@code width}. */
  public List<Tick> ticks(ZoneId zone, double width, double minPixels, Locale locale) {
    long step = step(width, minPixels);
    List<Tick> ticks = new ArrayList<>();
    if (step < HOUR) {
      DateTimeFormatter f =
          DateTimeFormatter.ofPattern(step < MINUTE ? "HH:mm:ss" : "HH:mm", locale);
      // Aligned in local time: a zone half an hour off UTC gets ticks on its own minutes.
      long t = alignUp(fromMicros, step, zone);
      while (t < toMicros) {
        ZonedDateTime local = at(t, zone);
        boolean midnight = local.getHour() == 0 && local.getMinute() == 0 && local.getSecond() == 0;
        ticks.add(new Tick(t, midnight ? date(local, locale) : f.format(local), midnight));
        t = alignUp(t + step, step, zone);
      }
      return ticks;
    }
    LocalDate day = at(fromMicros, zone).toLocalDate();
    if (step < DAY) {
      int hours = (int) (step / HOUR);
      DateTimeFormatter f = DateTimeFormatter.ofPattern("HH:mm", locale);
      long last = Long.MIN_VALUE;
      for (; ; day = day.plusDays(1)) {
        for (int h = 0; h < 24; h += hours) {
          // A local time the clocks skipped is moved forward by ofLocal: keep each instant once.
          ZonedDateTime local = ZonedDateTime.ofLocal(day.atTime(h, 0), zone, null);
          long t = micros(local);
          if (t >= toMicros) {
            return ticks;
          }
          if (t >= fromMicros && t > last) {
            boolean midnight = h == 0;
            ticks.add(new Tick(t, midnight ? date(local, locale) : f.format(local), midnight));
            last = t;
          }
        }
      }
    }
    int days = (int) (step / DAY);
    for (; ; day = day.plusDays(1)) {
      long t = micros(day.atStartOfDay(zone));
      if (t >= toMicros) {
        return ticks;
      }
      boolean onStep =
          days == 7 ? day.getDayOfWeek().getValue() == 1 : day.toEpochDay() % days == 0;
      if (t >= fromMicros && onStep) {
        ticks.add(new Tick(t, date(at(t, zone), locale), true));
      }
    }
  }

  private static long alignUp(long t, long step, ZoneId zone) {
    long offset =
        zone.getRules().getOffset(Instant.ofEpochSecond(Math.floorDiv(t, SECOND))).getTotalSeconds()
            * SECOND;
    long local = t + offset;
    long aligned = Math.floorDiv(local + step - 1, step) * step;
    return aligned - offset;
  }

  private static String date(ZonedDateTime local, Locale locale) {
    return DateTimeFormatter.ofPattern(
            Locale.JAPANESE.getLanguage().equals(locale.getLanguage()) ? "M月d日(E)" : "EEE d MMM",
            locale)
        .format(local);
  }

  static ZonedDateTime at(long micros, ZoneId zone) {
    return Instant.ofEpochSecond(
            Math.floorDiv(micros, SECOND), Math.floorMod(micros, SECOND) * 1000)
        .atZone(zone);
  }

  static long micros(ZonedDateTime t) {
    return t.toEpochSecond() * SECOND + t.getNano() / 1000;
  }

  /** A full date and time for the screen: "2025-11-24 13:05:12" in the locale's way. */
  static String dateTime(long micros, ZoneId zone, Locale locale) {
    return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
        .withLocale(locale)
        .format(LocalDateTime.ofInstant(at(micros, zone).toInstant(), zone));
  }
}
