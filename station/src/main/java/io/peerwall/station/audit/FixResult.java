package io.peerwall.station.audit;

/**
 * What became of a password change asked for on the audit. Words: {@link AuditTexts#outcome}.
 *
 * @param detail the refusal's reasons (a weak new password), or what failed; "" otherwise
 * @param retryAfterMillis with {@link Outcome#LOCKED_OUT} and {@link Outcome#THROTTLED}
 */
public record FixResult(
    Outcome outcome, String cameraId, String cameraName, String detail, long retryAfterMillis) {

  public enum Outcome {
    /** The camera took the new password; its facts were read again. */
    CHANGED,
    /** The camera is offline: queued until it comes back. */
    QUEUED,
    /** The station's own check refused the new password (nothing was sent). */
    WEAK_ON_STATION,
    /** The camera's policy refused it (its reasons in {@code detail}). */
    WEAK_ON_CAMERA,
    WRONG_PASSWORD,
    LOCKED_OUT,
    THROTTLED,
    /** The camera does not know this station (not paired, or unpaired there). */
    NOT_PAIRED,
    /** No current password was typed: the camera needs it. */
    NO_CURRENT,
    /** Anything else (camera gone mid-way, no answer). */
    FAILED
  }

  public boolean changed() {
    return outcome == Outcome.CHANGED;
  }

  static FixResult of(Outcome o, String id, String name) {
    return new FixResult(o, id, name, "", 0);
  }
}
