package io.peerwall.station.reach;

import java.net.InetSocketAddress;

/**
 * One way to a camera's signaling: its address on the LAN (mDNS), the last address it answered on,
 * or the rendezvous (by ID).
 *
 * @param kind which way
 * @param address the camera's address (LAN, ADDRESS) or the rendezvous's (RENDEZVOUS), resolved
 */
public record Route(Kind kind, InetSocketAddress address) {
  /** The ways, in the order they are tried when none worked before. */
  public enum Kind {
    LAN("LAN"),
    ADDRESS("address"),
    RENDEZVOUS("rendezvous");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** "LAN 10.0.0.5:7700", "rendezvous 203.0.113.7:7800": for messages. */
  public String describe() {
    String host =
        address.getAddress() != null
            ? address.getAddress().getHostAddress()
            : address.getHostString();
    return kind.label()
        + " "
        + (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + address.getPort();
  }
}
