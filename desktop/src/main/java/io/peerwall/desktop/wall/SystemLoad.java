package io.peerwall.desktop.wall;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * This process's CPU load for the status bar, sampled once a second on the wall's I/O thread (the
 * JMX bean reads {@code /proc}, which the FX thread must not do); reading it is a volatile read.
 */
public final class SystemLoad implements DoubleSupplier, AutoCloseable {
  private final ScheduledFuture<?> task;
  private volatile double load = -1;

  private SystemLoad(ScheduledExecutorService io) {
    this.task = io.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.SECONDS);
  }

  public static SystemLoad start(ScheduledExecutorService io) {
    return new SystemLoad(io);
  }

  private void sample() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      load = os.getProcessCpuLoad();
    }
  }

  /** Share of all cores used by this process over the last second, 0..1; negative if unknown. */
  @Override
  public double getAsDouble() {
    return load;
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
