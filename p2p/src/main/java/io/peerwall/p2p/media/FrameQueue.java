package io.peerwall.p2p.media;

import io.peerwall.p2p.EncodedFrame;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off between the receive thread and the consumer: a bounded queue and the loop that runs
 * on {@code p2p-frames-<id>}, so a slow consumer (the station decodes on that thread) never stalls
 * the socket. When the queue is full the consumer has fallen behind: the backlog, oldest first, is
 * dropped (counted), since showing stale frames late is worse than skipping to the present; the
 * receiver then waits for a keyframe on every stream, as the reference chains are broken.
 */
final class FrameQueue {
  // MediaReceiver's logger, so the log categories stay what they were before this class split off.
  private static final Logger LOG = LoggerFactory.getLogger(MediaReceiver.class);

  private final String id;
  private final Consumer<EncodedFrame> consumer;
  private final BlockingQueue<EncodedFrame> queue;
  private final AtomicLong framesDelivered = new AtomicLong();
  private final AtomicLong framesDroppedQueueFull = new AtomicLong();
  private volatile boolean stopped;

  FrameQueue(String id, int capacity, Consumer<EncodedFrame> consumer) {
    this.id = id;
    this.consumer = consumer;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Queues a frame without blocking; false if the queue is full (nothing is dropped then). */
  boolean offer(EncodedFrame frame) {
    return queue.offer(frame);
  }

  /** Drops every frame still queued (the oldest first), counting each. Returns how many. */
  int dropBacklog() {
    int dropped = 0;
    while (queue.poll() != null) {
      dropped++;
    }
    framesDroppedQueueFull.addAndGet(dropped);
    return dropped;
  }

  /** The delivery loop, run on {@code p2p-frames-<id>} until {@link #stop()}. */
  void deliveryLoop() {
    while (!stopped) {
      EncodedFrame f;
      try {
        f = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (f == null) {
        continue;
      }
      if (stopped) {
        break; // don't deliver after close() returned
      }
      try {
        consumer.accept(f);
        framesDelivered.incrementAndGet();
      } catch (RuntimeException e) {
        LOG.warn("receiver {}: frame consumer threw", id, e);
      }
    }
  }

  /**
   * Ends the loop within one poll (100 ms). Not by interrupt: the consumer's own code may not
   * expect one.
   */
  void stop() {
    stopped = true;
  }

  /** Drops frames still queued, once the loop has ended. */
  void clear() {
    queue.clear();
  }

  long framesDelivered() {
    return framesDelivered.get();
  }

  long framesDroppedQueueFull() {
    return framesDroppedQueueFull.get();
  }
}
