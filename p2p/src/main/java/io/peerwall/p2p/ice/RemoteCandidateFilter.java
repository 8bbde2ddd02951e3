package io.peerwall.p2p.ice;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * Which remote candidate addresses a session will send connectivity checks to. Candidates come from
 * the peer's signed offer or answer, and the peer's key is pinned in DTLS, so where a peer says it
 * can be reached is not a security decision: the filter only drops addresses no peer can be reached
 * on, so that a confused or hostile peer cannot make us spray checks at a whole segment or a
 * multicast group.
 */
public final class RemoteCandidateFilter {
  private RemoteCandidateFilter() {}

  /**
   * Unicast addresses: not multicast, not unspecified (0.0.0.0, ::), not "this network" (0/8), not
   * the limited broadcast 255.255.255.255, not IPv6 link-local (unusable without the peer's
   * interface scope).
   */
  public static Predicate<InetAddress> usable() {
    return RemoteCandidateFilter::isUsable;
  }

  /** Loopback only (the demo and tests on one machine, decision 0005). */
  public static Predicate<InetAddress> loopbackOnly() {
    return InetAddress::isLoopbackAddress;
  }

  static boolean isUsable(InetAddress a) {
    if (a.isMulticastAddress() || a.isAnyLocalAddress()) {
      return false;
    }
    if (a instanceof Inet4Address) {
      byte[] b = a.getAddress();
      boolean thisNetwork = b[0] == 0;
      boolean broadcast = (b[0] & b[1] & b[2] & b[3]) == (byte) 0xFF;
      return !thisNetwork && !broadcast;
    }
    return !a.isLinkLocalAddress();
  }
}
