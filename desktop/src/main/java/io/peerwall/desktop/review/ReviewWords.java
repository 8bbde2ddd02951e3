package io.peerwall.desktop.review;

import io.peerwall.desktop.ui.Texts;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the review says its position, zone, speed and durations. */
final class ReviewWords {
  /** 24-hour time with milliseconds (frames are 40 ms apart) and the zone's abbreviation. */
  private static final DateTimeFormatter POSITION =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS zzz");

  private ReviewWords() {}

  /** "2025-11-24 13:05:12.345 JST". */
  static String position(long micros, ZoneId zone, Locale locale) {
    return POSITION.withLocale(locale).format(TimeScale.at(micros, zone));
  }

  /** The zone and its offset at that moment: "Europe/Berlin, UTC+01:00". */
  static String zone(long micros, ZoneId zone) {
    ZonedDateTime local = TimeScale.at(micros, zone);
    String offset = local.getOffset().getTotalSeconds() == 0 ? "+00:00" : local.getOffset().getId();
    return zone.getId() + ", UTC" + offset;
  }

  /** "Live", "Paused", "Scrubbing", "4×", "−2× (backwards)". */
  static String speed(Texts texts, boolean live, boolean scrubbing, double speed) {
    if (live) {
      return texts.get("review.speed.live");
    }
    if (speed == 0) {
      return texts.get(scrubbing ? "review.speed.scrubbing" : "review.speed.paused");
    }
    String value =
        speed == Math.rint(speed)
            ? Long.toString((long) Math.abs(speed))
            : Double.toString(Math.abs(speed));
    return texts.get(speed < 0 ? "review.speed.back" : "review.speed.forward", value);
  }

  /** "1 h 02 min", "3 min 05 s", "12 s". */
  static String duration(long micros) {
    Duration d = Duration.ofMillis(micros / 1000);
    if (d.toHours() > 0) {
      return String.format(Locale.ROOT, "%d h %02d min", d.toHours(), d.toMinutesPart());
    }
    if (d.toMinutes() > 0) {
      return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
    return d.toSeconds() + " s";
  }
}
