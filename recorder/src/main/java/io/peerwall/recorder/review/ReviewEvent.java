package io.peerwall.recorder.review;

import java.util.Optional;

/**
 * A motion event as the review's event list shows it.
 *
 * @param endMicros empty while the motion goes on
 * @param score the peak fraction of the picture that changed (0..1)
 * @param endedByRecovery the event was cut by a crash and ended at it: its real end is unknown
 */
public record ReviewEvent(
    long id,
    String cameraId,
    String cameraName,
    long startMicros,
    Optional<Long> endMicros,
    double score,
    Optional<Long> reviewedAtMicros,
    Optional<String> reviewedBy,
    boolean endedByRecovery) {

  public boolean reviewed() {
    return reviewedAtMicros.isPresent();
  }
}
