package io.peerwall.station.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Which local address the operating system would use to reach a peer. A connected UDP socket asks
 * the routing table without sending anything, so no packet leaves the machine.
 */
public final class LocalRoute {
  private LocalRoute() {}

  public static InetAddress towards(InetSocketAddress peer) {
    if (peer.getAddress() != null && peer.getAddress().isLoopbackAddress()) {
      return peer.getAddress();
    }
    try (DatagramSocket probe = new DatagramSocket()) {
      probe.connect(peer);
      return probe.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException("no route to " + peer, e);
    }
  }
}
