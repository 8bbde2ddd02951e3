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
}
