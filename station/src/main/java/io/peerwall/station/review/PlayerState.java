package io.peerwall.station.review;

/** What one camera's tile in the review shows, in words the screen turns into a sentence. */
public enum PlayerState {
  /** Nothing asked yet. */
  IDLE,
  /** A still picture (paused, scrubbing, stepped). */
  SHOWING,
  /** Playing recorded frames. */
  PLAYING,
  /** Following what is being recorded now (at most about a second behind the camera). */
  LIVE,
  /** Nothing recorded at this time; {@link PlayerStatus#resumeMicros()} says where it resumes. */
  GAP,
  /** The camera has no recordings at all. */
  NO_RECORDINGS,
  /** A segment's file was deleted (by retention) after it was listed: skipped. */
  SEGMENT_DELETED,
  /** A segment is damaged from some point on: the rest of it is skipped. */
  DAMAGED,
  /** The recordings cannot be read (the disk is gone, permissions): playback stopped. */
  UNREADABLE,
  /** A bug (logged): playback of this camera stopped. */
  FAILED
}
