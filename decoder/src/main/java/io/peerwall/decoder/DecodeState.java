package io.peerwall.decoder;

/**
 * The keyframe-recovery state of one {@link StreamDecoder} and its statistics: which units may be
 * sent, whether a keyframe is needed, how many units were decoded or dropped and why, and the size
 * of the last picture. Holds no native state; the decoder resets FFmpeg and then this together.
 *
 * <p>Written only under the decoder's lock; what the getters return is volatile so it can be read
 * from any thread.
 */
final class DecodeState {

  private final VideoCodec codec;
  private final boolean keyframesOnly;

  // Whether a keyframe has been accepted since the last reset, so dependent units may follow.
  // Separate from keyframeNeeded, which waits for a picture to come out: with frame threading the
  // first picture appears several units after its keyframe was sent.
  private boolean referenceAvailable;
  private volatile boolean keyframeNeeded = true;
  private volatile long framesDecoded;
  private volatile long decodeErrors;
  private volatile long unitsSkipped;
  private volatile long unitsWaitingForKeyframe;
  private volatile int sourceWidth;
  private volatile int sourceHeight;

  DecodeState(VideoCodec codec, boolean keyframesOnly) {
    this.codec = codec;
    this.keyframesOnly = keyframesOnly;
  }

  /** Whether {@code unit} starts a picture that needs no earlier one. */
  boolean isKeyframe(AccessUnit unit) {
    // Scanning for an IDR costs a pass over the unit; only pay it when the answer matters.
    if (keyframesOnly || !referenceAvailable) {
      // Trust the flag when set; when not, look: a depacketizer may not have classified the unit.
      return unit.keyframe() || AnnexB.containsKeyframe(codec, unit.data());
    }
    return unit.keyframe();
  }

  /**
   * Decides whether a unit may be sent to FFmpeg.
   *
   * @return null to send it, else why it is dropped (SKIPPED or WAITING_FOR_KEYFRAME, counted)
   */
  DecodeStatus admit(boolean keyframe) {
    if (keyframesOnly && !keyframe) {
      unitsSkipped++;
      return DecodeStatus.SKIPPED;
    }
    return waitForReference(keyframe);
  }

  /**
   * Drops (and counts) a dependent unit when there is no reference to decode it against.
   *
   * @return null if it may be sent, else WAITING_FOR_KEYFRAME
   */
  DecodeStatus waitForReference(boolean keyframe) {
    if (!referenceAvailable && !keyframe) {
      unitsWaitingForKeyframe++;
      return DecodeStatus.WAITING_FOR_KEYFRAME;
    }
    return null;
  }

  /** FFmpeg took the unit: after a keyframe, dependent units may follow. */
  void accepted(boolean keyframe) {
    referenceAvailable |= keyframe;
  }

  /** A good picture came out: the stream has recovered. */
  void pictureDecoded(int width, int height) {
    framesDecoded++;
    keyframeNeeded = false;
    sourceWidth = width;
    sourceHeight = height;
  }

  /** Counts a decode error; the caller then resets. Returns the count so far, for the log. */
  long countError() {
    return ++decodeErrors;
  }

  /** The decoder dropped its references: only a keyframe can follow. */
  void reset() {
    referenceAvailable = false;
    keyframeNeeded = true;
  }

  boolean keyframeNeeded() {
    return keyframeNeeded;
  }

  long framesDecoded() {
    return framesDecoded;
  }

  long decodeErrors() {
    return decodeErrors;
  }

  long unitsSkipped() {
    return unitsSkipped;
  }

  long unitsWaitingForKeyframe() {
    return unitsWaitingForKeyframe;
  }

  int sourceWidth() {
    return sourceWidth;
  }

  int sourceHeight() {
    return sourceHeight;
  }
}
