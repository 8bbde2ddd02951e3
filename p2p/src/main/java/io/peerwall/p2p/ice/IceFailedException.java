package io.peerwall.p2p.ice;

import java.io.IOException;

/** ICE did not connect (or the session was closed first); the message says why. */
public final class IceFailedException extends IOException {
  private static final long serialVersionUID = 1L;

  public IceFailedException(String message) {
    super(message);
  }
}
