package io.peerwall.p2p.util;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every thread the p2p module starts comes from here, so every thread has a descriptive name (e.g.
 * {@code p2p-ice-events-cam1}) and an uncaught-exception handler that logs instead of dying
 * silently. Threads are daemons so that a forgotten session never keeps the JVM alive; owners still
 * stop them explicitly in {@code close()}.
 */
public final class NamedThreadFactory implements ThreadFactory {
  private static final Logger LOG = LoggerFactory.getLogger(NamedThreadFactory.class);

  private final String name;
  private final boolean numbered;
  private final AtomicInteger counter = new AtomicInteger();

  private NamedThreadFactory(String name, boolean numbered) {
    this.name = name;
    this.numbered = numbered;
  }

  /** A factory for exactly one thread (single-thread executors): every thread gets {@code name}. */
  public static NamedThreadFactory single(String name) {
    return new NamedThreadFactory(name, false);
  }

  /** A factory whose threads are called {@code prefix-1}, {@code prefix-2}, ... */
  public static NamedThreadFactory numbered(String prefix) {
    return new NamedThreadFactory(prefix, true);
  }

  /** Starts a named daemon thread running {@code task}. */
  public static Thread start(String name, Runnable task) {
    Thread t = single(name).newThread(task);
    t.start();
    return t;
  }

  @Override
  public Thread newThread(Runnable r) {
    String threadName = numbered ? name + "-" + counter.incrementAndGet() : name;
    Thread t = new Thread(r, threadName);
    t.setDaemon(true);
    t.setUncaughtExceptionHandler(
        (thread, e) -> LOG.error("Uncaught exception in thread {}", thread.getName(), e));
    return t;
  }
}
