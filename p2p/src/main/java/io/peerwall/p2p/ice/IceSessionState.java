package io.peerwall.p2p.ice;

/**
 * Life cycle of an {@link IceSession}. FAILED, PATH_LOST and CLOSED are terminal (FAILED and
 * PATH_LOST may become CLOSED).
 */
public enum IceSessionState {
  /** Created, nothing gathered yet. */
  NEW,
  /** Gathering local candidates. */
  GATHERING,
  /** Remote description applied, connectivity checks running. */
  CONNECTING,
  /** A pair is selected; the datagram transport is usable. */
  CONNECTED,
  /** Connectivity failed (checks failed, timeout, bad remote description, local error). */
  FAILED,
  /**
   * Was CONNECTED, and the selected path stopped working: the peer fell silent on a watched path,
   * or ICE consent (RFC 7675) expired. A new session (new agent, new gathering) is needed.
   */
  PATH_LOST,
  /** Closed by its owner. */
  CLOSED;

  public boolean isTerminal() {
    return this == FAILED || this == PATH_LOST || this == CLOSED;
  }
}
