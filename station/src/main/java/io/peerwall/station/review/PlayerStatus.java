package io.peerwall.station.review;

/**
 * A player's state as its tile shows it.
 *
 * @param frameMicros time of the picture last published, or -1 before the first
 * @param resumeMicros in a gap: where recording resumes in the direction of play, or -1 (none)
 * @param detail what failed or was skipped (a file name, an error message), or empty
 */
public record PlayerStatus(PlayerState state, long frameMicros, long resumeMicros, String detail) {
  static final PlayerStatus IDLE = new PlayerStatus(PlayerState.IDLE, -1, -1, "");
}
