package io.peerwall.desktop.wall;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's CPU load for the status bar, sampled once a second on the wall's I/O thread (the
 * JMX bean reads {@code /proc}, which the FX thread must not do); reading it is a volatile read.
 */
public final class SystemLoad implements DoubleSupplier, AutoCloseable {
  private final ScheduledFuture<?> task;
  private static final Logger log = LoggerFactory.getLogger(SystemLoad.class);
  private volatile double load = -1;
  private boolean failed; // wall-io only

  private SystemLoad(ScheduledExecutorService io) {
    this.task = io.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.SECONDS);
  }

  public static SystemLoad start(ScheduledExecutorService io) {
    return new SystemLoad(io);
  }

  private void sample() {
    try {
      if (ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os) {
        load = os.getProcessCpuLoad();
      }
    } catch (RuntimeException e) {
      // Thrown out of a periodic task, it would cancel the next samples without a word.
      load = -1;
      if (!failed) {
        failed = true;
        log.warn("cannot read this process's CPU load: {}", e.toString(), e);
      }
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
