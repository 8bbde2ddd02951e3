package io.peerwall.station.adaptive;

/**
 * The camera side of adaptive streaming, as the station sees it: which streams a camera offers and
 * how to ask for one. A camera feed implements it on its session (station's {@code SessionStreams}:
 * the control channel's set of streams, which the session then carries at once, decision 0037);
 * {@link #mainOnly} is a camera with one stream.
 *
 * <p>Calls come from the decoding thread and must not block: implementations send a message or set
 * a flag and return.
 */
public interface StreamControl {
  /** Whether the camera can send this stream. */
  boolean offers(StreamChoice stream);

  /** The stream's coded height when the camera announced it, otherwise 0 (unknown). */
  default int announcedHeight(StreamChoice stream) {
    return 0;
  }

  /**
   * Asks the camera to send this stream as well as the ones it sends. Asking for a stream that is
   * already sent is harmless.
   */
  void start(StreamChoice stream);

  /** Tells the camera the tile no longer needs this stream (a recording may still keep it). */
  void stop(StreamChoice stream);

  /** Asks for a keyframe on this stream (a decoder cannot start or recover without one). */
  void requestKeyframe(StreamChoice stream);

  /** A camera with only a main stream; keyframe requests go to {@code keyframes}. */
  static StreamControl mainOnly(Runnable keyframes) {
    return new StreamControl() {
      @Override
      public boolean offers(StreamChoice stream) {
        return stream == StreamChoice.MAIN;
      }

      @Override
      public void start(StreamChoice stream) {}

      @Override
      public void stop(StreamChoice stream) {}

      @Override
      public void requestKeyframe(StreamChoice stream) {
        keyframes.run();
      }
    };
  }
}
