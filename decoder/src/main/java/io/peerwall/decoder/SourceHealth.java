package io.peerwall.decoder;

/**
 * What a {@link VideoSource} reports about itself, for status lines and health checks.
 *
 * @param state where the source is in its life cycle
 * @param codec codec of the units delivered, null until known
 * @param width coded picture width, 0 until known
 * @param height coded picture height, 0 until known
 * @param framesEmitted units handed to the sink so far
 * @param lastFrameEpochMicros capture time of the last unit delivered, 0 before the first
 * @param reconnects times the input was lost and opened again
 * @param lastError the most recent problem in words (credentials redacted), empty if none
 */
public record SourceHealth(
    SourceState state,
    VideoCodec codec,
    int width,
    int height,
    long framesEmitted,
    long lastFrameEpochMicros,
    long reconnects,
    String lastError) {

  public SourceHealth {
    if (state == null) {
      throw new IllegalArgumentException("state is required");
    }
    lastError = lastError == null ? "" : lastError;
  }

  /** Whether units are flowing. */
  public boolean isLive() {
    return state == SourceState.RUNNING;
  }
}
