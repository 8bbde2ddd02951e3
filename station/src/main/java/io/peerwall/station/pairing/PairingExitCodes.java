package io.peerwall.station.pairing;

import io.peerwall.cli.ExitCode;
import io.peerwall.p2p.FailureReason;

/**
 * The exit code and the plain sentence of each pairing and session failure (the codes are in {@link
 * ExitCode}, README's table): each failure a person must act on differently has its own.
 */
public final class PairingExitCodes {
  private PairingExitCodes() {}

  public static int of(FailureReason r) {
    return switch (r) {
      case WRONG_PASSWORD -> ExitCode.WRONG_PASSWORD;
      case LOCKED_OUT, THROTTLED -> ExitCode.LOCKED_OUT;
      case UNKNOWN_ID -> ExitCode.UNKNOWN_ID;
      case KEY_MISMATCH, REPLAYED -> ExitCode.KEY_MISMATCH;
      case NOT_PAIRABLE, NOT_PAIRED -> ExitCode.NOT_PAIRED;
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
