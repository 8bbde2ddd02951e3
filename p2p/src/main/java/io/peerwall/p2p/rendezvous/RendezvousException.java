package io.peerwall.p2p.rendezvous;

import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.signaling.SignalingException;

/**
 * A rendezvous could not do what was asked, and why ({@link #kind()}), in terms a station turns
 * into a tile state and a camera into a status line. It is a {@link SignalingException} so that
 * code handling signaling failures by {@link #reason()} goes on working: every kind is UNREACHABLE
 * (retry later) except KEY_MISMATCH, REFUSED and BAD_ANSWER, which are REFUSED.
 */
public final class RendezvousException extends SignalingException {
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
    super(reasonOf(kind), message, 0);
    this.kind = kind;
  }

  public RendezvousException(Kind kind, String message, Throwable cause) {
    this(kind, message);
    initCause(cause);
  }

  private static FailureReason reasonOf(Kind kind) {
    return switch (kind) {
      case UNREACHABLE, NO_ANSWER, CAMERA_NOT_REGISTERED -> FailureReason.UNREACHABLE;
      case KEY_MISMATCH, REFUSED, BAD_ANSWER -> FailureReason.REFUSED;
    };
  }

  public Kind kind() {
    return kind;
  }

  /** Whether trying again later may help (everything but a key mismatch). */
  public boolean retryable() {
    return kind != Kind.KEY_MISMATCH;
  }
}
