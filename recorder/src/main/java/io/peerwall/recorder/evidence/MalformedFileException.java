package io.peerwall.recorder.evidence;

/** The file is not a well-formed MP4 (ISO base media file), or it ends inside a box. */
final class MalformedFileException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of damage: decides the verdict's reason. */
  enum Kind {
    NOT_MP4,
    TRUNCATED,
    MALFORMED
  }

  private final Kind kind;

  MalformedFileException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }
}
