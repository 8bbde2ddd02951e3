package io.peerwall.station.pairing;

import io.peerwall.p2p.FailureReason;
import io.peerwall.station.feed.Feed;

/**
 * How a pairing ended.
 *
 * @param feed the new camera's feed, already started, when {@code outcome} is PAIRED; else null
 */
public record PairingResult(Outcome outcome, String cameraId, String cameraName, Feed feed) {

  public enum Outcome {
    PAIRED,
    /** No camera answers for this ID (typo, switched off, not reachable). */
    NOT_FOUND,
    /** The camera refused the password. */
    WRONG_PASSWORD,
    /** Too many wrong passwords: the camera waits before accepting another try. */
    LOCKED_OUT,
    /** The camera asks for a pause before the next attempt (a few seconds). */
    TRY_LATER,
    /** The camera answered with another key than the one this ID stands for. */
    KEY_MISMATCH,
    /** Already on this station. */
    ALREADY_PAIRED,
    /** Anything else (the message says what). */
    FAILED
  }

  public static PairingResult failed(Outcome outcome, String cameraId) {
    return new PairingResult(outcome, cameraId, null, null);
  }

  /**
   * The outcome a refused pairing stands for (the dialog's counterpart of {@code
   * pairing.PairingExitCodes}). Another camera answering for the ID is treated like a changed key:
   * both mean the key behind the ID is not the one typed.
   */
  public static Outcome outcomeOf(FailureReason reason) {
    if (reason == null) {
      return Outcome.FAILED;
    }
    return switch (reason) {
      case WRONG_PASSWORD -> Outcome.WRONG_PASSWORD;
      case LOCKED_OUT -> Outcome.LOCKED_OUT;
      case THROTTLED -> Outcome.TRY_LATER;
      case UNKNOWN_ID, KEY_MISMATCH -> Outcome.KEY_MISMATCH;
      case UNREACHABLE -> Outcome.NOT_FOUND;
      default -> Outcome.FAILED;
    };
  }
}
