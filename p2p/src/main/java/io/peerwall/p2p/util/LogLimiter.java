package io.peerwall.p2p.util;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Lets one log line per key through per interval and counts the events it held back, so what a peer
 * can trigger at will (refused connections, junk, a bug that fires on every packet) cannot flood
 * the log: the first event of a key is logged at once, later ones are folded into the next line a
 * full interval later. Keys are bounded (least recently used forgotten). Thread-safe.
 */
public final class LogLimiter {
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Map<String, long[]> keys; // key → {last line at, events since}

  /**
   * @param interval at most one line per key per interval
   * @param maxKeys keys remembered (an attacker with many addresses cannot grow the map)
   * @param nanoClock monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
   */
  public LogLimiter(Duration interval, int maxKeys, LongSupplier nanoClock) {
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
    this.keys =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, long[]> e) {
            return size() > maxKeys;
          }
        };
  }

  /**
   * Counts one event of {@code key}.
   *
   * @return 0 to stay silent, else the number of events (this one included) the line stands for
   */
  public synchronized long event(String key) {
    long now = nanoClock.getAsLong();
    long[] k = keys.get(key);
    if (k == null) {
      keys.put(key, new long[] {now, 0});
      return 1;
    }
    k[1]++;
    if (now - k[0] < intervalNanos) {
      return 0;
    }
    long n = k[1];
    k[0] = now;
    k[1] = 0;
    return n;
  }
}
