package io.peerwall.station.audit;

/** Where a camera's password fix stands, as its audit row shows it. */
public enum FixState {
  NONE,
  /** Waiting for the camera to come back; the passwords are in this station's memory only. */
  QUEUED,
  /**
   * Queued before the station restarted: the passwords were never written down, so they must be
   * typed again (decision 0092).
   */
  QUEUED_NEEDS_PASSWORDS,
  /** Being sent now. */
  RUNNING
}
