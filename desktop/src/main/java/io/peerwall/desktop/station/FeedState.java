package io.peerwall.desktop.station;

/** What a person should know about a camera feed, in the words the wall shows. */
public enum FeedState {
  CONNECTING("connecting"),
  LIVE("live"),
  RECONNECTING("reconnecting"),
  UNREACHABLE("unreachable"),
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
