package io.peerwall.p2p.signaling;

import io.peerwall.p2p.FailureReason;
import java.io.IOException;

/**
 * The peer refused or ended the session or pairing (error/bye/refused during setup, version
 * mismatch, wrong password, key mismatch, ...). {@link #reason()} says which, for UI and exit
 * codes.
 */
public class SignalingException extends IOException {
  private static final long serialVersionUID = 1L;

  private final FailureReason reason;
  private final long retryAfterMillis;

  public SignalingException(String message) {
    this(FailureReason.REFUSED, message, 0);
  }

  public SignalingException(FailureReason reason, String message, long retryAfterMillis) {
    super(message);
    this.reason = reason;
    this.retryAfterMillis = retryAfterMillis;
  }

  public FailureReason reason() {
    return reason;
  }

  /** For THROTTLED / LOCKED_OUT: how long the camera asked us to wait (0 if unknown). */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }
}
