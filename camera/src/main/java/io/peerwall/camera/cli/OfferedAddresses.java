package io.peerwall.camera.cli;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The addresses a camera offers stations as its ICE host candidates. A camera bound to one address
 * offers that one. Bound to the wildcard ({@code --bind 0.0.0.0}), it offers every address of the
 * machine's interfaces that are up (IPv4 first, no loopback, no IPv6 link-local: a station cannot
 * use those), because a wildcard is not an address a station can send to: offering it meant the
 * session never connected.
 */
final class OfferedAddresses {
  private OfferedAddresses() {}

  /** The addresses to offer for {@code bind}; never empty (loopback when nothing else is up). */
  static List<InetAddress> forBind(InetAddress bind) throws SocketException {
    if (!bind.isAnyLocalAddress()) {
      return List.of(bind);
    }
    List<InetAddress> found = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress()) {
          found.add(a);
        }
      }
    }
    found.sort(Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1));
    return found.isEmpty() ? List.of(InetAddress.getLoopbackAddress()) : List.copyOf(found);
  }
}
