package io.peerwall.cli;

/**
 * Process exit codes of the {@code peerwall} command. Scripts may depend on them, so values never
 * change meaning; new ones are only added.
 */
public final class ExitCode {
  /** Everything went as asked. */
  public static final int OK = 0;

  /** A failure without a more specific code (see the log). */
  public static final int FAILURE = 1;

  /** Unknown command or option, or an option value that cannot be used. */
  public static final int USAGE = 2;

  /** The data or config directory is missing and cannot be made, or is not writable. */
  public static final int DATA_DIR = 3;

  /** A network port we must listen on is taken. */
  public static final int PORT_IN_USE = 4;

  /** The FFmpeg natives (JavaCV) could not be loaded. */
  public static final int NATIVES = 5;

  /** A camera could not be reached or its session failed. */
  public static final int CAMERA_UNREACHABLE = 6;

  /** The demo ran, but a camera never went live. */
  public static final int DEMO_UNHEALTHY = 7;

  /** {@code recordings verify} found segments that do not match the index or their hash. */
  public static final int RECORDINGS_DAMAGED = 8;

  /**
   * The camera's saved source ({@code source.json}) is damaged or cannot be decrypted (altered, or
   * from another camera identity). Identity and password are untouched; set the source again.
   */
  public static final int SAVED_SOURCE = 9;

  /** Pairing: the password is wrong (nothing was paired). */
  public static final int WRONG_PASSWORD = 10;

  /** The camera locked pairing, or throttles us: wait and retry. */
  public static final int LOCKED_OUT = 11;

  /** No camera with that ID answered, or the one that did is another camera. */
  public static final int UNKNOWN_ID = 12;

  /** The camera presented a different key than the one pinned: reset or impostor. */
  public static final int KEY_MISMATCH = 13;

  /** The camera has no password set, or this station is not paired with it. */
  public static final int NOT_PAIRED = 14;

  /** A new camera password was refused as weak. */
  public static final int WEAK_PASSWORD = 15;

  /**
   * {@code verify}: NOT AUTHENTIC, the file was changed after it was signed, is damaged, is not an
   * MP4, or was signed by another station than expected.
   */
  public static final int NOT_AUTHENTIC = 20;

  /** {@code verify}: NOT SIGNED, the file carries no export signature. */
  public static final int NOT_SIGNED = 21;

  /** {@code verify}: the file cannot be read (missing, no permission, I/O error): no verdict. */
  public static final int UNREADABLE_FILE = 22;

  /** {@code exports list}: the export log's hash chain is broken (edited outside PeerWall). */
  public static final int EXPORT_LOG_BROKEN = 23;

  /**
   * The station's export signing key cannot be used: damaged, incomplete, or made under another
   * identity. It is never replaced silently; the message says what to do.
   */
  public static final int SIGNING_KEY = 24;

  /** Interrupted by Ctrl-C (SIGINT) before finishing; 128 + 2 as shells report it. */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}
}
