package io.peerwall.p2p.rendezvous;

import java.io.IOException;

/**
 * A rendezvous could not do what was asked, and why, in terms a station turns into a tile state and
 * a camera into a status line.
 */
public final class RendezvousException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Kind {
    /** No TCP connection (refused, no route, name not found, connect timeout): down or wrong. */
    UNREACHABLE,
    /** Connected, but it did not answer in time, or the connection died. */
    NO_ANSWER,
    /**
     * It presented a key other than the pinned one (or none): replaced, reinstalled, or someone in
     * between. Retrying does not help; the pin must be checked and changed by a person.
     */
    KEY_MISMATCH,
    /** It refused the request (a registration or ICE request it did not accept). */
    REFUSED,
    /** The camera asked for is not registered there: offline, or using another rendezvous. */
    CAMERA_NOT_REGISTERED,
    /** It sent something malformed or unverifiable (bad signature, wrong nonce, bad JSON). */
    BAD_ANSWER
  }

  private final Kind kind;

  public RendezvousException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public RendezvousException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether trying again later may help (everything but a key mismatch). */
  public boolean retryable() {
    return kind != Kind.KEY_MISMATCH;
  }
}
