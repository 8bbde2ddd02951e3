package io.peerwall.station.feed;

/**
 * Whether a camera's frames are being recorded now, as the tile's recording dot shows it. Only
 * {@link #WRITING} lights the dot; {@link #DISK_FULL} also puts a sentence on the tile.
 */
public enum RecordingState {
  /** The station does not record this camera (watch only, or the recorder is closed). */
  OFF,
  /** Recording is set up but no frame was written lately (camera down, waiting for a keyframe). */
  WAITING,
  /** Frames were written to a segment file lately. */
  WRITING,
  /**
   * The recorder paused because the disk is full (or cannot be written); it resumes by itself when
   * space returns.
   */
  DISK_FULL
}
