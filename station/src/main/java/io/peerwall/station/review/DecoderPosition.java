package io.peerwall.station.review;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.DecodeStatus;
import io.peerwall.recorder.SegmentInfo;

/**
 * Where a player's decoder stands: after the frame at {@link #micros} of {@link #segment}, the next
 * frame starting at {@link #nextOffset}. A release after a scrub, a step, or playback after a pause
 * in the same GOP goes on from here instead of decoding the GOP again. Player thread only.
 */
final class DecoderPosition {
  private final FrameOutput output;
  private final SegmentCursor cursor = new SegmentCursor();
  private SegmentInfo segment;
  private long micros = Long.MIN_VALUE;
  private long nextOffset = -1;
  private boolean pictured;

  DecoderPosition(FrameOutput output) {
    this.output = output;
  }

  SegmentCursor cursor() {
    return cursor;
  }

  FrameOutput output() {
    return output;
  }

  /** The segment the decoder is in, or null when the next picture must start at a keyframe. */
  SegmentInfo segment() {
    return segment;
  }

  long micros() {
    return micros;
  }

  long nextOffset() {
    return nextOffset;
  }

  /**
   * Whether the decoder is in {@code s} at or after {@code fromMicros} and at or before {@code
   * toMicros}, so reading on from {@link #nextOffset} reaches a frame in between.
   */
  boolean within(SegmentInfo s, long fromMicros, long toMicros) {
    return segment != null && segment.id() == s.id() && micros >= fromMicros && micros <= toMicros;
  }

  /** Whether the last frame decoded is the picture on screen. */
  boolean onScreen() {
    return segment != null && pictured && micros == output.lastPublishedMicros();
  }

  /**
   * Whether the last frame decoded was converted but not published (playback decodes a frame ahead
   * and was stopped before it was due): it is still in the write slot.
   */
  boolean inWriteSlot() {
    return segment != null && pictured && micros != output.lastPublishedMicros();
  }

  /** Decodes one unit and remembers where the decoder stands; true when a picture came out. */
  boolean decode(AccessUnit unit, long offset, long length, SegmentInfo in, boolean show) {
    DecodeStatus status = output.decode(unit, show);
    if (status == DecodeStatus.FRAME) {
      segment = in;
      micros = unit.ptsMicros();
      nextOffset = offset + length;
      pictured = show;
      return show;
    }
    segment = null;
    nextOffset = -1;
    return false;
  }

  /** Starts again: the next unit decoded must be a keyframe. */
  void reset() {
    segment = null;
    nextOffset = -1;
    micros = Long.MIN_VALUE;
    output.reset();
  }

  /** The time between frames of a segment, from its row (40 ms when it has too few frames). */
  static long frameInterval(SegmentInfo segment) {
    if (segment.frames() < 2 || segment.durationMicros() <= 0) {
      return 40_000;
    }
    return Math.max(1_000, segment.durationMicros() / segment.frames());
  }
}
