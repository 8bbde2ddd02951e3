package io.peerwall.station.feed;

import io.peerwall.p2p.media.MediaConfig;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.p2p.util.NamedThreadFactory;
import io.peerwall.station.adaptive.StreamChoice;
import io.peerwall.station.adaptive.StreamControl;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StreamControl} of a camera feed, backed by its current {@link StationSession}: the
 * session carries the set of streams the feed asks for (control channel {@code streams}), and every
 * frame says by its RTP payload type which stream it is (decisions 0035, 0037).
 *
 * <ul>
 *   <li>The set asked for is what the tile needs (the stream it shows, and during a switch the one
 *       it switches to) plus, while the feed records, the main stream: recordings are full-size, so
 *       a recording feed with a small tile takes main and sub at once, as an NVR records main and
 *       shows sub. A session starts with {main}, the camera's default.
 *   <li>{@link #offers}: the main stream always; the sub stream once the camera's info (fetched
 *       once per session, right after connecting) lists it, unless the camera refused it.
 *   <li>{@link #start}/{@link #stop}: add the stream to or take it from the set, then send the new
 *       set without waiting (nothing is sent when it did not change).
 *   <li>{@link #requestKeyframe}: the feed's (rate-limited) keyframe request on that stream only.
 * </ul>
 *
 * <p>Threads: requests to the camera block for its answer, so they run on this feed's own executor,
 * {@code station-streams-<feed>} (one thread, started on demand, ended when idle and in {@link
 * #close}), which sends the latest set each time; the frame thread and the FX thread never wait for
 * the camera.
 */
final class SessionStreams implements StreamControl, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionStreams.class);

  private final String feed;
  private final Consumer<StreamChoice> keyframes;
  private final ThreadPoolExecutor requests;
  private volatile StationSession session;
  private volatile boolean subOffered;
  private volatile boolean subRefused;
  private volatile boolean recording;
  private volatile boolean known;
  // Guarded by this: what the tile needs; and the set the camera last accepted, for which session.
  private final Set<StreamChoice> tileWants = EnumSet.of(StreamChoice.MAIN);
  private Set<StreamChoice> accepted = EnumSet.of(StreamChoice.MAIN);
  private StationSession acceptedBy;

  /**
   * @param feed the feed's name, for the thread name and logs
   * @param keyframes asks the current session for a keyframe on one stream
   */
  SessionStreams(String feed, Consumer<StreamChoice> keyframes) {
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
    synchronized (this) {
      session = s;
      subOffered = false;
      subRefused = false;
      known = false;
      // A new session carries {main}; the tile's decoder starts over on main too.
      tileWants.clear();
      tileWants.add(StreamChoice.MAIN);
      accepted = EnumSet.of(StreamChoice.MAIN);
      acceptedBy = s;
    }
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

  /** While the feed records, the main stream is always in the set (recordings are full size). */
  void record(boolean on) {
    recording = on;
    sendSet();
  }

  /** The set the camera accepted last on the current session (for tests and status). */
  synchronized Set<StreamChoice> carried() {
    return EnumSet.copyOf(accepted);
  }

  @Override
  public boolean offers(StreamChoice stream) {
    return stream == StreamChoice.MAIN || (subOffered && !subRefused);
  }

  @Override
  public void start(StreamChoice stream) {
    synchronized (this) {
      tileWants.add(stream);
    }
    sendSet();
  }

  @Override
  public void stop(StreamChoice stream) {
    synchronized (this) {
      tileWants.remove(stream);
    }
    sendSet();
  }

  @Override
  public void requestKeyframe(StreamChoice stream) {
    keyframes.accept(stream);
  }

  /** The set to ask for now: never empty, never a stream the camera does not offer. */
  private synchronized Set<StreamChoice> wanted() {
    Set<StreamChoice> set = EnumSet.noneOf(StreamChoice.class);
    for (StreamChoice c : tileWants) {
      if (offers(c)) {
        set.add(c);
      }
    }
    if (recording || set.isEmpty()) {
      set.add(StreamChoice.MAIN);
    }
    return set;
  }

  /** Sends the latest wanted set on the request thread, unless the camera has it already. */
  private void sendSet() {
    StationSession s = session;
    if (s == null) {
      return;
    }
    submit(
        () -> {
          Set<StreamChoice> set = wanted();
          synchronized (this) {
            if (session != s || (acceptedBy == s && accepted.equals(set))) {
              return;
            }
          }
          List<String> names = set.stream().map(SessionStreams::name).toList();
          try {
            s.selectStreams(names);
            synchronized (this) {
              if (session == s) {
                accepted = EnumSet.copyOf(set);
                acceptedBy = s;
              }
            }
            log.debug("{}: camera sends the {} stream(s)", feed, names);
          } catch (SignalingException e) {
            if (set.contains(StreamChoice.SUB) && session == s) {
              subRefused = true; // the camera said no: do not ask again on this session
            }
            log.info("{}: camera refused the streams {}: {}", feed, names, e.getMessage());
          } catch (IOException e) {
            // The session is ending, or the answer was lost: the decoder's switch times out.
            log.debug("{}: selecting the streams {} failed: {}", feed, names, e.toString());
          }
        });
  }

  private static String name(StreamChoice c) {
    return c == StreamChoice.SUB ? MediaConfig.SUB_STREAM : MediaConfig.MAIN_STREAM;
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
