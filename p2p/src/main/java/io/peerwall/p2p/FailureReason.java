package io.peerwall.p2p;

/**
 * Why a pairing or a session could not be made, in the terms a person acts on. Each has its own
 * message in the UI and the CLI and its own exit code there; the wire code is what a camera puts in
 * a {@code refused} message.
 */
public enum FailureReason {
  /** Pairing: the password did not match (both sides know; nothing testable offline leaked). */
  WRONG_PASSWORD("wrong-password"),
  /** Pairing is locked on the camera after repeated failures; retry later. */
  LOCKED_OUT("locked-out"),
  /** Too many attempts from here recently; retry after the given delay. */
  THROTTLED("throttled"),
  /** The camera has no password set yet, so it cannot be paired. */
  NOT_PAIRABLE("not-pairable"),
  /** The peer at this address or ID is not the camera that was asked for. */
  UNKNOWN_ID("unknown-id"),
  /** The camera does not know this station (never paired, or unpaired). */
  NOT_PAIRED("not-paired"),
  /** The camera presented a key other than the one pinned at pairing. */
  KEY_MISMATCH("key-mismatch"),
  /** The camera could not be reached (connect, ICE or DTLS timed out). */
  UNREACHABLE("unreachable"),
  /** A signed signaling message was stale, replayed or had a bad signature. */
  REPLAYED("replayed"),
  /** Busy, version mismatch, protocol violation, anything else. */
  REFUSED("refused");

  private final String wire;

  FailureReason(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The reason for a wire code; unknown codes are {@link #REFUSED}. */
  public static FailureReason fromWire(String code) {
    for (FailureReason r : values()) {
      if (r.wire.equals(code)) {
        return r;
      }
    }
    return REFUSED;
  }
}
