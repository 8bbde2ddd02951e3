package io.peerwall.p2p.ice;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;

/**
 * Which host candidates a STUN or TURN harvester asks from. ice4j asks from every host candidate
 * that could reach the server; with host candidates on every interface that is one TURN allocation
 * per interface (docker bridges, VPNs, a second NIC) for every session, each costing the TURN
 * server a relay port. A server on the Internet is reached through one interface: the one the
 * operating system routes towards it. So only the host candidate on that address asks; if none of
 * the session's host addresses is that one (a test binding 127.0.0.2 towards a server on
 * 127.0.0.1), every candidate asks, as ice4j would.
 */
final class HarvestBases {
  private final TransportAddress server;
  private InetAddress routed;
  private boolean decided;
  private boolean onlyRouted;

  HarvestBases(TransportAddress server) {
    this.server = server;
  }

  /** Whether {@code host} should send this server its request. Called on harvest threads. */
  synchronized boolean use(HostCandidate host) {
    if (!decided) {
      decided = true;
      routed = routedLocalAddress(server);
      onlyRouted = routed != null && hasHostOn(host.getParentComponent(), routed);
    }
    return !onlyRouted || host.getTransportAddress().getAddress().equals(routed);
  }

  private static boolean hasHostOn(Component component, InetAddress address) {
    for (LocalCandidate c : component.getLocalCandidates()) {
      if (c instanceof HostCandidate && c.getTransportAddress().getAddress().equals(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The local address the OS would send from towards {@code server}: a connected UDP socket makes
   * the kernel pick a route; nothing is sent. Null if there is no route.
   */
  static InetAddress routedLocalAddress(TransportAddress server) {
    try (DatagramSocket probe = new DatagramSocket()) {
      probe.connect(new InetSocketAddress(server.getAddress(), server.getPort()));
      InetAddress local = probe.getLocalAddress();
      return local == null || local.isAnyLocalAddress() ? null : local;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
