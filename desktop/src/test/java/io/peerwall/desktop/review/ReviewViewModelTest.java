package io.peerwall.desktop.review;

import static io.peerwall.station.review.ReviewRecordings.S;
import static io.peerwall.station.review.ReviewRecordings.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.review.ExportSigning;
import io.peerwall.station.review.PlaybackEngine;
import io.peerwall.station.review.ReviewRecordings;
import io.peerwall.station.review.ReviewSession;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's view-model without a toolkit, on recordings the real recorder wrote, with an
 * injected wall clock and timer: the window follows now and stops following when panned; zoom
 * limits; the date-time picker across DST; a change of the computer's clock is said; marks and
 * exports refuse bad requests plainly and export good ones; events filter, play and get marked.
 */
@Timeout(90)
class ReviewViewModelTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  @TempDir static Path dataDir;
  @TempDir Path exports;
  private final AtomicLong wallMillis = new AtomicLong((T0 + 600 * S) / 1000);
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(wallMillis.get());
        }
      };
  private final FxQueue fx = new FxQueue();
  private ReviewSession session;

  @BeforeAll
  static void record() throws Exception {
    ReviewRecordings.make(dataDir);
  }

  @AfterEach
  void close() {
    if (session != null) {
      session.close();
    }
  }

  private ReviewViewModel open(long start, ZoneId zone) {
    session =
        ReviewSession.open(
            dataDir,
            List.of(
                new ReviewSession.Camera("cam-1", "Camera 1"),
                new ReviewSession.Camera("cam-2", "Camera 2"),
                new ReviewSession.Camera("cam-3", "Camera 3"),
                new ReviewSession.Camera("cam-4", "Camera 4")),
            start,
            new PlaybackEngine.Options(320, 180, nanos::get, clock),
            ExportSigning.none(),
            zone);
    return new ReviewViewModel(
        session, Texts.of(Locale.ENGLISH), clock, zone, nanos::get, fx, start);
  }

  private void advance(long micros) {
    wallMillis.addAndGet(micros / 1000);
    nanos.addAndGet(micros * 1000);
  }

  @Test
  void theWindowFollowsNowUntilPannedAndAgainAtTheRightEdge() throws Exception {
    ReviewViewModel vm = open(T0 + 590 * S, ZoneOffset.UTC);
    long now = T0 + 600 * S;
    assertThat(vm.followingProperty().get()).isTrue();
    assertThat(vm.windowProperty().get().toMicros()).isBetween(now, now + 2 * 60 * S);
    advance(5 * 60 * S);
    vm.refresh();
    assertThat(vm.windowProperty().get().toMicros()).isGreaterThan(now + 5 * 60 * S);
    vm.pan(-10 * 60 * S);
    assertThat(vm.followingProperty().get()).isFalse();
    long to = vm.windowProperty().get().toMicros();
    advance(60 * S);
    vm.refresh();
    assertThat(vm.windowProperty().get().toMicros()).isEqualTo(to);
    vm.pan(+60 * 60 * S);
    assertThat(vm.followingProperty().get()).isTrue();
    assertThat(vm.windowProperty().get().toMicros()).isLessThanOrEqualTo(vm.now() + 2 * 60 * S);
  }

  @Test
  void zoomStopsAtTenSecondsAndAMonthAndTheTimelineComes() throws Exception {
    wallMillis.set((T0 + 86_400 * S) / 1000); // a day later: the window is centred, not following
    ReviewViewModel vm = open(T0 + 20 * S, ZoneOffset.UTC);
    assertThat(vm.followingProperty().get()).isFalse();
    assertThat(vm.windowProperty().get().contains(T0 + 20 * S)).isTrue();
    for (int i = 0; i < 20; i++) {
      vm.zoomIn();
    }
    assertThat(vm.windowProperty().get().span()).isEqualTo(TimeScale.MIN_SPAN);
    for (int i = 0; i < 30; i++) {
      vm.zoomOut();
    }
    assertThat(vm.windowProperty().get().span()).isEqualTo(TimeScale.MAX_SPAN);
    vm.zoom(1.0 / 40_000, T0 + 30 * S); // back to a minute or so around the recordings
    fx.until(
        () ->
            vm.timelineProperty().get() != null
                && vm.timelineProperty().get().fromMicros()
                    == vm.windowProperty().get().fromMicros(),
        "the timeline of the window");
    assertThat(vm.timelineProperty().get().cameras()).hasSize(4);
    assertThat(vm.timelineProperty().get().cameras().get(0).gaps()).isNotEmpty();
  }

  @Test
  void theDatePickerSaysWhenTheClocksSkippedOrRepeatedATime() throws Exception {
    ReviewViewModel vm = open(T0, BERLIN);
    vm.goTo(LocalDateTime.parse("2025-03-30T02:30"));
    assertThat(vm.messageProperty().get())
        .isEqualTo("02:30 did not happen that day (the clocks went forward); showing 03:30.");
    assertThat(vm.positionProperty().get())
        .isEqualTo(Instant.parse("2025-03-30T01:30:00Z").toEpochMilli() * 1000);
    vm.goTo(LocalDateTime.parse("2025-10-26T02:30"));
    assertThat(vm.messageProperty().get())
        .isEqualTo(
            "02:30 happened twice that night (the clocks went back); showing the first, at"
                + " UTC+02:00.");
    assertThat(vm.positionProperty().get())
        .isEqualTo(Instant.parse("2025-10-26T00:30:00Z").toEpochMilli() * 1000);
    assertThat(vm.zoneTextProperty().get()).isEqualTo("Europe/Berlin, UTC+02:00");
    vm.goTo(LocalDateTime.parse("2025-11-23T13:13:30"));
    assertThat(vm.messageProperty().get()).isEmpty();
    assertThat(vm.positionProperty().get()).isEqualTo(T0 + 10 * S);
    assertThat(vm.positionTextProperty().get()).isEqualTo("2025-11-23 13:13:30.000 CET");
    vm.goTo(LocalDateTime.parse("2030-01-01T00:00"));
    assertThat(vm.messageProperty().get()).isEqualTo("That is in the future; showing now.");
  }

  @Test
  void aChangeOfTheComputersClockIsSaid() throws Exception {
    ReviewViewModel vm = open(T0, ZoneOffset.UTC);
    nanos.addAndGet(1_000_000_000L);
    wallMillis.addAndGet(3_601_000L); // an hour more than the timer says
    vm.refresh();
    assertThat(vm.messageProperty().get())
        .isEqualTo(
            "The computer clock jumped 1 h 00 min forward. Times shown follow the new clock.");
  }

  @Test
  void exportsRefuseBadRequestsPlainlyAndExportTwoCameras() throws Exception {
    ReviewViewModel vm = open(T0 + 5 * S, ZoneOffset.UTC);
    ReviewExports e = vm.exports();
    e.export(List.of("cam-2"), exports);
    assertThat(e.statusProperty().get())
        .isEqualTo("Set Mark in and Mark out first (I and O at the playhead).");
    e.markIn();
    vm.seek(T0 + 2 * S);
    e.markOut();
    assertThat(e.statusProperty().get()).isEqualTo("Mark out must come after Mark in.");
    assertThat(e.markOutProperty().get()).isEqualTo(-1);
    vm.seek(T0 + 9 * S);
    e.markOut();
    e.export(List.of(), exports);
    assertThat(e.statusProperty().get()).isEqualTo("Choose at least one camera to export.");
    e.export(List.of("cam-2", "cam-3"), exports);
    assertThat(e.runningProperty().get()).isTrue();
    fx.until(() -> !e.runningProperty().get(), "the export");
    assertThat(e.lastOutcome().files()).hasSize(2);
    assertThat(e.statusProperty().get()).isEqualTo("Exported 2 files to " + exports);
    assertThat(e.progressProperty().get()).isEqualTo(1.0);
  }

  @Test
  void eventsAreFilteredPlayedAndMarkedReviewed() throws Exception {
    ReviewViewModel vm = open(T0 + 30 * S, ZoneOffset.UTC);
    ReviewEvents events = vm.events();
    fx.until(() -> events.rows().size() == 5, "the events of the window");
    assertThat(events.summaryProperty().get()).isEqualTo("5 motion events in view");
    events.setCamera("cam-2");
    fx.until(() -> events.rows().size() == 2, "camera 2's events");
    EventRow first = events.rows().get(1);
    assertThat(first.cameraName()).isEqualTo("Camera 2");
    events.setReviewed(first, true);
    fx.until(() -> first.reviewedProperty().get(), "reviewed");
    events.setOnlyNotReviewed(true);
    fx.until(() -> events.rows().size() == 1, "only the event not reviewed");
    events.play(events.rows().get(0));
    assertThat(vm.selectedProperty().get()).isEqualTo(1);
    assertThat(vm.speedProperty().get()).isEqualTo(1.0);
    assertThat(vm.speedTextProperty().get()).isEqualTo("1×");
  }

  @Test
  void jumpsGoToTheNextMotionAndGap() throws Exception {
    ReviewViewModel vm = open(T0, ZoneOffset.UTC);
    vm.nextEvent();
    fx.until(() -> vm.positionProperty().get() >= T0 + 10 * S, "the next motion event");
    assertThat(vm.positionProperty().get()).isBetween(T0 + 10 * S, T0 + 11 * S);
    vm.nextGap();
    fx.until(() -> vm.positionProperty().get() >= T0 + 19 * S, "the next gap");
    assertThat(vm.positionProperty().get()).isBetween(T0 + 19 * S, T0 + 20 * S);
    vm.seek(T0 + 59 * S);
    vm.nextEvent();
    fx.until(() -> !vm.messageProperty().get().isEmpty(), "no more motion");
    assertThat(vm.messageProperty().get()).isEqualTo("No motion after this point.");
    vm.slower();
    assertThat(vm.speedTextProperty().get()).isEqualTo("−1× (backwards)");
  }
}
