package io.peerwall.decoder;

/** Outcome of one {@link StreamDecoder} call. Corrupt input is reported here, never thrown. */
public enum DecodeStatus {
  /** A picture was decoded (and written to the frame buffer, if one was given). */
  FRAME,
  /** Nothing to show yet: the decoder needs more input (or has been drained). */
  NO_FRAME,
  /** {@link StreamDecoder#send}: the unit was taken; call {@link StreamDecoder#receive}. */
  ACCEPTED,
  /** The unit was dropped on purpose: not a keyframe, and the decoder is in keyframes-only mode. */
  SKIPPED,
  /**
   * The unit was dropped because the decoder has no reference picture to decode it against (the
   * stream started mid-GOP, or an earlier error): ask the sender for a keyframe.
   */
  WAITING_FOR_KEYFRAME,
  /** The input was corrupt; the decoder was reset and needs a keyframe to continue. */
  ERROR_NEEDS_KEYFRAME
}
