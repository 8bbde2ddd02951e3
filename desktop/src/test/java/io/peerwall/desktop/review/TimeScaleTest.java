package io.peerwall.desktop.review;

import static io.peerwall.desktop.review.TimeScale.DAY;
import static io.peerwall.desktop.review.TimeScale.HOUR;
import static io.peerwall.desktop.review.TimeScale.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The timeline's window and ruler: zoom limits, anchors, and local-time ticks across DST. */
class TimeScaleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static long at(String local, ZoneId zone) {
    return TimeScale.micros(ZonedDateTime.ofLocal(LocalDateTime.parse(local), zone, null));
  }

  @Test
  void zoomKeepsTheAnchorAndStopsAtTenSecondsAndAMonth() {
    TimeScale s = new TimeScale(0, HOUR);
    TimeScale closer = s.zoom(0.5, 15 * MINUTE);
    assertThat(closer.span()).isEqualTo(30 * MINUTE);
    assertThat(closer.x(15 * MINUTE, 1000)).isEqualTo(s.x(15 * MINUTE, 1000));
    TimeScale tiny = s;
    for (int i = 0; i < 30; i++) {
      tiny = tiny.zoom(0.5, 0);
    }
    assertThat(tiny.span()).isEqualTo(TimeScale.MIN_SPAN);
    TimeScale huge = s;
    for (int i = 0; i < 30; i++) {
      huge = huge.zoom(2, 0);
    }
    assertThat(huge.span()).isEqualTo(TimeScale.MAX_SPAN);
    assertThat(s.time(s.x(1234567, 1500), 1500))
        .isCloseTo(1234567L, org.assertj.core.api.Assertions.within(3000L));
  }

  @Test
  void hourTicksSkipTheHourTheClocksSkipped() {
    long from = at("2025-03-30T00:00", BERLIN);
    TimeScale day = new TimeScale(from, from + 23 * HOUR); // that day had 23 hours
    List<TimeScale.Tick> ticks = day.ticks(BERLIN, 2000, 60, Locale.ENGLISH);
    assertThat(day.step(2000, 60)).isEqualTo(HOUR);
    assertThat(ticks)
        .extracting(TimeScale.Tick::label)
        .startsWith("Sun 30 Mar", "01:00", "03:00", "04:00")
        .doesNotContain("02:00")
        .hasSize(23);
    // Every tick is one real hour after the one before.
    for (int i = 1; i < ticks.size(); i++) {
      assertThat(ticks.get(i).micros() - ticks.get(i - 1).micros()).isEqualTo(HOUR);
    }
  }

  @Test
  void theAutumnDayHas25HourTicksAndDayTicksFallOnLocalMidnight() {
    long from = at("2025-10-26T00:00", BERLIN);
    TimeScale day = new TimeScale(from, from + 25 * HOUR);
    List<TimeScale.Tick> ticks = day.ticks(BERLIN, 2500, 60, Locale.ENGLISH);
    assertThat(ticks).hasSize(24); // 02:00 happened twice: one label, the first
    assertThat(ticks)
        .extracting(TimeScale.Tick::label)
        .containsSubsequence("01:00", "02:00", "03:00");
    long twoToThree = ticks.get(3).micros() - ticks.get(2).micros();
    assertThat(twoToThree).isEqualTo(2 * HOUR);

    long week = at("2025-10-20T00:00", BERLIN);
    TimeScale days = new TimeScale(week, week + 14 * DAY);
    List<TimeScale.Tick> midnights = days.ticks(BERLIN, 1400, 60, Locale.ENGLISH);
    assertThat(midnights).allMatch(TimeScale.Tick::major);
    assertThat(midnights)
        .allSatisfy(t -> assertThat(TimeScale.at(t.micros(), BERLIN).getHour()).isZero());
    assertThat(midnights).extracting(TimeScale.Tick::label).contains("Sun 26 Oct", "Mon 27 Oct");
  }

  @Test
  void minuteTicksAlignToTheZonesOwnMinutes() {
    ZoneId kathmandu = ZoneId.of("Asia/Kathmandu"); // UTC+05:45: UTC half hours are :15 and :45
    long from = at("2025-11-24T13:07", kathmandu);
    TimeScale s = new TimeScale(from, from + 4 * HOUR);
    assertThat(s.step(600, 60)).isEqualTo(30 * MINUTE);
    List<TimeScale.Tick> ticks = s.ticks(kathmandu, 600, 60, Locale.ENGLISH);
    assertThat(ticks).extracting(TimeScale.Tick::label).startsWith("13:30", "14:00", "14:30");
  }

  @Test
  void japaneseDates() {
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    long from = at("2025-11-23T12:00", tokyo);
    List<TimeScale.Tick> ticks =
        new TimeScale(from, from + DAY).ticks(tokyo, 1200, 60, Locale.JAPANESE);
    assertThat(ticks).extracting(TimeScale.Tick::label).contains("11月24日(月)");
  }
}
