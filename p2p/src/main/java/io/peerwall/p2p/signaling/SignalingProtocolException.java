package io.peerwall.p2p.signaling;

import java.io.IOException;

/** The peer broke the signaling protocol (malformed, oversized or unexpected input). */
public final class SignalingProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  public SignalingProtocolException(String message) {
    super(message);
  }
}
