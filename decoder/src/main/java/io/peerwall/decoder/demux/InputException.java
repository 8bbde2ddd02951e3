package io.peerwall.decoder.demux;

import java.io.IOException;

/**
 * An input failed to open or read. The message says what failed ("cannot open rtsp://***@cam/1:
 * Connection refused"); {@link #reason()} holds the reason alone, for callers that name the source
 * their own way.
 */
public final class InputException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final int errorCode;

  public InputException(String what, String reason) {
    this(what, reason, 0);
  }

  /**
   * @param errorCode FFmpeg's negative error code (AVERROR(errno) for system errors), 0 if none
   */
  public InputException(String what, String reason, int errorCode) {
    super(what + ": " + reason);
    this.reason = reason;
    this.errorCode = errorCode;
  }

  /** FFmpeg's error code, e.g. -16 (EBUSY) for a busy device; 0 when the failure was ours. */
  public int errorCode() {
    return errorCode;
  }

  /** Why, without naming the input: e.g. "timed out", "Connection refused (-111)". */
  public String reason() {
    return reason;
  }

  /** Whether our own deadline cut the call short (a stall), rather than an error or an abort. */
  public boolean isTimeout() {
    return "timed out".equals(reason);
  }
}
