package io.peerwall.desktop.wall;

/**
 * Something a person watching the wall should notice even when not looking at the tile: shown as a
 * notification. {@code message} is already in the interface's language.
 */
public record WallEvent(Kind kind, String camera, String message) {
  public enum Kind {
    /** A live camera stopped sending. */
    DOWN,
    /** A camera that was down is live again. */
    UP,
    /** The camera refused the password or locked the station out. */
    REFUSED,
    /** The camera's key is not the pinned one: possibly an impostor. */
    KEY_CHANGED,
    /** A snapshot was written, or could not be. */
    SNAPSHOT,
    /** Anything else worth a line (a camera added, settings not saved). */
    INFO
  }
}
