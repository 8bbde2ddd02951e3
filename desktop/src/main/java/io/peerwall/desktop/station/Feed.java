package io.peerwall.desktop.station;

import io.peerwall.decoder.FrameBuffer;

/**
 * What the wall and the headless reporter see of one camera: its decoded frames, state and
 * counters. Implementations decode on their own thread; every method here is cheap and
 * non-blocking, so the FX thread may call them.
 */
public interface Feed {
  /** Stable identifier of the camera (its camera ID). */
  String cameraId();

  /** Human name of the camera. */
  String name();

  FeedState state();

  /** Connection path of the live session: host, srflx, relay, or "-" when not connected. */
  String path();

  FeedStats stats();

  /** Decoded frames, newest only; a frame not taken before the next one is dropped and counted. */
  TripleBuffer<FrameBuffer> frames();

  /**
   * Asks the decoder to scale to this size from the next frame on (a tile was resized). Sizes are
   * clamped to sane bounds by the implementation.
   */
  void requestOutputSize(int width, int height);
}
