package io.peerwall.decoder;

/**
 * A source cannot be opened: the message names the source (credentials redacted) and the reason in
 * words a user can act on, e.g. "cannot open webcam /dev/video0: device is busy (another program is
 * using it)".
 */
public final class SourceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final String reason;

  /**
   * @param source what was opened, already redacted ({@link Redaction#redact})
   * @param reason why it failed
   */
  public SourceException(String source, String reason) {
    this(source, reason, null);
  }

  public SourceException(String source, String reason, Throwable cause) {
    super("cannot open " + source + ": " + reason, cause);
    this.source = source;
    this.reason = reason;
  }

  /** The source as named in the message (redacted). */
  public String source() {
    return source;
  }

  /** The reason alone, without the source. */
  public String reason() {
    return reason;
  }
}
