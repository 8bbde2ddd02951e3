package io.peerwall.recorder.review;

import java.util.List;
import java.util.Optional;

/**
 * Which motion events to list, newest first: of these cameras (empty: all), starting in [from, to),
 * reviewed or not, at most {@code limit}, and for the next page only those before a cursor (the
 * last event of the previous page).
 */
public record EventFilter(
    List<String> cameraIds,
    long fromMicros,
    long toMicros,
    Reviewed reviewed,
    int limit,
    Optional<ReviewEvent> before) {

  /** Which events by their review flag. */
  public enum Reviewed {
    ANY,
    REVIEWED,
    NOT_REVIEWED
  }

  public EventFilter {
    cameraIds = List.copyOf(cameraIds);
    if (limit <= 0 || limit > 10_000) {
      throw new IllegalArgumentException("list between 1 and 10000 events at a time");
    }
  }

  /** The first page: every event of the cameras in [from, to). */
  public static EventFilter of(List<String> cameraIds, long fromMicros, long toMicros, int limit) {
    return new EventFilter(cameraIds, fromMicros, toMicros, Reviewed.ANY, limit, Optional.empty());
  }

  public EventFilter withReviewed(Reviewed which) {
    return new EventFilter(cameraIds, fromMicros, toMicros, which, limit, before);
  }

  /** The page after the one that ended with {@code last}. */
  public EventFilter after(ReviewEvent last) {
    return new EventFilter(cameraIds, fromMicros, toMicros, reviewed, limit, Optional.of(last));
  }
}
