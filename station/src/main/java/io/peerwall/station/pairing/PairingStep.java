package io.peerwall.station.pairing;

/** Where a pairing is, in the order it happens. */
public enum PairingStep {
  /** Finding the camera by its ID (LAN discovery or the rendezvous). */
  LOOKING_UP,
  /** Opening a session to it. */
  CONNECTING,
  /** Proving the password without sending it (PAKE). */
  CHECKING_PASSWORD,
  /** Remembering the camera's key for every later session. */
  PINNING_KEY,
  /** Paired; the first picture is on its way. */
  DONE
}
