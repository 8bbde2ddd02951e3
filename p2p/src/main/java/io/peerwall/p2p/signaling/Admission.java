package io.peerwall.p2p.signaling;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Who may hold a camera's signaling capacity. Before its first line, a station and an attacker look
 * the same; after it, a paired station has proven its key. So the capacity is split:
 *
 * <ul>
 *   <li><b>Handshakes</b> (not yet authenticated): at most {@link
 *       ConnectionLimits#maxHandshakes()}, and {@link ConnectionLimits#maxHandshakesPerAddress()}
 *       per address. Only pending ones (no first line yet) can be taken back, never one that is
 *       pairing (the throttle allows one at a time) or authenticated. A newcomer when all slots are
 *       taken replaces the oldest pending one of the address holding the most, if that address
 *       holds at least two more than the newcomer's: slots move towards a fair share per address
 *       and stop there (each replacement narrows the spread, so holders replacing each other
 *       settle), and the one slot of an address holding one is never taken. A newcomer from an
 *       address at its limit replaces that address's oldest pending one if it is older than {@link
 *       ConnectionLimits#evictableAfter()}, so an address's newcomers cannot take each other's
 *       slots faster than that.
 *   <li><b>Sessions</b> (a paired station's signed offer verified): their own capacity ({@code
 *       maxSessions}), which no unauthenticated peer can fill.
 * </ul>
 *
 * So holders at one address (silent, or dripping a line that never ends) take at most that
 * address's share, and holders at many addresses give way to newcomers from addresses holding less:
 * a paired station at its own address always gets a handshake, and proves itself with its first
 * line. Known limits: a station behind the same address as an attacker who reconnects as fast as it
 * is dropped competes with it for that address's share; holders at more addresses than there are
 * handshake slots, one each, fill them until their first-line deadline. Everything refused or taken
 * back is counted ({@link Stats}).
 *
 * <p>Thread-safe; one monitor, held only for bookkeeping (evictions run outside it).
 */
final class Admission {
  /** Counters, all since start. */
  record Stats(
      int handshakes,
      int sessions,
      long admitted,
      long refusedAtCapacity,
      long refusedPerAddress,
      long evicted,
      long sessionsFull) {}

  private enum State {
    PENDING,
    PAIRING,
    SESSION,
    EVICTED,
    RELEASED
  }

  /** One admitted conversation. */
  final class Slot {
    private final String key;
    private final long admittedNanos;
    private final Runnable evict;
    private State state = State.PENDING;

    private Slot(String key, long admittedNanos, Runnable evict) {
      this.key = key;
      this.admittedNanos = admittedNanos;
      this.evict = evict;
    }

    /** When it was admitted (the deadlines count from here), on the admission's clock. */
    long admittedNanos() {
      return admittedNanos;
    }

    /** Pairing (the throttle's one attempt in flight): counted, but never taken back. */
    void protect() {
      synchronized (Admission.this) {
        if (state == State.PENDING) {
          state = State.PAIRING;
        }
      }
    }

    /** The station proved its key: moves to the sessions' capacity; false if that is full. */
    boolean promote() {
      synchronized (Admission.this) {
        if (state != State.PENDING && state != State.PAIRING) {
          return false;
        }
        if (sessions >= maxSessions) {
          sessionsFull++;
          return false;
        }
        removePending(this);
        state = State.SESSION;
        sessions++;
        return true;
      }
    }

    /** Whether it was taken back for a newcomer (its channel was closed). */
    boolean evicted() {
      synchronized (Admission.this) {
        return state == State.EVICTED;
      }
    }

    /** The conversation ended. Idempotent. */
    void release() {
      synchronized (Admission.this) {
        if (state == State.PENDING || state == State.PAIRING) {
          removePending(this);
        } else if (state == State.SESSION) {
          sessions--;
        }
        if (state != State.EVICTED) {
          state = State.RELEASED;
        }
      }
    }
  }

  private final ConnectionLimits limits;
  private final int maxSessions;
  private final LongSupplier nanoClock;
  private final Map<String, Deque<Slot>> handshakesByKey = new HashMap<>(); // oldest first
  private int handshakes;
  private int sessions;
  private long admitted;
  private long refusedAtCapacity;
  private long refusedPerAddress;
  private long evicted;
  private long sessionsFull;

  Admission(ConnectionLimits limits, int maxSessions, LongSupplier nanoClock) {
    this.limits = limits;
    this.maxSessions = maxSessions;
    this.nanoClock = nanoClock;
  }

  /** Why {@link #admit} said no. */
  enum Refusal {
    AT_CAPACITY,
    PER_ADDRESS
  }

  /** The outcome of {@link #admit}: a slot, or why not. */
  record Decision(Slot slot, Refusal refusal) {}

  /**
   * Admits a new conversation from {@code key} (an IP address, or a rendezvous), taking a pending
   * one back if the rules above allow; its {@code evict} action (closing its channel) runs here,
   * outside the monitor.
   */
  Decision admit(String key, Runnable evict) {
    Slot victim;
    Slot slot;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      Deque<Slot> mine = handshakesByKey.get(key);
      int held = mine == null ? 0 : mine.size();
      victim = null;
      if (held >= limits.maxHandshakesPerAddress()) {
        victim = oldestEvictable(mine, now);
        if (victim == null) {
          refusedPerAddress++;
          return new Decision(null, Refusal.PER_ADDRESS);
        }
      } else if (handshakes >= limits.maxHandshakes()) {
        victim = fromTheRichest(held);
        if (victim == null) {
          refusedAtCapacity++;
          return new Decision(null, Refusal.AT_CAPACITY);
        }
      }
      if (victim != null) {
        removePending(victim);
        victim.state = State.EVICTED;
        evicted++;
      }
      slot = new Slot(key, now, evict);
      handshakesByKey.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(slot);
      handshakes++;
      admitted++;
    }
    if (victim != null) {
      victim.evict.run();
    }
    return new Decision(slot, null);
  }

  /** The oldest pending slot of the address holding the most, if it holds ≥ 2 more than us. */
  private Slot fromTheRichest(int held) {
    Slot best = null;
    int bestCount = held + 1; // an address must hold at least held + 2 to give one up
    for (Deque<Slot> d : handshakesByKey.values()) {
      if (d.size() < bestCount) {
        continue;
      }
      Slot candidate = oldestPending(d);
      if (candidate == null) {
        continue;
      }
      if (d.size() > bestCount
          || best == null
          || candidate.admittedNanos - best.admittedNanos < 0) {
        best = candidate;
        bestCount = d.size();
      }
    }
    return best != null && bestCount >= held + 2 ? best : null;
  }

  private static Slot oldestPending(Deque<Slot> slots) {
    for (Slot s : slots) { // oldest first
      if (s.state == State.PENDING) {
        return s;
      }
    }
    return null;
  }

  private Slot oldestEvictable(Deque<Slot> slots, long now) {
    long minAge = limits.evictableAfter().toNanos();
    for (Slot s : slots) { // oldest first
      if (now - s.admittedNanos < minAge) {
        return null; // the rest are younger still
      }
      if (s.state == State.PENDING) {
        return s;
      }
    }
    return null;
  }

  private void removePending(Slot s) {
    Deque<Slot> d = handshakesByKey.get(s.key);
    if (d != null && d.remove(s)) {
      handshakes--;
      if (d.isEmpty()) {
        handshakesByKey.remove(s.key);
      }
    }
  }

  synchronized Stats stats() {
    return new Stats(
        handshakes,
        sessions,
        admitted,
        refusedAtCapacity,
        refusedPerAddress,
        evicted,
        sessionsFull);
  }
}
