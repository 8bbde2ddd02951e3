package io.peerwall.decoder;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Logging for per-frame events (corrupt input, failing sinks, lost packets) that can repeat 30
 * times a second on each of 64 streams: at most one message per interval, with a count of the ones
 * held back, so a broken stream cannot flood the log.
 */
public final class RateLimitedLogger {

  private final Logger logger;
  private final long intervalNanos;
  private long lastLogNanos;
  private boolean loggedOnce;
  private long suppressed;

  public RateLimitedLogger(Logger logger, long interval, TimeUnit unit) {
    this.logger = logger;
    this.intervalNanos = unit.toNanos(interval);
  }

  /** Logs at debug level unless a message went out less than one interval ago. */
  public synchronized void debug(String format, Object... arguments) {
    if (logger.isDebugEnabled()) {
      emit(false, format, arguments);
    }
  }

  /** Logs at warn level unless a message went out less than one interval ago. */
  public synchronized void warn(String format, Object... arguments) {
    if (logger.isWarnEnabled()) {
      emit(true, format, arguments);
    }
  }

  private void emit(boolean warn, String format, Object... arguments) {
    long now = System.nanoTime();
    if (loggedOnce && now - lastLogNanos < intervalNanos) {
      suppressed++;
      return;
    }
    String text = format;
    Object[] values = arguments;
    if (suppressed > 0) {
      values = Arrays.copyOf(arguments, arguments.length + 1);
      values[arguments.length] = suppressed;
      text = format + " ({} similar messages suppressed)";
    }
    if (warn) {
      logger.warn(text, values);
    } else {
      logger.debug(text, values);
    }
    loggedOnce = true;
    lastLogNanos = now;
    suppressed = 0;
  }
}
