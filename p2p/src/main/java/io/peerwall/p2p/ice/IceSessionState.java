package io.peerwall.p2p.ice;

/**
 * Life cycle of an {@link IceSession}. FAILED and CLOSED are terminal (FAILED may become CLOSED).
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
  /** Closed by its owner. */
  CLOSED;

  public boolean isTerminal() {
    return this == FAILED || this == CLOSED;
  }
}
