package io.peerwall.p2p.signaling;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replay protection for signed offers: a nonce is accepted once while its timestamp is inside the
 * skew window; entries older than the window are forgotten (a replay of them fails the time check
 * instead). Bounded: when full, the oldest entries go first, and a flood can at worst make the
 * window effectively shorter, never let a replay in that is still in the map.
 */
final class NonceCache {
  private final int capacity;
  private final long windowMillis;
  private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

  NonceCache(int capacity, long windowMillis) {
    this.capacity = capacity;
    this.windowMillis = windowMillis;
  }

  /** True if fresh (and now remembered); false if the timestamp is out of window or a replay. */
  synchronized boolean accept(String key, long timestampMillis, long nowMillis) {
    if (Math.abs(nowMillis - timestampMillis) > windowMillis) {
      return false;
    }
    for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> e = it.next();
      if (nowMillis - e.getValue() > 2 * windowMillis) {
        it.remove();
      } else {
        break;
      }
    }
    if (seen.size() >= capacity) {
      return false; // refuse rather than forget a nonce that could still be replayed
    }
    return seen.putIfAbsent(key, nowMillis) == null;
  }
}
