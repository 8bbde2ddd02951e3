package io.peerwall.recorder;

import io.peerwall.decoder.AccessUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code recorder-mux} thread: takes queued access units of every camera, in arrival order, and
 * writes them into segment files through each stream's {@link StreamWriter}. The queue is bounded:
 * a frame path that outruns the disk loses frames (counted), never blocks.
 */
final class MuxLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MuxLoop.class);
  private static final long TICK_NANOS = 500_000_000L;

  private record Pending(RecorderInput input, AccessUnit unit, long sequence) {}

  private final MuxContext ctx;
  private final BlockingQueue<Pending> queue;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Map<RecorderInput, StreamWriter> writers = new HashMap<>();
  private final Thread thread;
  private volatile boolean stopping;
  private volatile long framesProcessed;
  private volatile boolean busy;

  MuxLoop(MuxContext ctx) {
    this.ctx = ctx;
    this.queue = new ArrayBlockingQueue<>(ctx.config().queueCapacity());
    this.thread = new Thread(this::run, "recorder-mux");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  boolean offer(RecorderInput input, AccessUnit unit, long sequence) {
    return !stopping && queue.offer(new Pending(input, unit, sequence));
  }

  /** Runs {@code task} on the mux thread, between frames. */
  void execute(Runnable task) {
    tasks.add(task);
  }

  int backlog() {
    return queue.size();
  }

  /** Whether every queued frame has been written. */
  boolean idle() {
    return queue.isEmpty() && !busy;
  }

  long framesProcessed() {
    return framesProcessed;
  }

  private void run() {
    long lastTick = System.nanoTime();
    try {
      while (!stopping || !queue.isEmpty()) {
        Pending pending = queue.poll(100, TimeUnit.MILLISECONDS);
        busy = true;
        if (pending != null) {
          handle(pending);
        }
        runTasks();
        busy = queue.peek() != null;
        long now = System.nanoTime();
        if (now - lastTick >= TICK_NANOS) {
          lastTick = now;
          for (StreamWriter writer : writers.values()) {
            writer.tick(now);
          }
        }
      }
    } catch (InterruptedException e) {
      log.warn("the mux was interrupted with {} frames queued", queue.size());
    } finally {
      runTasks();
      for (StreamWriter writer : writers.values()) {
        try {
          writer.stop();
        } catch (RuntimeException e) {
          log.error("closing a segment failed", e);
        }
      }
    }
  }

  private void handle(Pending pending) {
    StreamWriter writer =
        writers.computeIfAbsent(pending.input(), input -> new StreamWriter(input, ctx));
    try {
      writer.accept(pending.unit(), pending.sequence());
    } catch (RuntimeException e) {
      // A bug for one frame must not stop every camera's recording.
      log.error("{}: a frame could not be recorded", pending.input().name, e);
    }
    framesProcessed++;
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("a recorder task failed", e);
      }
    }
  }

  /** Writes every queued frame, closes every segment, then stops (waits up to 30 s). */
  @Override
  public void close() {
    stopping = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
