package io.peerwall.desktop.review;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Stands in for the FX thread in view-model tests: results the view-model hands to "FX" wait here
 * until the test thread runs them, so the view-model is only ever touched by one thread.
 */
final class FxQueue implements Executor {
  private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
  }

  /** Runs queued tasks until the condition holds (or fails after 20 s). */
  void until(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      Runnable task = tasks.poll(20, TimeUnit.MILLISECONDS);
      if (task != null) {
        task.run();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
    }
  }

  /** Runs what is queued now and what arrives within 200 ms. */
  void settle() throws InterruptedException {
    Runnable task;
    while ((task = tasks.poll(200, TimeUnit.MILLISECONDS)) != null) {
      task.run();
    }
  }
}
