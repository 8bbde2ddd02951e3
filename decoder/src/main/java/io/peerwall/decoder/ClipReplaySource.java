package io.peerwall.decoder;

import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated camera: loops an {@link EncodedClip} forever, retimed to now.
 *
 * <p>Frame n (counted from the first start, across loops) gets ptsMicros = n * 1e6 / fps, so
 * timestamps keep increasing when the clip wraps, and captureEpochMicros = the wall-clock time it
 * was handed to the sink, as a real camera would stamp it. Frames are due at origin + n / fps on
 * the monotonic clock, an absolute schedule, so jitter in waking up never accumulates into drift.
 * If the source falls more than {@link #MAX_LAG_NANOS} behind (machine suspended, long GC pause) it
 * re-anchors the schedule instead of bursting out the backlog; the clip order is kept, so the
 * decoder's reference chain stays intact.
 *
 * <p>Runs on an injected {@link ScheduledExecutorService} or, by default, on its own daemon thread.
 * The sink is called from that thread, one unit at a time; an exception from the sink is logged
 * once (later ones at debug, rate-limited) and never stops the loop. After {@link #stop()} returns,
 * the sink is not called again. The access units share the clip's byte arrays: sinks must not
 * modify them.
 */
public final class ClipReplaySource implements VideoSource {

  /** How far behind schedule the source may fall before it re-anchors rather than catch up. */
  static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final Logger log = LoggerFactory.getLogger(ClipReplaySource.class);

  private final String name;
  private final EncodedClip clip;
  private final MediaClock clock;
  private final ScheduledExecutorService injectedExecutor;
  private final RateLimitedLogger sinkFailureLog = new RateLimitedLogger(log, 10, TimeUnit.SECONDS);

  // Guards all state below; held while units are delivered so stop() can wait for delivery.
  private final ReentrantLock lock = new ReentrantLock();
  private Consumer<AccessUnit> sink;
  private ScheduledExecutorService ownExecutor;
  private ScheduledFuture<?> pending;
  private volatile boolean closed;
  private long originNanos;
  private long sequence;
  private int position;

  private volatile boolean running;
  private volatile boolean keyframeRequested;
  private volatile long framesEmitted;
  private volatile long sinkFailures;
  private volatile long scheduleResets;
  private volatile int lastKeyframeClipIndex = -1;
  private volatile long lastKeyframeSequence = -1;
  private volatile long lastFrameEpochMicros;

  /** A replay on its own daemon thread, paced by the system clocks. */
  public ClipReplaySource(String name, EncodedClip clip) {
    this(name, clip, MediaClock.system(), null);
  }

  /**
   * @param name camera name, used for the thread name and in logs
   * @param clip what to loop
   * @param clock paces frames and stamps capture times
   * @param executor runs the replay; null to start a daemon thread per {@link #start}. An injected
   *     executor is not shut down by this class.
   */
  public ClipReplaySource(
      String name, EncodedClip clip, MediaClock clock, ScheduledExecutorService executor) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    this.name = name;
    this.clip = Objects.requireNonNull(clip, "clip");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.injectedExecutor = executor;
  }

  /**
   * Starts emitting units to {@code sink}, the first one immediately. May be called again after
   * {@link #stop()}; timestamps and the clip position continue where they stopped.
   *
   * @throws IllegalStateException if already running or closed, or the injected executor is shut
   *     down
   */
  @Override
  public void start(Consumer<AccessUnit> sink) {
    lock.lock();
    try {
      begin(sink);
      ScheduledExecutorService executor = injectedExecutor;
      if (executor == null) {
        ownExecutor =
            Executors.newSingleThreadScheduledExecutor(
                task -> {
                  Thread thread = new Thread(task, "clip-replay-" + name);
                  thread.setDaemon(true);
                  return thread;
                });
        executor = ownExecutor;
      }
      schedule(executor, 0);
      if (!running) {
        throw new IllegalStateException("the executor of replay " + name + " rejected it");
      }
    } finally {
      lock.unlock();
    }
  }

  /** Sets up a run without scheduling it; tests then drive it with {@link #emitDue()}. */
  void begin(Consumer<AccessUnit> newSink) {
    Objects.requireNonNull(newSink, "sink");
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("replay " + name + " is closed");
      }
      if (running) {
        throw new IllegalStateException("replay " + name + " is already running");
      }
      sink = newSink;
      // Anchor so that the next frame is due now.
      originNanos = clock.monotonicNanos() - offsetNanos(sequence);
      running = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops emitting. Waits for a unit being delivered to finish (unless called from the sink
   * itself); after return the sink is not called again. Idempotent.
   */
  @Override
  public void stop() {
    lock.lock();
    try {
      running = false;
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
      if (ownExecutor != null) {
        ownExecutor.shutdownNow();
        ownExecutor = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops for good: {@link #start} then fails. */
  @Override
  public void close() {
    lock.lock();
    try {
      stop();
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks for a keyframe, as a viewer that joins or lost data would (PLI). The next unit emitted is
   * the clip's next keyframe: the picture jumps ahead to it, as it would after a real camera's
   * forced IDR. Thread-safe.
   */
  @Override
  public void requestKeyframe() {
    keyframeRequested = true;
  }

  private void tick() {
    lock.lock();
    try {
      if (!running) {
        return;
      }
      long waitNanos;
      try {
        waitNanos = emitDue();
      } catch (RuntimeException e) {
        // Never let one bad tick end the replay: retry one frame later.
        log.warn("Replay {} failed to emit; retrying", name, e);
        waitNanos = offsetNanos(1);
      }
      ScheduledExecutorService executor = ownExecutor != null ? ownExecutor : injectedExecutor;
      if (running && executor != null) {
        schedule(executor, waitNanos);
      }
    } catch (Error e) {
      running = false;
      log.error("Replay {} stopped by an error", name, e);
      throw e;
    } finally {
      lock.unlock();
    }
  }

  private void schedule(ScheduledExecutorService executor, long delayNanos) {
    try {
      pending = executor.schedule(this::tick, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      running = false;
      log.warn("Replay {} stopped: its executor no longer accepts tasks", name);
    }
  }

  /**
   * Emits every unit that is due by now and returns the nanoseconds until the next one is due.
   * Package-private so tests can drive the replay with a {@link ManualMediaClock}.
   */
  long emitDue() {
    lock.lock();
    try {
      long now = clock.monotonicNanos();
      if (now - dueNanos(sequence) > MAX_LAG_NANOS) {
        long behindMillis = (now - dueNanos(sequence)) / 1_000_000;
        originNanos = now - offsetNanos(sequence);
        scheduleResets++;
        log.debug("Replay {} was {} ms behind; re-anchored its schedule", name, behindMillis);
      }
      while (running && dueNanos(sequence) <= now) {
        emitNext();
      }
      return Math.max(0, dueNanos(sequence) - now);
    } finally {
      lock.unlock();
    }
  }

  private void emitNext() {
    int index = position;
    if (keyframeRequested) {
      keyframeRequested = false;
      index = clip.nextKeyframeIndex(index);
    }
    AccessUnit source = clip.units().get(index);
    long capture = clock.epochMicros();
    AccessUnit unit =
        new AccessUnit(
            source.codec(),
            source.data(),
            sequence * 1_000_000L / clip.fps(),
            capture,
            source.keyframe());
    lastFrameEpochMicros = capture;
    if (source.keyframe()) {
      lastKeyframeClipIndex = index;
      lastKeyframeSequence = sequence;
    }
    position = (index + 1) % clip.frameCount();
    sequence++;
    framesEmitted++;
    try {
      sink.accept(unit);
    } catch (RuntimeException e) {
      long failures = ++sinkFailures;
      if (failures == 1) {
        log.warn(
            "Sink of replay {} failed; the replay goes on, later failures go to debug", name, e);
      } else {
        sinkFailureLog.debug("Sink of replay {} failed again ({} so far): {}", name, failures, e);
      }
    }
  }

  private long dueNanos(long frame) {
    return originNanos + offsetNanos(frame);
  }

  private long offsetNanos(long frame) {
    return frame * 1_000_000_000L / clip.fps();
  }

  @Override
  public String name() {
    return name;
  }

  /** A replay never loses its input: it is RUNNING, IDLE (stopped) or CLOSED. */
  @Override
  public SourceHealth health() {
    SourceState state =
        closed ? SourceState.CLOSED : running ? SourceState.RUNNING : SourceState.IDLE;
    return new SourceHealth(
        state,
        clip.codec(),
        clip.width(),
        clip.height(),
        framesEmitted,
        lastFrameEpochMicros,
        0,
        sinkFailures > 0 ? "the sink failed " + sinkFailures + " times" : "");
  }

  public EncodedClip clip() {
    return clip;
  }

  public boolean isRunning() {
    return running;
  }

  /** Units handed to the sink so far (including ones the sink failed on). */
  public long framesEmitted() {
    return framesEmitted;
  }

  /** Times the sink threw. */
  public long sinkFailures() {
    return sinkFailures;
  }

  /** Times the schedule was re-anchored after falling too far behind. */
  public long scheduleResets() {
    return scheduleResets;
  }

  /**
   * Clip index of the last keyframe emitted, or -1 before the first. With {@link #clip()} this is
   * enough to rebuild the current GOP (last keyframe up to now) for a viewer that joins late.
   */
  public int lastKeyframeClipIndex() {
    return lastKeyframeClipIndex;
  }

  /** Frame number (counted across loops) of the last keyframe emitted, or -1 before the first. */
  public long lastKeyframeSequence() {
    return lastKeyframeSequence;
  }

  @Override
  public String toString() {
    return "ClipReplaySource[" + name + ", " + clip + ", emitted " + framesEmitted + "]";
  }
}
