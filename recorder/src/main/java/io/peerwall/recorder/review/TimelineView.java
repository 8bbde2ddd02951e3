package io.peerwall.recorder.review;

import io.peerwall.recorder.custody.EvidenceLock;
import java.util.List;
import java.util.Optional;

/**
 * A timeline as the review screen draws it: per camera what was recorded, the gaps with their
 * reasons, motion, bookmarks and evidence locks, plus a summary track of all the cameras. Marks
 * closer than the resolution are merged, so a track never holds more marks than pixels. Times in
 * microseconds since the epoch.
 *
 * @param detail where the figures come from: {@link Detail#EXACT} from recorded spans and single
 *     motion events, {@link Detail#HOURS} and {@link Detail#DAYS} from per-hour and per-day buckets
 */
public record TimelineView(
    long fromMicros,
    long toMicros,
    long resolutionMicros,
    Detail detail,
    List<CameraTrack> cameras,
    SummaryTrack summary) {

  /** From this resolution (3 minutes a pixel, about 4 days across 2000) hour buckets are used. */
  public static final long HOURS_FROM_MICROS = 180_000_000L;

  /** From this resolution (3 hours a pixel, about 8 months across 2000) day buckets are used. */
  public static final long DAYS_FROM_MICROS = 10_800_000_000L;

  /** Where the figures come from. */
  public enum Detail {
    EXACT,
    HOURS,
    DAYS
  }

  /**
   * Recorded time [start, end), clipped to the window.
   *
   * @param coverage the part of it actually recorded: 1 for a stretch of contiguous segments, less
   *     where holes narrower than the resolution (or within a bucket) were merged in
   */
  public record RecordedRange(long startMicros, long endMicros, double coverage) {}

  /**
   * An interval without recording and why (offline, disk-full, crash, ...); empty end: going on.
   */
  public record GapMark(long startMicros, Optional<Long> endMicros, String reason) {}

  /**
   * Motion: one event, or several closer together than the resolution.
   *
   * @param events how many events the mark stands for
   * @param ongoing how many of them have not ended
   * @param peakScore the strongest (fraction of the picture that changed, 0..1)
   * @param eventId the event, when the mark is exactly one event at {@link Detail#EXACT}
   */
  public record MotionMark(
      long startMicros,
      long endMicros,
      int events,
      int ongoing,
      double peakScore,
      Optional<Long> eventId) {}

  /** An evidence lock over part of the window, in its state now. */
  public record LockMark(
      long lockId, long fromMicros, long toMicros, EvidenceLock.State state, String reason) {}

  /**
   * One camera's track.
   *
   * @param liveEdgeMicros where the segment being recorded ends in the index (at most about a
   *     second behind the camera, see {@link ReviewIndex#liveEdge}), if one is being recorded
   */
  public record CameraTrack(
      String cameraId,
      String name,
      List<RecordedRange> recorded,
      List<GapMark> gaps,
      List<MotionMark> motion,
      List<Bookmark> bookmarks,
      List<LockMark> locks,
      Optional<Long> liveEdgeMicros) {}

  /** All the cameras at once: recorded by any, motion of any. */
  public record SummaryTrack(List<RecordedRange> recorded, List<MotionMark> motion) {}
}
