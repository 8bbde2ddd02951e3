package io.peerwall.station.feed;

import io.peerwall.decoder.FrameBuffer;
import io.peerwall.station.adaptive.StreamChoice;

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

  /** How the live session's media travels: LAN, direct or relay; "-" when not live. */
  String path();

  /** Why the camera is not live, in words a person can act on; {@link FeedProblem#NONE} if live. */
  default FeedProblem problem() {
    return FeedProblem.NONE;
  }

  FeedStats stats();

  /** Decoded frames, newest only; a frame not taken before the next one is dropped and counted. */
  TripleBuffer<FrameBuffer> frames();

  /**
   * Asks the decoder to scale to this size from the next frame on (a tile was resized). Sizes are
   * clamped to sane bounds by the implementation.
   */
  void requestOutputSize(int width, int height);

  /**
   * Whether the feed's tile is on screen. A hidden feed keeps its session but decodes keyframes
   * only (see {@link FeedDecoder}).
   */
  default void setVisible(boolean visible) {}

  /** How many times the session was lost and retried. */
  default int reconnects() {
    return 0;
  }

  /** When the feed last stopped being live (epoch ms), or 0 while live or never live. */
  default long downSinceEpochMillis() {
    return 0;
  }

  /**
   * Whether this camera's frames are being written to disk now (not merely configured): the tile's
   * recording dot.
   */
  default boolean recording() {
    return recordingState() == RecordingState.WRITING;
  }

  /** Where recording of this camera stands; {@link RecordingState#OFF} when it is not recorded. */
  default RecordingState recordingState() {
    return RecordingState.OFF;
  }

  /** The stream on screen: main, or the camera's sub stream on a small tile. */
  default StreamChoice activeStream() {
    return StreamChoice.MAIN;
  }
}
