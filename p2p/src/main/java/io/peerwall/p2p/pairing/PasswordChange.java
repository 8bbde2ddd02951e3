package io.peerwall.p2p.pairing;

import io.peerwall.p2p.FailureReason;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camera side of a password change asked by a paired station over the control channel. The current
 * password is a password check like pairing's, so it goes through the same {@link PairingThrottle}
 * (same counters, same lockout, counted in the audit facts), and the answers give nothing away:
 *
 * <ol>
 *   <li>The new password's policy is checked first, before the current one is looked at. A weak new
 *       password is refused with the same answer, as fast, whether the current password given is
 *       right or wrong, and costs no Argon2id run and no throttle step (it tests nothing).
 *   <li>Then the throttle: refused while locked out or throttled (with the wait), never reaching
 *       the verifier.
 *   <li>Then one Argon2id run against the verifier (compared in constant time). Every wrong current
 *       password gets the same answer, counted as a failed attempt.
 *   <li>Only then is the new verifier made (a second Argon2id run) and stored atomically; paired
 *       stations stay paired.
 * </ol>
 */
public final class PasswordChange {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordChange.class);

  /** The result code of a new password the policy refuses (not a {@link FailureReason}). */
  public static final String WEAK_PASSWORD = "weak-password";

  /**
   * What the camera answers.
   *
   * @param code empty when ok, else a {@link FailureReason} wire code or {@link #WEAK_PASSWORD}
   * @param reason in words
   * @param retryAfterMillis for locked-out and throttled
   */
  public record Answer(boolean ok, String code, String reason, long retryAfterMillis) {
    static Answer refused(FailureReason r, String reason, long retryAfterMillis) {
      return new Answer(false, r.wire(), reason, retryAfterMillis);
    }
  }

  private PasswordChange() {}

  /**
   * Handles one request; wipes both password arrays before returning.
   *
   * @param stationId the authenticated station asking (its throttle source is "station ID")
   * @param contextWords words a guesser would try first (the camera's name)
   */
  public static Answer handle(
      CameraCredentials camera,
      String stationId,
      char[] current,
      char[] proposed,
      List<String> contextWords) {
    try {
      return check(camera, stationId, current, proposed, contextWords);
    } finally {
      Arrays.fill(current, '\0');
      Arrays.fill(proposed, '\0');
    }
  }

  private static Answer check(
      CameraCredentials camera,
      String stationId,
      char[] current,
      char[] proposed,
      List<String> contextWords) {
    PasswordVerifier verifier = camera.store().verifier();
    if (verifier == null) {
      return Answer.refused(FailureReason.NOT_PAIRABLE, "the camera has no password set", 0);
    }
    PasswordPolicy.Verdict verdict = camera.checkNewPassword(proposed, contextWords);
    if (!verdict.acceptable()) {
      LOG.info(
          "password change by station {} refused: the new password is {}",
          stationId,
          verdict.verdict());
      return new Answer(false, WEAK_PASSWORD, new WeakPasswordException(verdict).getMessage(), 0);
    }
    String source = "station " + stationId;
    PairingThrottle.Decision d =
        camera.throttle().begin(source, PairingThrottle.Check.PASSWORD_CHANGE);
    if (d instanceof PairingThrottle.Refusal r) {
      return Answer.refused(
          r.reason(),
          r.reason() == FailureReason.LOCKED_OUT
              ? "password checks are locked after repeated wrong passwords"
              : "too many password attempts; wait",
          r.retryAfterMillis());
    }
    PairingThrottle.Permit permit = (PairingThrottle.Permit) d;
    boolean right = false;
    try {
      right = verifier.matches(camera.cameraId(), current);
    } finally {
      if (right) {
        permit.succeeded();
      } else {
        permit.failed("wrong current password"); // counted and logged by the throttle
      }
    }
    if (!right) {
      return Answer.refused(FailureReason.WRONG_PASSWORD, "the current password is wrong", 0);
    }
    try {
      camera.install(proposed, verdict);
    } catch (UncheckedIOException e) {
      LOG.error("password change by station {}: {}", stationId, e.getMessage());
      return new Answer(false, "", "the camera could not store the new password", 0);
    }
    LOG.info("camera password changed by station {}", stationId);
    return new Answer(true, "", "", 0);
  }
}
