package io.peerwall.recorder.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.recorder.RecordingIndex;
import io.peerwall.recorder.custody.EvidenceLock;
import io.peerwall.recorder.custody.EvidenceLocks;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review index on a real SQLite file with rows made as the recorder makes them (through the
 * triggers): the event list and its reviewed flag, bookmarks, and a timeline that shows motion,
 * bookmarks and locks at the exact and the bucket levels.
 */
class ReviewIndexTest {
  static final long T0 = 1_763_856_000_000_000L; // 2025-11-23T00:00:00Z, a day boundary
  static final long S = 1_000_000;
  static final long MINUTE = 60 * S;
  static final long HOUR = 60 * MINUTE;

  @TempDir Path dataDir;
  final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_764_000_000L), ZoneOffset.UTC);

  /** Cameras "front" (row 1) and "back" (row 2): a day of one-minute segments each, events. */
  @BeforeEach
  void recordings() throws Exception {
    try (RecordingIndex index = RecordingIndex.open(dataDir)) {
      Connection c = index.connection();
      index.upsertCamera("front", "Front door", 0);
      index.upsertCamera("back", "Back yard", 0);
      index.ensureStream(1, "main", "front/main");
      index.ensureStream(2, "main", "back/main");
      c.setAutoCommit(false);
      try (Statement s = c.createStatement();
          PreparedStatement segment =
              c.prepareStatement(
                  "INSERT INTO segment (stream_id, start_us, end_us, state, bytes, frames,"
                      + " params_id, keyframes) VALUES (?, ?, ?, 1, 1000, 60, 1, x'')");
          PreparedStatement event =
              c.prepareStatement(
                  "INSERT INTO motion_event (camera_id, start_us, end_us, score)"
                      + " VALUES (?, ?, ?, ?)")) {
        s.execute(
            "INSERT INTO video_params (id, codec, width, height, parameter_sets)"
                + " VALUES (1, 'H264', 0, 0, x'')");
        for (int camera = 1; camera <= 2; camera++) {
          for (int m = 0; m < 1440; m++) {
            if (camera == 2 && m >= 600 && m < 660) {
              continue; // the back camera was off from 10:00 to 11:00
            }
            segment.setLong(1, camera);
            segment.setLong(2, T0 + m * MINUTE);
            segment.setLong(3, T0 + (m + 1) * MINUTE);
            segment.executeUpdate();
          }
          for (int e = 0; e < 24; e++) { // one event an hour, at :30 for 20 s
            event.setLong(1, camera);
            event.setLong(2, T0 + e * HOUR + 30 * MINUTE + camera * S);
            event.setLong(3, T0 + e * HOUR + 30 * MINUTE + camera * S + 20 * S);
            event.setDouble(4, 0.01 * e);
            event.executeUpdate();
          }
        }
      }
      c.commit();
    }
  }

  @Test
  void eventsAreListedNewestFirstAPageAtATimeAndMarkedReviewed() {
    try (ReviewIndex review = ReviewIndex.open(dataDir, clock)) {
      EventFilter all = EventFilter.of(List.of(), T0, T0 + 24 * HOUR, 10);
      List<ReviewEvent> page = review.events(all);
      assertThat(page).hasSize(10);
      assertThat(page.get(0).cameraId()).isEqualTo("back"); // :30:02 after front's :30:01
      assertThat(page.get(0).cameraName()).isEqualTo("Back yard");
      assertThat(page.get(0).startMicros()).isEqualTo(T0 + 23 * HOUR + 30 * MINUTE + 2 * S);
      List<ReviewEvent> next = review.events(all.after(page.get(9)));
      assertThat(next.get(0).startMicros()).isLessThan(page.get(9).startMicros());
      assertThat(review.events(EventFilter.of(List.of("front"), T0, T0 + 24 * HOUR, 100)))
          .hasSize(24)
          .allSatisfy(e -> assertThat(e.cameraId()).isEqualTo("front"));

      List<Long> ids = page.stream().map(ReviewEvent::id).toList();
      assertThat(review.markReviewed(ids, "ana")).isEqualTo(10);
      assertThat(review.markReviewed(ids.subList(0, 3), "bo")).as("first reviewer kept").isZero();
      List<ReviewEvent> reviewed = review.events(all.withReviewed(EventFilter.Reviewed.REVIEWED));
      assertThat(reviewed).extracting(ReviewEvent::id).containsExactlyElementsOf(ids);
      assertThat(reviewed.get(0).reviewedBy()).contains("ana");
      assertThat(reviewed.get(0).reviewedAtMicros()).contains(clock.millis() * 1000);
      assertThat(
              review.events(
                  EventFilter.of(List.of(), T0, T0 + 24 * HOUR, 100)
                      .withReviewed(EventFilter.Reviewed.NOT_REVIEWED)))
          .hasSize(48 - 10)
          .noneMatch(ReviewEvent::reviewed);
      assertThat(review.markNotReviewed(ids.subList(0, 2))).isEqualTo(2);
      assertThat(review.markReviewed(List.of(999_999L), "ana")).as("no such event").isZero();
    }
  }

  @Test
  void bookmarksAreMadeEditedSearchedAndDeleted() {
    try (ReviewIndex review = ReviewIndex.open(dataDir, clock)) {
      Bookmark van =
          review.createBookmark(
              "front", T0 + HOUR, T0 + HOUR + MINUTE, "White van", "parked at the gate", "ana");
      Bookmark night =
          review.createBookmark(
              "back", T0 - 20 * HOUR, T0 + 2 * HOUR, "配達 Night", "不審者 by the fence", "bo");
      assertThat(van.createdBy()).isEqualTo("ana");
      assertThat(review.searchBookmarks("VAN gate", List.of(), 10)).containsExactly(van);
      assertThat(review.searchBookmarks("ｖａｎ", List.of(), 10))
          .as("full width")
          .containsExactly(van);
      assertThat(review.searchBookmarks("不審者", List.of(), 10)).containsExactly(night);
      assertThat(review.searchBookmarks("van", List.of("back"), 10)).isEmpty();
      assertThat(review.searchBookmarks("", List.of(), 10)).containsExactly(van, night);
      // The one that started the day before still shows on this day.
      assertThat(review.bookmarks(List.of("back", "front"), T0, T0 + 24 * HOUR))
          .containsExactly(night, van);

      Bookmark edited =
          review.editBookmark(van.id(), van.startMicros(), van.endMicros(), "Red van", "", "cy");
      assertThat(edited.updatedBy()).isEqualTo("cy");
      assertThat(edited.createdBy()).isEqualTo("ana");
      assertThat(review.searchBookmarks("white", List.of(), 10)).isEmpty();
      assertThat(review.searchBookmarks("red", List.of(), 10)).containsExactly(edited);
      assertThat(review.deleteBookmark(van.id())).isTrue();
      assertThat(review.deleteBookmark(van.id())).isFalse();
      assertThat(review.bookmark(van.id())).isEmpty();

      assertThatThrownBy(() -> review.createBookmark("front", T0, T0 + 25 * HOUR, "x", "", "a"))
          .hasMessageContaining("24 hours");
      assertThatThrownBy(() -> review.createBookmark("front", T0, T0 + 1, " ", "", "a"))
          .hasMessageContaining("name");
      assertThatThrownBy(() -> review.createBookmark("nobody", T0, T0 + 1, "x", "", "a"))
          .hasMessageContaining("unknown camera: nobody");
      assertThatThrownBy(() -> review.editBookmark(12345, T0, T0 + 1, "x", "", "a"))
          .hasMessageContaining("no bookmark 12345");
    }
  }

  @Test
  void aTimelineShowsMotionBookmarksAndLocksAtEveryLevel() {
    try (EvidenceLocks locks = EvidenceLocks.open(dataDir, clock)) {
      locks.lock(List.of("back"), T0 + 9 * HOUR, T0 + 12 * HOUR, Optional.empty(), "theft", "ana");
    }
    try (ReviewIndex review = ReviewIndex.open(dataDir, clock)) {
      review.createBookmark("back", T0 + 9 * HOUR, T0 + 9 * HOUR + MINUTE, "Ladder", "", "ana");
      // A day across 2000 pixels: exact.
      TimelineView day =
          review.timeline(
              TimelineRequest.forWidth(List.of("front", "back"), T0, T0 + 24 * HOUR, 2000));
      assertThat(day.detail()).isEqualTo(TimelineView.Detail.EXACT);
      TimelineView.CameraTrack back = day.cameras().get(1);
      assertThat(back.name()).isEqualTo("Back yard");
      assertThat(back.recorded())
          .extracting(r -> r.startMicros() + ".." + r.endMicros())
          .containsExactly(
              T0 + ".." + (T0 + 10 * HOUR), (T0 + 11 * HOUR) + ".." + (T0 + 24 * HOUR));
      assertThat(back.motion()).hasSize(24).allSatisfy(m -> assertThat(m.events()).isEqualTo(1));
      assertThat(back.motion().get(23).peakScore()).isEqualTo(0.23);
      assertThat(back.bookmarks()).extracting(Bookmark::name).containsExactly("Ladder");
      assertThat(back.locks())
          .singleElement()
          .satisfies(l -> assertThat(l.state()).isEqualTo(EvidenceLock.State.ACTIVE));
      assertThat(day.cameras().get(0).locks()).isEmpty();
      // The summary: someone recorded all day; front and back moved a second apart: one mark.
      assertThat(day.summary().recorded()).hasSize(1);
      assertThat(day.summary().motion())
          .hasSize(24)
          .allSatisfy(m -> assertThat(m.events()).isEqualTo(2));

      // A week across 2000 pixels (5 minutes a pixel): hour buckets.
      TimelineView week =
          review.timeline(
              TimelineRequest.forWidth(
                  List.of("back"), T0 - 3 * 24 * HOUR, T0 + 4 * 24 * HOUR, 2000));
      assertThat(week.detail()).isEqualTo(TimelineView.Detail.HOURS);
      TimelineView.CameraTrack weekBack = week.cameras().get(0);
      assertThat(weekBack.recorded())
          .extracting(r -> r.startMicros() + ".." + r.endMicros())
          .containsExactly(
              T0 + ".." + (T0 + 10 * HOUR), (T0 + 11 * HOUR) + ".." + (T0 + 24 * HOUR));
      assertThat(weekBack.motion()).hasSize(24);
      assertThat(weekBack.motion()).allSatisfy(m -> assertThat(m.eventId()).isEmpty());
      assertThat(weekBack.locks()).hasSize(1);

      // A year across 2000 pixels: day buckets, one mark for the day.
      TimelineView yearView =
          review.timeline(
              TimelineRequest.forWidth(
                  List.of("back"), T0 - 200 * 24 * HOUR, T0 + 165 * 24 * HOUR, 2000));
      assertThat(yearView.detail()).isEqualTo(TimelineView.Detail.DAYS);
      TimelineView.CameraTrack yearBack = yearView.cameras().get(0);
      assertThat(yearBack.recorded())
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.coverage())
                      .isCloseTo(23 / 24.0, org.assertj.core.data.Offset.offset(1e-9)));
      assertThat(yearBack.motion())
          .singleElement()
          .satisfies(m -> assertThat(m.events()).isEqualTo(24));
    }
  }
}
