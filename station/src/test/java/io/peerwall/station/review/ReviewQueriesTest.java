package io.peerwall.station.review;

import static io.peerwall.station.review.ReviewRecordings.S;
import static io.peerwall.station.review.ReviewRecordings.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.recorder.review.EventFilter;
import io.peerwall.recorder.review.ReviewEvent;
import io.peerwall.recorder.review.TimelineRequest;
import io.peerwall.recorder.review.TimelineView;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's index questions off the FX thread, on recordings the real recorder wrote (with its
 * own motion detection): events, jumps to motion and gaps, timelines, thumbnails.
 */
@Timeout(60)
class ReviewQueriesTest {
  @TempDir static Path dataDir;
  private static ReviewQueries queries;
  private static Thumbnails thumbnails;

  @BeforeAll
  static void record() throws Exception {
    ReviewRecordings.make(dataDir);
    queries = ReviewQueries.open(dataDir, Clock.systemUTC());
    thumbnails = Thumbnails.open(dataDir, 128, 72);
  }

  @AfterAll
  static void close() {
    queries.close();
    thumbnails.close();
  }

  private static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  @Test
  void theRecordersMotionEventsAreListedAndJumpedTo() throws Exception {
    List<ReviewEvent> events =
        get(queries.events(EventFilter.of(List.of("cam-2"), T0, T0 + 60 * S, 100)));
    assertThat(events).hasSize(2);
    ReviewEvent first = events.get(1); // newest first
    assertThat(first.startMicros()).isBetween(T0 + 10 * S, T0 + 11 * S);
    assertThat(first.endMicros().orElseThrow()).isBetween(T0 + 16 * S, T0 + 25 * S);
    assertThat(get(queries.nextEvent(List.of("cam-2", "cam-3"), T0))).contains(first.startMicros());
    long second = events.get(0).startMicros();
    assertThat(get(queries.nextEvent(List.of("cam-2"), first.startMicros()))).contains(second);
    assertThat(get(queries.previousEvent(List.of("cam-2"), second))).contains(first.startMicros());
    assertThat(get(queries.markReviewed(List.of(first.id())))).isEqualTo(1);
    assertThat(
            get(
                queries.events(
                    EventFilter.of(List.of("cam-2"), T0, T0 + 60 * S, 100)
                        .withReviewed(EventFilter.Reviewed.NOT_REVIEWED))))
        .extracting(ReviewEvent::id)
        .containsExactly(events.get(0).id());
  }

  @Test
  void gapEdgesAreWhereRecordingStopsAndStartsAgain() throws Exception {
    List<String> one = List.of("cam-1");
    long stop = get(queries.nextGapEdge(one, T0 + 5 * S)).orElseThrow();
    assertThat(stop).isBetween(T0 + 20 * S - S / 10, T0 + 20 * S);
    long resume = get(queries.nextGapEdge(one, stop)).orElseThrow();
    assertThat(resume).isEqualTo(T0 + 30 * S);
    assertThat(get(queries.previousGapEdge(one, T0 + 35 * S))).contains(resume);
    assertThat(get(queries.nextGapEdge(List.of("nobody"), T0))).isEmpty();
  }

  @Test
  void aTimelineShowsTheGapAndTheMotion() throws Exception {
    TimelineView view =
        get(
            queries.timeline(
                TimelineRequest.forWidth(ReviewRecordings.CAMERAS, T0 - S, T0 + 61 * S, 1000)));
    assertThat(view.cameras()).hasSize(4);
    assertThat(view.cameras().get(0).recorded()).hasSize(2);
    assertThat(view.cameras().get(1).motion()).hasSize(2);
    assertThat(view.summary().recorded()).hasSize(1);
  }

  @Test
  void thumbnailsAreTheKeyframeAtOrBeforeAndCached() throws Exception {
    Thumbnail t = get(thumbnails.at("cam-2", T0 + 12 * S + S / 2)).orElseThrow();
    assertThat(t.frameMicros()).isBetween(T0 + 12 * S - 20, T0 + 12 * S);
    assertThat(t.bgra()).hasSize(128 * 72 * 4);
    int bright = 0;
    for (int i = 0; i < t.bgra().length; i += 4) {
      bright += (t.bgra()[i + 2] & 0xFF) > 40 ? 1 : 0;
    }
    assertThat(bright).as("a picture, not black").isGreaterThan(128 * 72 / 2);
    assertThat(get(thumbnails.at("cam-2", T0 + 12 * S + S / 3))).containsSame(t);
    assertThat(get(thumbnails.at("cam-1", T0 + 25 * S))).as("in the gap").isEmpty();
  }
}
