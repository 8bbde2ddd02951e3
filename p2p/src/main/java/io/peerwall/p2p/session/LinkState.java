package io.peerwall.p2p.session;

/** What a person should know about a camera link, as the wall and the CLI show it. */
public enum LinkState {
  /** First attempt in progress. */
  CONNECTING,
  /** Session up, media flowing. */
  LIVE,
  /** Lost after being live (or a retry after a failure); a new ICE agent is being tried. */
  RECONNECTING,
  /** Never reached (no path, camera off); still retrying. */
  UNREACHABLE,
  /** Pairing: the password was wrong. */
  WRONG_PASSWORD,
  /** Pairing is locked on the camera. */
  LOCKED_OUT,
  /** The camera answered with a key other than the pinned one: not retried. */
  KEY_MISMATCH,
  /** The camera does not know this station (unpaired): not retried. */
  NOT_PAIRED,
  /** Closed by its owner. */
  CLOSED
}
