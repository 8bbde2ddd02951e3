package io.peerwall.p2p.ice;

import io.peerwall.p2p.util.NamedThreadFactory;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link IceSession}'s own thread, {@code p2p-ice-events-<id>}: where ice4j's callbacks land,
 * timers run, and listeners hear about state changes, in order.
 */
final class IceEventThread {
  private static final Logger LOG = LoggerFactory.getLogger(IceEventThread.class);

  private final String id;
  private final String name;
  private final ScheduledExecutorService executor;
  private final List<IceSessionListener> listeners = new CopyOnWriteArrayList<>();

  IceEventThread(String id) {
    this.id = id;
    this.name = "p2p-ice-events-" + id;
    this.executor = Executors.newSingleThreadScheduledExecutor(NamedThreadFactory.single(name));
  }

  ScheduledExecutorService executor() {
    return executor;
  }

  void addListener(IceSessionListener l) {
    listeners.add(Objects.requireNonNull(l));
  }

  void removeListener(IceSessionListener l) {
    listeners.remove(l);
  }

  /** Queues the event for every listener (dropped quietly after shutdown). */
  void publish(IceSessionEvent event) {
    try {
      executor.execute(
          () -> {
            for (IceSessionListener l : listeners) {
              try {
                l.onStateChanged(event);
              } catch (RuntimeException e) {
                LOG.warn("ICE session {}: listener threw", id, e);
              }
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("ICE session {}: event {} after shutdown", id, event.state());
    }
  }

  /**
   * Stops the thread after what is queued (the CLOSED event included); waits up to 2 s unless
   * called from the thread itself (a listener closing its session).
   */
  void shutdown() {
    executor.shutdown();
    if (!Thread.currentThread().getName().equals(name)) {
      try {
        if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
