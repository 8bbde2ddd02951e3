package io.peerwall.p2p.signaling;

import java.time.Duration;
import java.util.Objects;

/**
 * How many unauthenticated signaling conversations a camera holds, and for how long: the part of
 * its capacity anyone who can reach the port may use. Live sessions (stations that proved their
 * pinned key) have their own capacity ({@link SignalingServer.Config#maxConnections()}) that no
 * unauthenticated peer can take; see {@code Admission} for the rules.
 *
 * @param maxHandshakes conversations not yet authenticated, camera-wide (direct and relayed)
 * @param maxHandshakesPerAddress of those, from one address (one IP; all channels of one rendezvous
 *     count as one address)
 * @param firstLineTimeout the first complete line must arrive within this, counted from the moment
 *     the connection was taken: bytes trickling in do not extend it. It covers a station's ICE
 *     gathering, which happens between the camera's hello and the offer (~6.3 s in ice4j when a
 *     STUN server does not answer)
 * @param evictableAfter a pending conversation this old may be closed to make room for a newcomer
 *     from the same address (an address's newcomers cannot take each other's slots faster)
 */
public record ConnectionLimits(
    int maxHandshakes,
    int maxHandshakesPerAddress,
    Duration firstLineTimeout,
    Duration evictableAfter) {
  public ConnectionLimits {
    Objects.requireNonNull(firstLineTimeout);
    Objects.requireNonNull(evictableAfter);
    if (maxHandshakes < 1 || maxHandshakesPerAddress < 1) {
      throw new IllegalArgumentException("handshake limits must be positive");
    }
    if (maxHandshakesPerAddress > maxHandshakes) {
      throw new IllegalArgumentException("the per-address limit exceeds the camera-wide one");
    }
    if (firstLineTimeout.isNegative() || firstLineTimeout.isZero() || evictableAfter.isNegative()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /** 16 handshakes, 4 per address, 10 s for the first line, evictable after 1 s. */
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(16, 4, Duration.ofSeconds(10), Duration.ofSeconds(1));
  }
}
