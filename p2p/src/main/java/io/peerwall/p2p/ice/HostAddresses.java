package io.peerwall.p2p.ice;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The local addresses a session offers as host candidates when its configuration says "every
 * suitable interface" ({@link IceConfig.Builder#allInterfaces()}). Asked again for each session, so
 * a laptop that moved to another network offers its new address in the next session.
 *
 * <p>Suitable: an interface that is up and not loopback; its unicast addresses that another machine
 * could send to: not loopback, not link-local (IPv4 169.254/16 needs no router and IPv6 fe80::/10
 * needs a scope a peer cannot name), not multicast or unspecified. At most {@value #MAX_ADDRESSES},
 * IPv4 first (what TURN and most peers use), so a machine with many interfaces cannot blow the
 * candidate budget ({@link IceConfig#MAX_CANDIDATES}).
 */
public final class HostAddresses {
  /** Host candidates per session at most. */
  public static final int MAX_ADDRESSES = 8;

  private HostAddresses() {}

  /** The suitable addresses of this machine now (may be empty: no network). */
  public static List<InetAddress> suitable() {
    List<InetAddress> v4 = new ArrayList<>();
    List<InetAddress> v6 = new ArrayList<>();
    List<NetworkInterface> interfaces;
    try {
      interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
    } catch (SocketException | NullPointerException e) {
      return List.of(); // no interfaces at all (getNetworkInterfaces may return null)
    }
    for (NetworkInterface nif : interfaces) {
      try {
        if (!nif.isUp() || nif.isLoopback()) {
          continue;
        }
      } catch (SocketException e) {
        continue; // the interface went away while we looked
      }
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        if (!isSuitable(a)) {
          continue;
        }
        (a instanceof Inet4Address ? v4 : v6).add(stripScope(a));
      }
    }
    List<InetAddress> out = new ArrayList<>(v4);
    out.addAll(v6);
    return List.copyOf(out.subList(0, Math.min(MAX_ADDRESSES, out.size())));
  }

  /** Whether another machine could reach us on {@code a}. */
  public static boolean isSuitable(InetAddress a) {
    return !a.isLoopbackAddress()
        && !a.isLinkLocalAddress()
        && !a.isMulticastAddress()
        && !a.isAnyLocalAddress();
  }

  /** Global IPv6 addresses carry the interface as scope; a bind does not need it. */
  private static InetAddress stripScope(InetAddress a) {
    if (a instanceof Inet6Address six && six.getScopeId() != 0) {
      try {
        return InetAddress.getByAddress(six.getAddress());
      } catch (java.net.UnknownHostException e) {
        return a;
      }
    }
    return a;
  }
}
