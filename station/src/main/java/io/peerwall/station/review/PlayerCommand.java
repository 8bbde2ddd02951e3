package io.peerwall.station.review;

/**
 * What a camera's player is asked to do; each has a number, higher is newer, so a long task (play)
 * can see that it has been replaced.
 */
record PlayerCommand(long number, Kind kind, long micros) {

  enum Kind {
    /** Show the keyframe at or before the time (scrubbing: fast, one picture a GOP). */
    KEYFRAME,
    /** Show the last frame at or before the time. */
    EXACT,
    /** Show the first frame after the time (a step forward). */
    AFTER,
    /** Play by the clock, at its speed, until replaced. */
    PLAY,
    /** Keep the picture (paused). */
    HOLD,
    /** End the player's thread. */
    STOP
  }
}
