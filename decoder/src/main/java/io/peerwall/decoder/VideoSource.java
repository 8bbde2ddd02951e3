package io.peerwall.decoder;

import java.util.function.Consumer;

/**
 * Where a camera's access units come from: a pre-encoded clip ({@link ClipReplaySource}), a live
 * test pattern, a looping file, an RTSP camera or a webcam (see {@code
 * io.peerwall.decoder.source}).
 *
 * <p>Contract shared by every source:
 *
 * <ul>
 *   <li>{@link #start} opens the source and then delivers units to the sink from the source's own
 *       named thread, one at a time, in decode order, the first one a keyframe. A source that
 *       cannot be opened throws {@link SourceException} from {@code start}, naming the source and
 *       the reason. Problems after a successful start (a camera drops, a file disappears) do not
 *       throw: the source retries by itself and reports them through {@link #health()}.
 *   <li>Units carry {@code ptsMicros} that only increase (also across loops and reconnects) and
 *       {@code captureEpochMicros} stamped when the picture was taken or received.
 *   <li>An exception thrown by the sink is logged (rate-limited) and never stops the source.
 *   <li>After {@link #stop()} or {@link #close()} returns, the sink is not called again. Both are
 *       idempotent; {@code close()} also frees native resources.
 * </ul>
 */
public interface VideoSource extends AutoCloseable {

  /** Name for logs, threads and the UI; never contains credentials. */
  String name();

  /**
   * Opens the source and starts delivering units to {@code sink}.
   *
   * @throws SourceException if the source cannot be opened (missing file, unreachable camera,
   *     unsupported codec, webcam absent or busy)
   * @throws IllegalStateException if the source is already running or closed
   */
  void start(Consumer<AccessUnit> sink);

  /** Stops delivering; {@link #start} may be called again. Idempotent. */
  void stop();

  /**
   * Asks for a keyframe soon, as a viewer that joins or lost data does. Encoding sources make the
   * next picture an IDR; replayed and file sources jump to their next keyframe; an RTSP camera
   * cannot be asked, so its next keyframe comes with its own GOP. Thread-safe, never blocks.
   */
  void requestKeyframe();

  /** A snapshot of the source's state and counters; cheap, thread-safe. */
  SourceHealth health();

  /** Stops for good and frees resources; {@link #start} then fails. Idempotent. */
  @Override
  void close();
}
