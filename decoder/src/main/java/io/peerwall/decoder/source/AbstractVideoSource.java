package io.peerwall.decoder.source;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.H264Encoder;
import io.peerwall.decoder.MediaClock;
import io.peerwall.decoder.RateLimitedLogger;
import io.peerwall.decoder.Redaction;
import io.peerwall.decoder.SourceException;
import io.peerwall.decoder.SourceHealth;
import io.peerwall.decoder.SourceState;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.decoder.VideoSource;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle every threaded source shares, so that each concrete source only opens its input
 * and produces units: {@link #start} opens synchronously (errors become a {@link SourceException})
 * and then runs a {@link Worker} on a thread named {@code <kind>-source-<name>}; delivery to the
 * sink is counted, guarded against sink exceptions and fenced so that after {@link #stop()} returns
 * the sink is never called again; {@link #health()} reports state and counters.
 */
abstract class AbstractVideoSource implements VideoSource {

  /** How long stop() waits for the source thread; FFmpeg calls are cut short well within it. */
  static final long STOP_WAIT_MILLIS = 5_000;

  private static final Logger log = LoggerFactory.getLogger(AbstractVideoSource.class);

  /** What a source does on its thread once open. */
  interface Worker {
    /** Produces units until {@code run.active()} turns false; may throw on a fatal error. */
    void run(Run run) throws Exception;

    /** Frees the worker's resources; called once, on the source thread, after {@link #run}. */
    void close();
  }

  protected final String name;
  protected final String description;
  protected final MediaClock clock;

  private final String threadKind;
  private final Object lifecycle = new Object();
  private final ReentrantLock deliveryLock = new ReentrantLock();
  private final RateLimitedLogger sinkFailureLog = new RateLimitedLogger(log, 10, TimeUnit.SECONDS);
  private Run current;
  private long firstStartNanos = Long.MIN_VALUE;

  private volatile boolean closed;
  private volatile boolean keyframeRequested;
  private volatile SourceState state = SourceState.IDLE;
  private volatile String lastError = "";
  private volatile VideoCodec codec;
  private volatile int width;
  private volatile int height;
  private volatile long framesEmitted;
  private volatile long lastFrameEpochMicros;
  private volatile long reconnects;
  private volatile long sinkFailures;

  /**
   * @param name camera name (logs, thread name)
   * @param description the source as a user wrote it, redacted (messages)
   * @param threadKind e.g. "file" gives threads named file-source-NAME
   */
  AbstractVideoSource(String name, String description, String threadKind, MediaClock clock) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    this.name = name;
    this.description = Objects.requireNonNull(description, "description");
    this.threadKind = threadKind;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Opens the input synchronously (called by {@link #start} on the caller's thread).
   *
   * @throws SourceException naming the source and the reason when it cannot be opened
   */
  protected abstract Worker open(Run run);

  @Override
  public final String name() {
    return name;
  }

  /** The source as given (redacted), e.g. {@code rtsp://***@10.0.0.5/stream1}. */
  /**
   * A new H.264 encoder for a source that encodes pictures itself; an encoder FFmpeg cannot open
   * (libopenh264 missing, a size it refuses) becomes this source's {@link SourceException}.
   */
  final H264Encoder newEncoder(int width, int height, int fps, int bitrateBps, int gopFrames) {
    try {
      return new H264Encoder(width, height, fps, bitrateBps, gopFrames);
    } catch (IllegalStateException e) {
      throw new SourceException(description, e.getMessage(), e);
    }
  }

  public final String description() {
    return description;
  }

  @Override
  public final void start(Consumer<AccessUnit> sink) {
    Objects.requireNonNull(sink, "sink");
    Run run;
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("source " + name + " is closed");
      }
      if (current != null) {
        throw new IllegalStateException("source " + name + " is already running");
      }
      if (firstStartNanos == Long.MIN_VALUE) {
        firstStartNanos = clock.monotonicNanos();
      }
      state = SourceState.STARTING;
      run = new Run(sink, firstStartNanos);
      // Registered before opening, so that stop() or close() can cancel a slow open.
      current = run;
    }
    Worker worker;
    try {
      worker = open(run);
    } catch (SourceException e) {
      abandon(run, e.reason());
      throw e;
    } catch (RuntimeException e) {
      String reason = Redaction.redact(String.valueOf(e.getMessage()));
      abandon(run, reason);
      throw new SourceException(description, reason, e);
    }
    synchronized (lifecycle) {
      if (current != run) {
        worker.close();
        throw new SourceException(description, "stopped while opening");
      }
      state = SourceState.RUNNING;
      lastError = "";
      Thread thread = new Thread(() -> work(run, worker), threadKind + "-source-" + name);
      thread.setDaemon(true);
      run.thread = thread;
      thread.start();
    }
    log.info("Source {} started: {}", name, description);
  }

  /** A start failed: forget the run and report why (unless stop() got there first). */
  private void abandon(Run run, String reason) {
    synchronized (lifecycle) {
      if (current == run) {
        current = null;
        fail(reason);
      }
    }
  }

  private void fail(String reason) {
    state = SourceState.FAILED;
    lastError = reason;
  }

  private void work(Run run, Worker worker) {
    try {
      worker.run(run);
    } catch (Exception | Error e) {
      if (run.active()) {
        fail(Redaction.redact(String.valueOf(e.getMessage())));
        log.error("Source {} stopped by an error", name, e);
      }
      if (e instanceof Error error) {
        throw error;
      }
    } finally {
      try {
        worker.close();
      } finally {
        synchronized (lifecycle) {
          if (current == run) {
            current = null;
          }
        }
      }
    }
  }

  @Override
  public final void stop() {
    Run run;
    synchronized (lifecycle) {
      run = current;
      current = null;
    }
    if (run == null) {
      return;
    }
    // Taking the delivery lock waits for a unit being delivered and fences later ones.
    deliveryLock.lock();
    try {
      run.active = false;
    } finally {
      deliveryLock.unlock();
    }
    run.cancelled.set(true);
    Thread thread = run.thread;
    if (thread == null) {
      // Still opening on the starter's thread: the cancel flag makes the open give up.
      markStopped();
      return;
    }
    LockSupport.unpark(thread);
    if (thread != Thread.currentThread()) {
      try {
        thread.join(STOP_WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        // Only a call FFmpeg cannot cancel (e.g. a DNS lookup) gets here; the thread frees its
        // input when that call returns, and can no longer reach the sink.
        log.warn("Source {}: its thread is still blocked; it will exit on its own", name);
      }
    }
    markStopped();
  }

  private void markStopped() {
    if (!closed && state != SourceState.FAILED) {
      state = SourceState.IDLE;
    }
    log.info("Source {} stopped", name);
  }

  @Override
  public final void close() {
    stop();
    closed = true;
    state = SourceState.CLOSED;
  }

  @Override
  public void requestKeyframe() {
    keyframeRequested = true;
  }

  @Override
  public final SourceHealth health() {
    return new SourceHealth(
        state, codec, width, height, framesEmitted, lastFrameEpochMicros, reconnects, lastError);
  }

  /** Units handed to the sink so far. */
  public final long framesEmitted() {
    return framesEmitted;
  }

  /** Times the sink threw. */
  public final long sinkFailures() {
    return sinkFailures;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + ", " + description + ", " + state + "]";
  }

  /** One start-to-stop run, as seen by the worker on the source thread. */
  final class Run {
    final Consumer<AccessUnit> sink;

    /** Set by stop(); hand it to FFmpeg inputs so that blocking calls return. */
    final AtomicBoolean cancelled = new AtomicBoolean();

    private final long originNanos;
    private volatile boolean active = true;
    // Set under the lifecycle lock once the source thread exists; null while opening.
    private volatile Thread thread;

    private Run(Consumer<AccessUnit> sink, long originNanos) {
      this.sink = sink;
      this.originNanos = originNanos;
    }

    boolean active() {
      return active;
    }

    /** Microseconds since the source was first started, on the monotonic clock. */
    long elapsedMicros() {
      return (clock.monotonicNanos() - originNanos) / 1000;
    }

    /** Takes a pending keyframe request, if any. */
    boolean takeKeyframeRequest() {
      if (keyframeRequested) {
        keyframeRequested = false;
        return true;
      }
      return false;
    }

    /** Records what the source delivers, for {@link #health()}. */
    void format(VideoCodec newCodec, int newWidth, int newHeight) {
      codec = newCodec;
      width = newWidth;
      height = newHeight;
    }

    /** The input was lost; the worker retries. */
    void lost(String reason) {
      if (active) {
        state = SourceState.RECONNECTING;
        lastError = reason;
      }
    }

    /** A retry failed; still reconnecting. */
    void retryFailed(String reason) {
      if (active) {
        lastError = reason;
      }
    }

    /** The input is back after {@link #lost}. */
    void reconnected() {
      if (active) {
        reconnects++;
        state = SourceState.RUNNING;
      }
    }

    /** Sleeps up to {@code nanos} or until stopped; returns whether still active. */
    boolean sleep(long nanos) {
      long until = System.nanoTime() + nanos;
      while (active) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          break;
        }
        LockSupport.parkNanos(left);
      }
      return active;
    }

    /**
     * Hands a unit to the sink, stamped with the capture time {@code now} if it has none. Never
     * throws: sink failures are counted and logged, rate-limited.
     *
     * @return false if the run was stopped and the unit was not delivered
     */
    boolean deliver(AccessUnit unit) {
      deliveryLock.lock();
      try {
        if (!active) {
          return false;
        }
        framesEmitted++;
        lastFrameEpochMicros = unit.captureEpochMicros();
        try {
          sink.accept(unit);
        } catch (RuntimeException e) {
          long failures = ++sinkFailures;
          if (failures == 1) {
            log.warn("Sink of source {} failed; the source goes on", name, e);
          } else {
            sinkFailureLog.debug(
                "Sink of source {} failed again ({} so far): {}", name, failures, e);
          }
        }
        return true;
      } finally {
        deliveryLock.unlock();
      }
    }
  }
}
