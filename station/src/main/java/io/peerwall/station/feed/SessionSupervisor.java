package io.peerwall.station.feed;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.p2p.util.LogLimiter;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one camera's session up: the station's one session supervisor (decision 0041). It connects,
 * waits while the session is live, and when the session is lost connects again with a fresh one (a
 * new ICE agent: ice4j has no ICE restart), until it is closed or the camera refuses in a way
 * retrying cannot fix.
 *
 * <p>The rules:
 *
 * <ul>
 *   <li><b>Network failures retry</b>: a refused or timed-out connection, ICE or DTLS that does not
 *       complete, a session that ended (bye, consent lost, 5 s of silence), a busy or replayed
 *       exchange, a camera that throttles. The next attempt comes after {@link #INITIAL_BACKOFF},
 *       doubling up to {@link #MAX_BACKOFF}, back to the start once a session was live: a camera
 *       back after a restart gets an attempt after at most one wait of at most {@link
 *       #MAX_BACKOFF}, and that attempt goes live (how long that takes with the connect is a
 *       benchmark figure, {@code peerwall bench session}). The state says {@link
 *       FeedState#RECONNECTING} (it was live before) or {@link FeedState#UNREACHABLE} (never yet),
 *       or {@link FeedState#LOCKED_OUT} while the camera throttles.
 *   <li><b>Refusals stop</b> and say so: the camera answered with another key than the pinned one,
 *       or another camera answers at the address ({@link FeedState#KEY_CHANGED}); the camera does
 *       not know this station, or has no password (unpaired: {@link FeedState#NOT_PAIRED}); the
 *       password was wrong ({@link FeedState#WRONG_PASSWORD}). Retrying cannot change any of these
 *       and a changed key is never re-pinned here; the state stays until the supervisor is closed.
 * </ul>
 *
 * <p>Threads: the supervisor runs on its own thread {@code station-session-<name>}; {@link
 * Listener}s are called on it (never on ice4j's threads), except the last state, {@link
 * FeedState#CLOSED}, which {@link #close()} reports on the closing thread once the supervisor
 * ended. Frames go to the consumer on the session's own frame thread ({@code p2p-frames-<id>}).
 */
public final class SessionSupervisor implements AutoCloseable {
  /** The delay before the first retry. */
  public static final Duration INITIAL_BACKOFF = Duration.ofMillis(250);

  /** The longest delay between two attempts. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(SessionSupervisor.class);
  private static final long JOIN_MILLIS = 3000;

  /** Opens one session to the camera (direct address or through the rendezvous). */
  @FunctionalInterface
  public interface Connector {
    StationSession connect(Consumer<EncodedFrame> frames) throws IOException;
  }

  /**
   * Waits out one backoff delay before the next attempt. Injected so that tests and the benchmark
   * see the supervisor's own schedule (which delay it chose, and when), independent of how long the
   * machine takes to connect.
   */
  @FunctionalInterface
  public interface Backoff {
    /**
     * Waits the real time, cut short by {@link SessionSupervisor#retryNow()}: what the station
     * runs.
     */
    Backoff SLEEP = (delay, pause) -> pause.pause(delay);

    /**
     * Waits out {@code delay}, normally through {@code pause}; returns whether the wait was cut
     * short because the supervisor was told to try now.
     */
    boolean await(Duration delay, Pause pause) throws InterruptedException;
  }

  /** The supervisor's own wait: {@code delay}, or less when told to try now (returns true then). */
  @FunctionalInterface
  public interface Pause {
    boolean pause(Duration delay) throws InterruptedException;
  }

  /** Told of sessions and states, on the supervisor's thread: must return quickly. */
  public interface Listener {
    /** A session is up, before the state says live. */
    default void sessionStarted(StationSession session) {}

    /** The session ended or an attempt failed; before the wait for the next attempt. */
    default void sessionEnded() {}

    /** The state changed (or the attempt number did, while down). */
    default void stateChanged(Event event) {}
  }

  /**
   * A state change.
   *
   * @param state the new state
   * @param attempt how many times a session was lost or an attempt failed so far (0 at first)
   * @param reason why the session ended or the attempt failed; empty when live
   * @param path the selected path's kind when live (LAN, direct, relay), else "-"
   */
  public record Event(FeedState state, int attempt, String reason, String path) {}

  private final String name;
  private final Connector connector;
  private final Consumer<EncodedFrame> frames;
  private final Clock clock;
  private final Backoff backoff;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;

  private volatile FeedState state = FeedState.CONNECTING;
  private volatile String path = "-";
  private volatile StationSession session;
  private volatile boolean closed;
  private volatile boolean everLive;
  private volatile long firstLiveNanos;
  private volatile int reconnects;
  private volatile String lastFailure = "";
  private volatile long downSinceEpochMillis;
  private volatile int unexpectedFailures;
  private volatile String pathType = "-";
  private volatile Throwable lastError;
  private final Object wake = new Object();
  private boolean retryNow; // guarded by wake
  private final LogLimiter unexpectedLog =
      new LogLimiter(Duration.ofMinutes(1), 1, System::nanoTime);

  /**
   * @param name the camera's name (or ID), for the thread name and the log
   * @param connector opens a session
   * @param frames gets every frame of every session, on the session's frame thread
   * @param clock dates {@link #downSinceEpochMillis()}
   */
  public SessionSupervisor(
      String name, Connector connector, Consumer<EncodedFrame> frames, Clock clock) {
    this(name, connector, frames, clock, Backoff.SLEEP);
  }

  /**
   * @param backoff waits each delay of the backoff schedule ({@link Backoff#SLEEP} in the product)
   */
  public SessionSupervisor(
      String name,
      Connector connector,
      Consumer<EncodedFrame> frames,
      Clock clock,
      Backoff backoff) {
    this.name = Objects.requireNonNull(name);
    this.connector = Objects.requireNonNull(connector);
    this.frames = Objects.requireNonNull(frames);
    this.clock = Objects.requireNonNull(clock);
    this.backoff = Objects.requireNonNull(backoff);
    this.thread = NamedThreadFactory.single("station-session-" + name).newThread(this::supervise);
  }

  /** Adds a listener; call before {@link #start()}. */
  public SessionSupervisor addListener(Listener listener) {
    listeners.add(listener);
    return this;
  }

  /** Starts connecting. */
  public void start() {
    thread.start();
  }

  public FeedState state() {
    return state;
  }

  /** The live session, or null. */
  public StationSession session() {
    return session;
  }

  /** The live session's path: LAN, direct or relay ({@code PathKind}), or "-" when not live. */
  public String path() {
    return path;
  }

  /** Whether a session was live at least once. */
  public boolean everLive() {
    return everLive;
  }

  /** {@link System#nanoTime()} when the first session went live (meaningful once ever live). */
  public long firstLiveNanos() {
    return firstLiveNanos;
  }

  /** Seconds since the first session went live (0 if none did). */
  public double secondsSinceFirstLive() {
    return everLive ? (System.nanoTime() - firstLiveNanos) / 1e9 : 0;
  }

  /** How many times a session was lost or an attempt failed. */
  public int reconnects() {
    return reconnects;
  }

  /**
   * How many attempts failed or sessions ended for an unexpected reason (a bug or fault below the
   * supervisor rather than the network or the camera); each was retried.
   */
  public int unexpectedFailures() {
    return unexpectedFailures;
  }

  /** Why the last session ended or the last attempt failed (empty if none did). */
  public String lastFailure() {
    return lastFailure;
  }

  /**
   * Why the camera is not live, for a person (null error while live or after a session simply
   * ended: its reason is {@link #lastFailure()}).
   */
  public FeedProblem problem() {
    Throwable e = lastError;
    if (state == FeedState.LIVE) {
      return FeedProblem.NONE;
    }
    if (e == null) {
      return lastFailure.isEmpty()
          ? FeedProblem.NONE
          : new FeedProblem(FeedProblem.Kind.OTHER, lastFailure);
    }
    return FeedProblem.of(e);
  }

  /** The live session's candidate types (host, srflx, prflx, relay), or "-". */
  public String pathType() {
    return pathType;
  }

  /** When the camera last stopped being live (epoch ms), or 0 while live or never live. */
  public long downSinceEpochMillis() {
    return downSinceEpochMillis;
  }

  /**
   * What a failed attempt means: the state to show when the camera refused in a way retrying cannot
   * fix, or null when it is worth another attempt.
   */
  static FeedState refusalOf(IOException e) {
    if (!(e instanceof SignalingException se) || se.reason() == null) {
      return null;
    }
    return switch (se.reason()) {
      case KEY_MISMATCH, UNKNOWN_ID -> FeedState.KEY_CHANGED;
      case NOT_PAIRED, NOT_PAIRABLE -> FeedState.NOT_PAIRED;
      case WRONG_PASSWORD -> FeedState.WRONG_PASSWORD;
      default -> null;
    };
  }

  private static boolean throttled(IOException e) {
    return e instanceof SignalingException se
        && (se.reason() == FailureReason.LOCKED_OUT || se.reason() == FailureReason.THROTTLED);
  }

  private void supervise() {
    long delay = INITIAL_BACKOFF.toMillis();
    while (!closed) {
      FeedState down = null; // what to show until the next attempt; null: reconnecting/unreachable
      StationSession current = null;
      try {
        StationSession s = connector.connect(frames);
        current = s;
        CountDownLatch ended = new CountDownLatch(1);
        s.onEnded(reason -> ended.countDown());
        session = s;
        listeners.forEach(l -> l.sessionStarted(s));
        if (closed) {
          break;
        }
        path = s.selectedPath().kind().label();
        pathType = s.selectedPath().type().sdpName();
        lastError = null;
        downSinceEpochMillis = 0;
        if (!everLive) {
          firstLiveNanos = System.nanoTime();
          everLive = true;
        }
        delay = INITIAL_BACKOFF.toMillis();
        log.info(
            "{}: live, {} path ({}, {} ms for ICE)",
            name,
            path,
            pathType,
            s.iceSession().connectMillis());
        publish(FeedState.LIVE, "");
        ended.await();
        lastFailure = s.endReason();
        log.info("{}: session ended: {}", name, lastFailure);
      } catch (IOException e) {
        lastFailure = String.valueOf(e.getMessage());
        lastError = e;
        down = refusalOf(e);
        if (down == null && throttled(e)) {
          down = FeedState.LOCKED_OUT;
        }
        log.debug("{}: connection attempt failed: {}", name, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException | Error e) {
        // A bug or an unexpected failure below (a listener, the decoder's natives, a full disk):
        // a failed attempt like any other, retried with the backoff. The JVM's own errors (out of
        // memory, stack overflow) are not a camera's problem and end the thread through its
        // handler.
        if (e instanceof VirtualMachineError) {
          throw e;
        }
        lastFailure = e.toString();
        lastError = e;
        unexpected(e);
      } finally {
        if (current != null) {
          current.close(); // ended, failed or closing: its agent and threads go (idempotent)
        }
        session = null;
        path = "-";
        pathType = "-";
        tellSessionEnded();
      }
      if (closed) {
        break;
      }
      reconnects++;
      if (downSinceEpochMillis == 0) {
        downSinceEpochMillis = clock.millis();
      }
      if (down != null && down != FeedState.LOCKED_OUT) {
        // Loud: a changed key may be an impostor, and nothing retries until a person acts.
        log.warn(
            "{}: {}: {}. Not connecting again. {}",
            name,
            down.label().toUpperCase(Locale.ROOT),
            lastFailure,
            down.advice());
        publish(down, lastFailure);
        return;
      }
      publish(
          down != null ? down : everLive ? FeedState.RECONNECTING : FeedState.UNREACHABLE,
          lastFailure);
      try {
        if (backoff.await(Duration.ofMillis(delay), this::pause)) {
          delay = INITIAL_BACKOFF.toMillis(); // told to try now: the network changed
          continue;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      delay = Math.min(MAX_BACKOFF.toMillis(), delay * 2);
    }
  }

  /** Waits {@code delay} or until {@link #retryNow()}; returns whether that cut it short. */
  private boolean pause(Duration delay) throws InterruptedException {
    long end = System.nanoTime() + delay.toNanos();
    synchronized (wake) {
      while (!retryNow && !closed) {
        long left = (end - System.nanoTime() + 999_999L) / 1_000_000L; // never early
        if (left <= 0) {
          return false;
        }
        wake.wait(left);
      }
      boolean now = retryNow;
      retryNow = false;
      return now;
    }
  }

  /**
   * Makes the next attempt now if the supervisor is waiting between attempts (the station's network
   * changed: whatever failed before may work now). No effect while live or connecting.
   */
  public void retryNow() {
    synchronized (wake) {
      retryNow = true;
      wake.notifyAll();
    }
  }

  /**
   * An unexpected failure: its stack is logged at WARN the first time and then at most once a
   * minute with the count (a bug that fails every attempt must not fill the log every 2 s).
   */
  private void unexpected(Throwable e) {
    unexpectedFailures++;
    long count = unexpectedLog.event(name);
    if (count > 0) {
      log.warn(
          "{}: connection attempt failed unexpectedly{}, retrying: {}",
          name,
          count > 1 ? " (" + count + " times since the last such line)" : "",
          e.toString(),
          e);
    } else {
      log.debug("{}: connection attempt failed unexpectedly: {}", name, e.toString());
    }
  }

  /** Listeners are told the session ended; one that throws does not stop the supervisor. */
  private void tellSessionEnded() {
    for (Listener l : listeners) {
      try {
        l.sessionEnded();
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) {
          throw e;
        }
        unexpected(e);
      }
    }
  }

  private void publish(FeedState newState, String reason) {
    state = newState;
    Event event = new Event(newState, reconnects, reason == null ? "" : reason, path);
    for (Listener l : listeners) {
      try {
        l.stateChanged(event);
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) {
          throw e;
        }
        log.warn("{}: a state listener failed: {}", name, e.toString(), e);
      }
    }
  }

  /** Ends the session and the supervisor (waits up to 3 s for it); the state is then CLOSED. */
  @Override
  public void close() {
    closed = true;
    synchronized (wake) {
      wake.notifyAll();
    }
    StationSession s = session;
    if (s != null) {
      s.close();
    }
    if (thread.isAlive()) {
      thread.interrupt();
      try {
        thread.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (state != FeedState.CLOSED) {
      publish(FeedState.CLOSED, "closed");
    }
  }
}
