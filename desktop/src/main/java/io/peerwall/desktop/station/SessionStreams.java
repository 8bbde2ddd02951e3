package io.peerwall.desktop.station;

import io.peerwall.desktop.adaptive.StreamChoice;
import io.peerwall.desktop.adaptive.StreamControl;
import io.peerwall.p2p.media.MediaConfig;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StreamControl} of a camera feed, backed by its current {@link StationSession}: the
 * camera switches the whole session between its main and sub stream when asked (control channel
 * SelectStream), and every frame says by its RTP payload type which stream it is (decision 0035).
 *
 * <ul>
 *   <li>{@link #offers}: the main stream always; the sub stream once the camera's info (fetched
 *       once per session, right after connecting) lists it, unless the feed records (recordings are
 *       of the main stream) or the camera refused it.
 *   <li>{@link #start}: sends SelectStream without waiting; {@link #stop} does nothing, since
 *       selecting a stream is what stops the other one on a session.
 *   <li>{@link #requestKeyframe}: the feed's (rate-limited) keyframe request on the session.
 * </ul>
 *
 * <p>Threads: requests to the camera block for its answer, so they run on this feed's own executor,
 * {@code station-streams-<feed>} (one thread, started on demand, ended when idle and in {@link
 * #close}); the frame thread and the FX thread never wait for the camera.
 */
final class SessionStreams implements StreamControl, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionStreams.class);

  private final String feed;
  private final Runnable keyframes;
  private final ThreadPoolExecutor requests;
  private volatile StationSession session;
  private volatile boolean subOffered;
  private volatile boolean subRefused;
  private volatile boolean mainPinned;
  private volatile boolean known;

  /**
   * @param feed the feed's name, for the thread name and logs
   * @param keyframes asks the current session for a keyframe
   */
  SessionStreams(String feed, Runnable keyframes) {
    this.feed = feed;
    this.keyframes = keyframes;
    this.requests =
        new ThreadPoolExecutor(
            1,
            1,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            NamedThreadFactory.single("station-streams-" + feed));
    requests.allowCoreThreadTimeOut(true);
  }

  /** A session is up (supervisor thread): learn what it offers, off this thread. */
  void attach(StationSession s) {
    session = s;
    subOffered = false;
    subRefused = false;
    known = false;
    submit(
        () -> {
          try {
            List<String> streams = s.cameraInfo().streams();
            if (session == s) {
              subOffered = streams.contains(MediaConfig.SUB_STREAM);
            }
            log.debug("{}: camera offers {}", feed, streams);
          } catch (IOException e) {
            // Stays main-only for this session: that always works.
            log.info(
                "{}: camera info unavailable ({}); showing the main stream", feed, e.toString());
          }
          if (session == s) {
            known = true;
          }
        });
  }

  /** The session ended (supervisor thread): a new one starts on the main stream. */
  void detach() {
    session = null;
    subOffered = false;
    known = false;
  }

  /** Whether the current session's camera said what it offers (or could not be asked). */
  boolean known() {
    return known;
  }

  /** While the feed records, only the main stream is used (recordings are full size). */
  void pinMain(boolean pinned) {
    mainPinned = pinned;
  }

  @Override
  public boolean offers(StreamChoice stream) {
    return stream == StreamChoice.MAIN || (subOffered && !subRefused && !mainPinned);
  }

  @Override
  public void start(StreamChoice stream) {
    StationSession s = session;
    if (s == null) {
      return;
    }
    String name = stream == StreamChoice.SUB ? MediaConfig.SUB_STREAM : MediaConfig.MAIN_STREAM;
    submit(
        () -> {
          try {
            s.selectStream(name);
            log.debug("{}: camera switched to the {} stream", feed, name);
          } catch (SignalingException e) {
            if (stream == StreamChoice.SUB && session == s) {
              subRefused = true; // the camera said no: do not ask again on this session
            }
            log.info("{}: camera refused the {} stream: {}", feed, name, e.getMessage());
          } catch (IOException e) {
            // The session is ending, or the answer was lost: the decoder's switch times out.
            log.debug("{}: selecting the {} stream failed: {}", feed, name, e.toString());
          }
        });
  }

  /** Nothing to do: on a session, selecting one stream is what stops the other. */
  @Override
  public void stop(StreamChoice stream) {}

  @Override
  public void requestKeyframe(StreamChoice stream) {
    keyframes.run();
  }

  private void submit(Runnable task) {
    try {
      requests.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("{}: closed; request dropped", feed);
    }
  }

  /** Stops the request thread; waits briefly for a request in flight. */
  @Override
  public void close() {
    requests.shutdownNow();
    try {
      requests.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
