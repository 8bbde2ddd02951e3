package io.peerwall.station.review;

import io.peerwall.p2p.util.NamedThreadFactory;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named thread working through a bounded queue: when the queue is full the oldest task is
 * dropped (its future cancelled) and counted, since the newest request (the timeline just scrolled
 * to, the thumbnails now visible) is the one that matters. A task that throws fails its future; the
 * thread goes on.
 */
final class BoundedWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BoundedWorker.class);

  private final ArrayDeque<Task<?>> queue = new ArrayDeque<>();
  private final int capacity;
  private final Thread thread;
  private long dropped;
  private boolean closed;

  private record Task<T>(Callable<T> work, CompletableFuture<T> future) {
    void run() {
      if (future.isDone()) {
        return;
      }
      try {
        future.complete(work.call());
      } catch (Exception | LinkageError e) {
        future.completeExceptionally(e);
      }
    }
  }

  BoundedWorker(String name, int capacity, int priority) {
    this.capacity = capacity;
    this.thread = NamedThreadFactory.single(name).newThread(this::loop);
    thread.setPriority(priority);
    thread.start();
  }

  /** Queues work; its result (or failure) completes the future on this worker's thread. */
  <T> CompletableFuture<T> submit(Callable<T> work) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Task<?> droppedTask = null;
    synchronized (this) {
      if (closed) {
        future.completeExceptionally(new CancellationException("the review is closed"));
        return future;
      }
      if (queue.size() >= capacity) {
        droppedTask = queue.pollFirst();
        dropped++;
      }
      queue.addLast(new Task<>(work, future));
      notifyAll();
    }
    if (droppedTask != null) {
      droppedTask.future().cancel(false);
    }
    return future;
  }

  /** Tasks dropped because the queue was full. */
  synchronized long dropped() {
    return dropped;
  }

  private void loop() {
    while (true) {
      Task<?> task;
      synchronized (this) {
        while (queue.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        task = queue.pollFirst();
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("{}: a task failed outside its future", thread.getName(), e);
      }
    }
  }

  /** Drops what is queued, lets the running task finish (waits up to 2 s). */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      queue.forEach(t -> t.future().cancel(false));
      queue.clear();
      notifyAll();
    }
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
