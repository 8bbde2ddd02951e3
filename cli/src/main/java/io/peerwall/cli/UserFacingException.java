package io.peerwall.cli;

/**
 * A failure the user can act on: its message names the problem and the fix in one line, and it
 * carries the process exit code. The CLI prints only the message; the cause goes to the log.
 */
public final class UserFacingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public UserFacingException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public UserFacingException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
