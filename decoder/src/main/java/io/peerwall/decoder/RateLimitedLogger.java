package io.peerwall.decoder;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Debug logging for per-frame events (corrupt input, failing sinks) that can repeat 30 times a
 * second on each of 64 streams: at most one message per interval, with a count of the ones held
 * back, so a broken stream cannot flood the log.
 */
final class RateLimitedLogger {

  private final Logger logger;
  private final long intervalNanos;
  private long lastLogNanos;
  private boolean loggedOnce;
  private long suppressed;

  RateLimitedLogger(Logger logger, long interval, TimeUnit unit) {
    this.logger = logger;
    this.intervalNanos = unit.toNanos(interval);
  }

  /** Logs at debug level unless a message went out less than one interval ago. */
  synchronized void debug(String format, Object... arguments) {
    if (!logger.isDebugEnabled()) {
      return;
    }
    long now = System.nanoTime();
    if (loggedOnce && now - lastLogNanos < intervalNanos) {
      suppressed++;
      return;
    }
    if (suppressed > 0) {
      Object[] withCount = Arrays.copyOf(arguments, arguments.length + 1);
      withCount[arguments.length] = suppressed;
      logger.debug(format + " ({} similar messages suppressed)", withCount);
    } else {
      logger.debug(format, arguments);
    }
    loggedOnce = true;
    lastLogNanos = now;
    suppressed = 0;
  }
}
