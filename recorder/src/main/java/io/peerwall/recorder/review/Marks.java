package io.peerwall.recorder.review;

import io.peerwall.recorder.review.TimelineView.MotionMark;
import io.peerwall.recorder.review.TimelineView.RecordedRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Merging what the index gives into what a timeline can show at a resolution: marks closer than the
 * resolution become one, so no track holds more marks than pixels.
 */
final class Marks {
  private Marks() {}

  /**
   * Ranges (in order, not overlapping) with holes narrower than the resolution merged; the merged
   * range's coverage is the recorded part of it. Ranges whose coverage differs (buckets) are merged
   * only if both are fully covered, so a sparse hour stays visible next to a full one.
   */
  static List<RecordedRange> mergeRanges(
      List<RecordedRange> ranges, long resolution, boolean onlyFull) {
    List<RecordedRange> out = new ArrayList<>();
    RecordedRange current = null;
    double recorded = 0;
    for (RecordedRange r : ranges) {
      if (current != null
          && r.startMicros() - current.endMicros() < resolution
          && (!onlyFull || (current.coverage() >= 0.999 && r.coverage() >= 0.999))) {
        recorded += length(r) * r.coverage();
        long end = Math.max(current.endMicros(), r.endMicros());
        current = new RecordedRange(current.startMicros(), end, 0);
        current = withCoverage(current, recorded);
        continue;
      }
      if (current != null) {
        out.add(current);
      }
      current = r;
      recorded = length(r) * r.coverage();
    }
    if (current != null) {
      out.add(current);
    }
    return out;
  }

  private static RecordedRange withCoverage(RecordedRange r, double recorded) {
    double length = Math.max(1, length(r));
    return new RecordedRange(r.startMicros(), r.endMicros(), Math.min(1.0, recorded / length));
  }

  private static long length(RecordedRange r) {
    return r.endMicros() - r.startMicros();
  }

  /** Motion marks (in order of start) closer than the resolution merged. */
  static List<MotionMark> mergeMotion(List<MotionMark> marks, long resolution) {
    List<MotionMark> sorted = new ArrayList<>(marks);
    sorted.sort(Comparator.comparingLong(MotionMark::startMicros));
    List<MotionMark> out = new ArrayList<>();
    MotionMark current = null;
    for (MotionMark m : sorted) {
      if (current != null && m.startMicros() - current.endMicros() < resolution) {
        current =
            new MotionMark(
                current.startMicros(),
                Math.max(current.endMicros(), m.endMicros()),
                current.events() + m.events(),
                current.ongoing() + m.ongoing(),
                Math.max(current.peakScore(), m.peakScore()),
                Optional.empty());
        continue;
      }
      if (current != null) {
        out.add(current);
      }
      current = m;
    }
    if (current != null) {
      out.add(current);
    }
    return out;
  }

  /**
   * The union of several cameras' ranges: where any camera recorded, merged at the resolution; the
   * coverage of a merged range is the best of what went into it.
   */
  static List<RecordedRange> union(List<List<RecordedRange>> tracks, long resolution) {
    List<RecordedRange> all = new ArrayList<>();
    tracks.forEach(all::addAll);
    all.sort(Comparator.comparingLong(RecordedRange::startMicros));
    List<RecordedRange> out = new ArrayList<>();
    RecordedRange current = null;
    for (RecordedRange r : all) {
      if (current != null && r.startMicros() - current.endMicros() < resolution) {
        current =
            new RecordedRange(
                current.startMicros(),
                Math.max(current.endMicros(), r.endMicros()),
                Math.max(current.coverage(), r.coverage()));
        continue;
      }
      if (current != null) {
        out.add(current);
      }
      current = r;
    }
    if (current != null) {
      out.add(current);
    }
    return out;
  }

  /** A range clipped to [from, to), or null when nothing is left. */
  static RecordedRange clip(long start, long end, double coverage, long from, long to) {
    long a = Math.max(start, from);
    long b = Math.min(end, to);
    return b > a ? new RecordedRange(a, b, coverage) : null;
  }
}
