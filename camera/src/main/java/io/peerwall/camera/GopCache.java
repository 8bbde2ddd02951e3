package io.peerwall.camera;

import io.peerwall.p2p.EncodedFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * The latest group of pictures (the last keyframe and every frame after it), so that a station that
 * joins gets a decodable picture at once instead of waiting for the source's next keyframe. Bounded
 * in frames and bytes: a GOP longer than the bounds is dropped (a joining station then waits for
 * the next keyframe, as without a cache). Used from the source's thread only.
 */
final class GopCache {
  static final int MAX_FRAMES = 600;
  static final long MAX_BYTES = 16L << 20;

  private final List<EncodedFrame> frames = new ArrayList<>();
  private long bytes;
  private boolean overflowed;

  /** Adds a frame: a keyframe starts a new GOP. */
  void add(EncodedFrame frame) {
    if (frame.keyframe()) {
      frames.clear();
      bytes = 0;
      overflowed = false;
    } else if (frames.isEmpty() || overflowed) {
      return;
    }
    if (frames.size() >= MAX_FRAMES || bytes + frame.annexB().length > MAX_BYTES) {
      frames.clear();
      bytes = 0;
      overflowed = true;
      return;
    }
    frames.add(frame);
    bytes += frame.annexB().length;
  }

  /** The cached GOP, first a keyframe; empty when none is usable. */
  List<EncodedFrame> snapshot() {
    return List.copyOf(frames);
  }

  boolean hasKeyframe() {
    return !frames.isEmpty();
  }

  long bytes() {
    return bytes;
  }
}
