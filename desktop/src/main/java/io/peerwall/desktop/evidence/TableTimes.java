package io.peerwall.desktop.evidence;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as the evidence tables show them: to the second (the CLI and the verdict keep the
 * milliseconds), and a range on one day with its date once, so the columns fit without "…".
 */
final class TableTimes {
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  private TableTimes() {}

  static String at(long micros, ZoneId zone) {
    return DAY_TIME.format(local(micros, zone));
  }

  /** "2025-11-23 12:13:21 – 12:13:29"; both dates when the range crosses midnight. */
  static String range(long fromMicros, long toMicros, ZoneId zone) {
    ZonedDateTime from = local(fromMicros, zone);
    ZonedDateTime to = local(toMicros, zone);
    String end =
        from.toLocalDate().equals(to.toLocalDate()) ? TIME.format(to) : DAY_TIME.format(to);
    return DAY_TIME.format(from) + " – " + end;
  }

  private static ZonedDateTime local(long micros, ZoneId zone) {
    return Instant.ofEpochSecond(0, micros * 1000).atZone(zone);
  }
}
