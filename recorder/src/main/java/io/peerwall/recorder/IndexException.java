package io.peerwall.recorder;

/** The recording index cannot be opened, migrated or written; the message says which and why. */
public final class IndexException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
