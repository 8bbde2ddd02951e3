package io.peerwall.p2p.signaling;

import java.io.IOException;

/** The peer refused or ended the session (error/bye during setup, version mismatch, ...). */
public final class SignalingException extends IOException {
  private static final long serialVersionUID = 1L;

  public SignalingException(String message) {
    super(message);
  }
}
