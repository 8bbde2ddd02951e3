package io.peerwall.recorder;

import io.peerwall.decoder.AccessUnit;

/**
 * Places a stream's frames on the wall clock (docs/storage.md section 2): anchored at a keyframe to
 * its capture time, then by PTS deltas, so a recording is as smooth as the camera's own timeline.
 * Says when the timeline breaks: the camera's clock jumped, or its PTS went back or leapt. Owned by
 * the mux thread.
 */
final class StreamClock {
  static final long MAX_CLOCK_DEVIATION_MICROS = 2_000_000;
  static final long MAX_PTS_LEAP_MICROS = 10_000_000;
  static final long MAX_PTS_BACKSTEP_MICROS = 1_000_000;

  private boolean anchored;
  private long anchorWall;
  private long anchorCapture;
  private long anchorPts;
  private long lastPts;

  boolean anchored() {
    return anchored;
  }

  /**
   * Why {@code unit} does not continue the anchored timeline, or null when it does: "clock-jump"
   * (capture time and PTS disagree by more than 2 s) or "restart" (PTS back or far ahead).
   */
  String breakReason(AccessUnit unit) {
    long pts = unit.ptsMicros();
    if (pts < lastPts - MAX_PTS_BACKSTEP_MICROS || pts > lastPts + MAX_PTS_LEAP_MICROS) {
      return "restart";
    }
    long predictedCapture = anchorCapture + (pts - anchorPts);
    if (Math.abs(unit.captureEpochMicros() - predictedCapture) > MAX_CLOCK_DEVIATION_MICROS) {
      return "clock-jump";
    }
    return null;
  }

  /**
   * Anchors the timeline at {@code unit}: its time is its capture time, but never before {@code
   * notBefore} (a clock that went back is clamped, so a stream's times only increase).
   *
   * @return true when the capture time had to be clamped
   */
  boolean anchor(AccessUnit unit, long notBefore) {
    anchored = true;
    anchorCapture = unit.captureEpochMicros();
    anchorWall = Math.max(anchorCapture, notBefore);
    anchorPts = unit.ptsMicros();
    lastPts = anchorPts;
    return anchorWall != anchorCapture;
  }

  /** The wall-clock time of a unit of the anchored timeline. */
  long timeOf(AccessUnit unit) {
    lastPts = Math.max(lastPts, unit.ptsMicros());
    return anchorWall + (unit.ptsMicros() - anchorPts);
  }

  void reset() {
    anchored = false;
  }
}
