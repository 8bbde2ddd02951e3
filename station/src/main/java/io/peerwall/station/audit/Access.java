package io.peerwall.station.audit;

/** Whether the station can reach a camera now, as the audit shows it. */
public enum Access {
  /** A session is up: facts are fresh and a fix goes through at once. */
  ONLINE,
  /** Not connected now: its last facts are shown with their date; a fix is queued. */
  OFFLINE,
  /** The camera does not know this station any more (unpaired there): pair again. */
  NOT_PAIRED,
  /** Paired, never read yet. */
  NEVER_READ
}
