package io.peerwall.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Why and when a running station should stop: the duration ran out, the window was closed, or the
 * process got Ctrl-C / SIGTERM. On a signal, the JVM's shutdown hook waits (bounded) for the
 * station to finish its orderly shutdown: sessions closed, stats written, files flushed.
 */
public final class StopSignal {
  private static final Duration CLEANUP_GRACE = Duration.ofSeconds(8);
  private static volatile boolean processSignalled;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private volatile String reason = "";
  private Thread hook;

  /** Installs the shutdown hook (thread {@code peerwall-shutdown}). */
  public StopSignal onProcessSignal() {
    hook =
        new Thread(
            () -> {
              processSignalled = true;
              trigger("interrupted");
              try {
                cleanedUp.await(CLEANUP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "peerwall-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return this;
  }

  /**
   * Whether the JVM is shutting down because of a signal (a shutdown hook of ours ran). The entry
   * points then let that shutdown end the process, which exits 128 + the signal (143 for SIGTERM,
   * 130 for Ctrl-C) as service managers expect, instead of racing it with their own exit code.
   */
  public static boolean processSignalled() {
    return processSignalled;
  }

  public void trigger(String why) {
    if (stop.getCount() > 0) {
      reason = why;
      stop.countDown();
    }
  }

  /** Waits until triggered or {@code limit} passes (null: no limit). Returns the reason. */
  public String await(Duration limit) throws InterruptedException {
    if (limit == null) {
      stop.await();
    } else if (!stop.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      trigger("duration reached");
    }
    return reason;
  }

  /** Whether it was triggered (without waiting): work that polls, such as an export, stops. */
  public boolean triggered() {
    return stop.getCount() == 0;
  }

  public boolean interruptedBySignal() {
    return "interrupted".equals(reason);
  }

  /** Call when the orderly shutdown is done: releases a waiting shutdown hook. */
  public void cleanedUp() {
    cleanedUp.countDown();
    if (hook != null && !interruptedBySignal()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already exiting; the hook will find cleanedUp released.
      }
    }
  }
}
