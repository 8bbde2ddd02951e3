package io.peerwall.decoder.source;

import io.peerwall.decoder.AccessUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A sink that keeps what it gets, with the thread that delivered it, and lets tests wait. */
final class CollectingSink implements Consumer<AccessUnit> {

  private final List<AccessUnit> units = new ArrayList<>();
  private final List<Long> arrivalNanos = new ArrayList<>();
  private volatile String threadName;

  @Override
  public synchronized void accept(AccessUnit unit) {
    units.add(unit);
    arrivalNanos.add(System.nanoTime());
    threadName = Thread.currentThread().getName();
    notifyAll();
  }

  synchronized List<AccessUnit> units() {
    return new ArrayList<>(units);
  }

  synchronized List<Long> arrivals() {
    return new ArrayList<>(arrivalNanos);
  }

  synchronized int size() {
    return units.size();
  }

  String threadName() {
    return threadName;
  }

  /** Waits until {@code condition} holds for the units so far; false on timeout. */
  synchronized boolean await(Predicate<List<AccessUnit>> condition, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (!condition.test(units)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Waits for at least {@code count} units. */
  boolean awaitCount(int count, long timeoutSeconds) throws InterruptedException {
    return await(list -> list.size() >= count, timeoutSeconds, TimeUnit.SECONDS);
  }
}
