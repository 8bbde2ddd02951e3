package io.peerwall.station.feed;

/** What a person should know about a camera feed, in the words the wall shows. */
public enum FeedState {
  CONNECTING("connecting"),
  LIVE("live"),
  RECONNECTING("reconnecting"),
  UNREACHABLE("unreachable"),
  /** The camera refused the station's password (pairing) or credentials. */
  WRONG_PASSWORD("wrong password"),
  /** The camera does not know this station any more (it was unpaired there, or reset). */
  NOT_PAIRED("not paired"),
  /** The camera stopped accepting attempts for a while after too many wrong passwords. */
  LOCKED_OUT("locked out"),
  /** The camera answered with another key than the pinned one: possibly an impostor. */
  KEY_CHANGED("key changed"),
  CLOSED("closed");

  private final String label;

  FeedState(String label) {
    this.label = label;
  }

  /** The lower-case word used in status lines and stats files. */
  public String label() {
    return label;
  }

  /**
   * Whether the camera refused in a way retrying cannot fix: the supervisor stopped, and a person
   * has to act ({@link #advice()}).
   */
  public boolean refusal() {
    return this == WRONG_PASSWORD || this == NOT_PAIRED || this == KEY_CHANGED;
  }

  /** What a person should do about a refusal, in English (log, headless status); else empty. */
  public String advice() {
    return switch (this) {
      case KEY_CHANGED ->
          "It may be an impostor: check the camera. If it was reset on purpose"
              + " (a reset camera has a new ID), pair it again: peerwall cameras remove OLD-ID,"
              + " then peerwall pair NEW-ID --address HOST:PORT";
      case NOT_PAIRED ->
          "The camera no longer knows this station (it was unpaired or reset"
              + " there): pair it again with its password (peerwall pair CAMERA-ID)";
      case WRONG_PASSWORD -> "Pair it again with the camera's current password";
      default -> "";
    };
  }
}
