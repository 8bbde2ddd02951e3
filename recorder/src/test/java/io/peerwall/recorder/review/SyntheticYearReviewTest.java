package io.peerwall.recorder.review;

import static io.peerwall.recorder.SyntheticYear.DAY;
import static io.peerwall.recorder.SyntheticYear.FIRST_DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.recorder.RecordingIndex;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.SyntheticYear;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The review queries on a synthetic year of 64 cameras (33.6 M segments, 934 000 motion events):
 * every statement is answered by index searches (query plans, not timings), the answers equal what
 * the segments and events themselves say, and the timings stay far inside the issue's budgets
 * (bounds with a wide margin; the figures go to {@code peerwall bench index}).
 */
@Timeout(1200)
class SyntheticYearReviewTest {
  static Path year;
  static final long LAST = FIRST_DAY + SyntheticYear.DAYS * DAY;

  @BeforeAll
  static void build() throws Exception {
    year = SyntheticYear.get();
  }

  @Test
  void everyReviewStatementSearchesIndexesOnly() throws Exception {
    try (RecordingIndex index = RecordingIndex.open(year)) {
      Connection c = index.connection();
      List<String> statements = new ArrayList<>(TimelineQueries.STATEMENTS);
      for (EventFilter.Reviewed which : EventFilter.Reviewed.values()) {
        statements.add(EventList.listSql(which));
      }
      statements.add(BookmarkStore.OVERLAPPING);
      for (String sql : statements) {
        SyntheticYear.assertSearchesOnly(c, sql);
      }
      // The check itself can fail: a query that reads every segment.
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  SyntheticYear.assertSearchesOnly(
                      c, "SELECT count(*) FROM segment WHERE bytes > 5"))
          .isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void aDayOfAllCamerasIsWhatTheSegmentsAndEventsSay() throws Exception {
    Random random = new Random(3);
    try (ReviewIndex review = ReviewIndex.open(year);
        Recordings recordings = Recordings.open(year)) {
      List<String> cameras = review.cameraIds();
      assertThat(cameras).hasSize(SyntheticYear.CAMERAS);
      for (int round = 0; round < 3; round++) {
        long day = FIRST_DAY + random.nextInt(SyntheticYear.DAYS - 1) * DAY + DAY / 3;
        TimelineView view =
            review.timeline(TimelineRequest.forWidth(cameras, day, day + DAY, 2000));
        assertThat(view.detail()).isEqualTo(TimelineView.Detail.EXACT);
        assertThat(view.cameras()).hasSize(cameras.size());
        for (int k = 0; k < 4; k++) {
          TimelineView.CameraTrack track = view.cameras().get(random.nextInt(cameras.size()));
          String camera = track.cameraId();
          // Ranges from the segments (the slow way): outages of 5..14 minutes are wider than a
          // pixel (43 s), so nothing is merged.
          List<Recordings.Range> truth = recordings.ranges(camera, day, day + DAY);
          assertThat(track.recorded())
              .extracting(r -> r.startMicros() + ".." + r.endMicros() + "@" + r.coverage())
              .isEqualTo(
                  truth.stream()
                      .map(r -> r.startMicros() + ".." + r.endMicros() + "@1.0")
                      .toList());
          assertThat(track.gaps())
              .extracting(TimelineView.GapMark::startMicros)
              .isEqualTo(
                  recordings.gaps(camera, day, day + DAY).stream()
                      .map(Recordings.Gap::startMicros)
                      .toList());
          List<Recordings.MotionEvent> events = recordings.events(List.of(camera), day, day + DAY);
          assertThat(track.motion()).hasSize(events.size());
          assertThat(track.motion())
              .extracting(TimelineView.MotionMark::startMicros)
              .isEqualTo(events.stream().map(Recordings.MotionEvent::startMicros).toList());
          assertThat(track.motion()).allSatisfy(m -> assertThat(m.eventId()).isPresent());
        }
        assertThat(view.summary().recorded()).isNotEmpty();
        assertThat(ReviewQueryBench.marks(view))
            .as("a day of 64 cameras is a few thousand marks, not tens of thousands of segments")
            .isLessThan(64 * 60);
      }
    }
  }

  @Test
  void weeksAndMonthsComeFromBucketsThatAddUpToTheSegments() throws Exception {
    Random random = new Random(4);
    try (ReviewIndex review = ReviewIndex.open(year);
        RecordingIndex index = RecordingIndex.open(year)) {
      List<String> cameras = review.cameraIds();
      for (long window : new long[] {7 * DAY, 30 * DAY, 300 * DAY}) {
        long from = FIRST_DAY + (random.nextInt(SyntheticYear.DAYS - 305) + 1) * DAY;
        long to = from + window;
        TimelineView view = review.timeline(TimelineRequest.forWidth(cameras, from, to, 2000));
        assertThat(view.detail())
            .isEqualTo(window > 200 * DAY ? TimelineView.Detail.DAYS : TimelineView.Detail.HOURS);
        TimelineView.CameraTrack track = view.cameras().get(random.nextInt(cameras.size()));
        // The generator made camera bench-NN as camera row NN with stream NN.
        long streamRow = Long.parseLong(track.cameraId().substring("bench-".length()));
        double recorded = 0;
        for (TimelineView.RecordedRange r : track.recorded()) {
          recorded += (r.endMicros() - r.startMicros()) * r.coverage();
        }
        long segmentsTime =
            scalar(
                index.connection(),
                "SELECT sum(min(end_us, ?2) - max(start_us, ?1)) FROM segment"
                    + " WHERE stream_id = ?3 AND start_us < ?2 AND end_us > ?1",
                from,
                to,
                streamRow);
        // Buckets are whole hours or days: the edges of the window may count one bucket more.
        long slack = 2 * (window > 200 * DAY ? DAY : 3_600_000_000L);
        assertThat((long) recorded).isBetween(segmentsTime - slack, segmentsTime + slack);
        long events =
            scalar(
                index.connection(),
                "SELECT count(*) FROM motion_event WHERE camera_id = ?3 AND start_us >= ?1"
                    + " AND start_us < ?2",
                from,
                to,
                streamRow);
        int marked = track.motion().stream().mapToInt(TimelineView.MotionMark::events).sum();
        assertThat((long) marked).isBetween(events - 2 * 40, events + 2 * 40);
        assertThat(ReviewQueryBench.marks(view)).isLessThan(64L * 2000);
        assertThat(track.motion().size()).isLessThanOrEqualTo(2000);
      }
    }
  }

  @Test
  void theUnreviewedEventsOfAllCamerasComeNewestFirstAPageAtATime() throws Exception {
    try (ReviewIndex review = ReviewIndex.open(year);
        RecordingIndex index = RecordingIndex.open(year)) {
      long to = FIRST_DAY + 200 * DAY;
      EventFilter filter =
          EventFilter.of(List.of(), FIRST_DAY, to, 50)
              .withReviewed(EventFilter.Reviewed.NOT_REVIEWED);
      List<ReviewEvent> first = review.events(filter);
      List<ReviewEvent> second = review.events(filter.after(first.get(first.size() - 1)));
      List<Long> expected = new ArrayList<>();
      try (PreparedStatement s =
          index
              .connection()
              .prepareStatement(
                  "SELECT id FROM motion_event WHERE reviewed_at_us IS NULL AND start_us >= ?"
                      + " AND start_us < ? ORDER BY start_us DESC, id DESC LIMIT 100")) {
        s.setLong(1, FIRST_DAY);
        s.setLong(2, to);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            expected.add(rs.getLong(1));
          }
        }
      }
      List<Long> paged = new ArrayList<>();
      first.forEach(e -> paged.add(e.id()));
      second.forEach(e -> paged.add(e.id()));
      assertThat(paged).isEqualTo(expected);
      assertThat(first).allSatisfy(e -> assertThat(e.reviewed()).isFalse());
    }
  }

  @Test
  void queriesStayFarInsideTheBudgets() {
    ReviewQueryBench.Result result = ReviewQueryBench.run(year, FIRST_DAY, LAST, 20, 7);
    result.lines().forEach(System.out::println);
    // Wide margins: the issue's budget for drawing a day of 64 cameras is 200 ms in all; the
    // index part measures in milliseconds. Noise (other builds on the machine) stays far below.
    assertThat(result.figure("dayAllCameras").p50Ms()).isLessThan(200);
    assertThat(result.figure("keyframeLookup").p50Ms()).isLessThan(50);
    assertThat(result.figure("unreviewedEventsPage").p50Ms()).isLessThan(500);
  }

  private static long scalar(Connection c, String sql, long a, long b, long stream)
      throws Exception {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, a);
      s.setLong(2, b);
      s.setLong(3, stream);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
