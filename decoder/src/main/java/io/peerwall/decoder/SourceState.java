package io.peerwall.decoder;

/** Life cycle of a {@link VideoSource}, as shown on the camera side and in its logs. */
public enum SourceState {
  /** Created or stopped: not delivering, may be started. */
  IDLE,
  /** Opening the file, stream or device. */
  STARTING,
  /** Delivering units. */
  RUNNING,
  /** Lost its input (camera dropped, read error) and is retrying with backoff. */
  RECONNECTING,
  /** Could not be opened; see {@link SourceHealth#lastError()}. May be started again. */
  FAILED,
  /** Closed for good. */
  CLOSED
}
