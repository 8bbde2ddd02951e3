package io.peerwall.p2p.ice;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * How media reaches the peer, in the words tiles and stats use: on the local network, directly
 * across the Internet (through NAT mappings), or through a TURN relay.
 */
public enum PathKind {
  /** Host candidate to host candidate on private, loopback or link-local addresses. */
  LAN("LAN"),
  /** Peer to peer across networks: a server- or peer-reflexive end, or public host addresses. */
  DIRECT("direct"),
  /** Either end is a TURN relayed candidate. */
  RELAY("relay");

  private final String label;

  PathKind(String label) {
    this.label = label;
  }

  /** "LAN", "direct" or "relay". */
  public String label() {
    return label;
  }

  /** The kind of a selected pair. */
  public static PathKind of(
      PathType localType, InetAddress local, PathType remoteType, InetAddress remote) {
    if (localType == PathType.RELAY || remoteType == PathType.RELAY) {
      return RELAY;
    }
    if (localType == PathType.HOST
        && remoteType == PathType.HOST
        && isPrivate(local)
        && isPrivate(remote)) {
      return LAN;
    }
    return DIRECT;
  }

  /**
   * RFC 1918, loopback and link-local IPv4; loopback, link-local and unique-local (fc00::/7) IPv6.
   * Not 100.64/10: two hosts in a carrier's shared space are not on one LAN.
   */
  static boolean isPrivate(InetAddress a) {
    if (a.isLoopbackAddress() || a.isLinkLocalAddress()) {
      return true;
    }
    if (a instanceof Inet4Address) {
      return a.isSiteLocalAddress();
    }
    if (a instanceof Inet6Address) {
      return (a.getAddress()[0] & 0xFE) == 0xFC;
    }
    return false;
  }

  @Override
  public String toString() {
    return label;
  }
}
