package io.peerwall.recorder.review;

import java.util.List;

/**
 * What a timeline shows: some cameras over [from, to) at a resolution (the time one pixel covers,
 * or less). Times in microseconds since the epoch.
 */
public record TimelineRequest(
    List<String> cameraIds, long fromMicros, long toMicros, long resolutionMicros) {

  public TimelineRequest {
    cameraIds = List.copyOf(cameraIds);
    if (toMicros <= fromMicros) {
      throw new IllegalArgumentException("the timeline must end after it starts");
    }
    if (resolutionMicros <= 0) {
      throw new IllegalArgumentException("the resolution must be positive");
    }
  }

  /** The window drawn across {@code pixels} pixels: one pixel's time is the resolution. */
  public static TimelineRequest forWidth(
      List<String> cameraIds, long fromMicros, long toMicros, int pixels) {
    long span = toMicros - fromMicros;
    return new TimelineRequest(
        cameraIds, fromMicros, toMicros, Math.max(1, span / Math.max(1, pixels)));
  }

  /** How much detail the index gives at this resolution (docs/storage.md section 7). */
  public TimelineView.Detail detail() {
    if (resolutionMicros < TimelineView.HOURS_FROM_MICROS) {
      return TimelineView.Detail.EXACT;
    }
    return resolutionMicros < TimelineView.DAYS_FROM_MICROS
        ? TimelineView.Detail.HOURS
        : TimelineView.Detail.DAYS;
  }
}
