package io.peerwall.p2p.dtls;

import java.io.IOException;

/** The DTLS handshake did not produce an authenticated session. */
public final class DtlsFailure extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Kind {
    /** The peer presented a key other than the one pinned for it. */
    KEY_MISMATCH,
    /** The peer's key is not one we paired with (camera side: unknown station). */
    NOT_PAIRED,
    /** Timeout, alert, malformed record, transport closed. */
    HANDSHAKE
  }

  private final Kind kind;

  public DtlsFailure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
