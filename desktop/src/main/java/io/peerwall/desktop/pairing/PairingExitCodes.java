package io.peerwall.desktop.pairing;

import io.peerwall.desktop.app.ExitCode;
import io.peerwall.p2p.signaling.FailureReason;

/**
 * Exit codes of pairing and session failures (README's table): each failure a person must act on
 * differently has its own. Values never change meaning.
 */
public final class PairingExitCodes {
  /** The password is wrong. */
  public static final int WRONG_PASSWORD = 10;

  /** The camera locked pairing, or throttles us: wait and retry. */
  public static final int LOCKED_OUT = 11;

  /** No camera with that ID answered, or the one that did is another camera. */
  public static final int UNKNOWN_ID = 12;

  /** The camera presented a different key than the one pinned: reset or impostor. */
  public static final int KEY_MISMATCH = 13;

  /** The camera has no password set, or this station is not paired with it. */
  public static final int NOT_PAIRED = 14;

  /** A new camera password was refused as weak. */
  public static final int WEAK_PASSWORD = 15;

  private PairingExitCodes() {}

  public static int of(FailureReason r) {
    return switch (r) {
      case WRONG_PASSWORD -> WRONG_PASSWORD;
      case LOCKED_OUT, THROTTLED -> LOCKED_OUT;
      case UNKNOWN_ID -> UNKNOWN_ID;
      case KEY_MISMATCH, REPLAYED -> KEY_MISMATCH;
      case NOT_PAIRABLE, NOT_PAIRED -> NOT_PAIRED;
      case UNREACHABLE -> ExitCode.CAMERA_UNREACHABLE;
      case REFUSED -> ExitCode.FAILURE;
    };
  }

  /** One plain sentence for the CLI and the wall. */
  public static String message(FailureReason r, String cameraId, long retryAfterMillis) {
    String wait =
        retryAfterMillis > 0 ? " Try again in " + Math.max(1, retryAfterMillis / 1000) + " s." : "";
    return switch (r) {
      case WRONG_PASSWORD -> "wrong password for camera " + cameraId + "; nothing was paired.";
      case LOCKED_OUT ->
          "camera " + cameraId + " has locked pairing after repeated wrong passwords." + wait;
      case THROTTLED -> "camera " + cameraId + " is slowing down pairing attempts." + wait;
      case UNKNOWN_ID ->
          "no camera with ID " + cameraId + " answered there (check the ID and the address).";
      case KEY_MISMATCH ->
          "camera "
              + cameraId
              + " answered with a different key than when it was paired: it was reset, or it is an"
              + " impostor. Remove it and pair again only if you reset it yourself.";
      case NOT_PAIRABLE ->
          "camera " + cameraId + " has no password set yet; set one on the camera first.";
      case NOT_PAIRED ->
          "this station is not paired with camera " + cameraId + "; run: peerwall pair " + cameraId;
      case REPLAYED ->
          "the signaling for camera " + cameraId + " was tampered with or replayed; refused.";
      case UNREACHABLE -> "camera " + cameraId + " could not be reached.";
      case REFUSED -> "camera " + cameraId + " refused.";
    };
  }
}
