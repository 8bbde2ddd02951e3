package io.peerwall.recorder.custody;

import java.util.List;
import java.util.Optional;

/**
 * An evidence lock: the recordings of {@code cameraIds} over [from, to) are kept from retention
 * until {@code until} (empty: until released). Times in microseconds since the epoch.
 *
 * @param release when, by whom and why it was released, if it was
 */
public record EvidenceLock(
    long id,
    List<String> cameraIds,
    long fromMicros,
    long toMicros,
    Optional<Long> untilMicros,
    String reason,
    String lockedBy,
    long lockedAtMicros,
    Optional<Release> release) {

  /** How a lock was released. */
  public record Release(long atMicros, String by, String reason) {}

  /** Whether a lock protects its recordings now, and if not, why. */
  public enum State {
    ACTIVE,
    EXPIRED,
    RELEASED
  }

  public EvidenceLock {
    cameraIds = List.copyOf(cameraIds);
  }

  public State stateAt(long nowMicros) {
    if (release.isPresent()) {
      return State.RELEASED;
    }
    return untilMicros.isPresent() && untilMicros.get() <= nowMicros ? State.EXPIRED : State.ACTIVE;
  }

  public boolean activeAt(long nowMicros) {
    return stateAt(nowMicros) == State.ACTIVE;
  }
}
