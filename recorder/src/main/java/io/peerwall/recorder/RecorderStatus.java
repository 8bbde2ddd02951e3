package io.peerwall.recorder;

/**
 * A snapshot of the recorder for the user: whether it is recording, and if not, why.
 *
 * @param message for the user when the state is not {@link State#RECORDING}, else empty
 * @param framesWritten frames written to segment files since start, all cameras
 * @param framesDropped frames lost before the mux (queue full), all cameras
 * @param segments segments started since start, all cameras (the open ones included)
 * @param indexBacklog index operations not written yet
 * @param recordedBytes bytes of recordings the index knows
 * @param usableBytes usable space on the recordings' file system at the last check
 * @param reserveBytes the space kept free
 * @param lockedBytes bytes of recordings under active evidence locks (counted in recordedBytes)
 * @param warning what the user should know even while recording, else empty: locks taking most of
 *     the quota, or more than it (the quota is then suspended, decision 0050)
 */
public record RecorderStatus(
    State state,
    String message,
    long framesWritten,
    long framesDropped,
    long segments,
    long indexBacklog,
    long recordedBytes,
    long usableBytes,
    long reserveBytes,
    long lockedBytes,
    String warning) {

  /** What the recorder is doing. */
  public enum State {
    /** Writing normally. */
    RECORDING,
    /** Paused: the disk is full (or cannot be written); resumes by itself when space returns. */
    DISK_FULL,
    /** Segments are written but the index cannot be: retried every second. */
    INDEX_FAILING,
    /** Closed. */
    CLOSED
  }

  /** One line for a status display. */
  public String describe() {
    String base =
        switch (state) {
          case RECORDING -> "recording";
          case DISK_FULL -> "PAUSED, disk full";
          case INDEX_FAILING -> "recording, index not written";
          case CLOSED -> "closed";
        };
    return base
        + String.format(
            java.util.Locale.ROOT,
            " | %d frames, %d dropped, %d segments, %d MB recorded%s, %d MB free",
            framesWritten,
            framesDropped,
            segments,
            recordedBytes >> 20,
            lockedBytes > 0
                ? String.format(java.util.Locale.ROOT, " (%d MB locked)", lockedBytes >> 20)
                : "",
            usableBytes >> 20)
        + (message.isEmpty() ? "" : " | " + message)
        + (warning.isEmpty() ? "" : " | " + warning);
  }
}
