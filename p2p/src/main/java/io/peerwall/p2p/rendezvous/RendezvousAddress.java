package io.peerwall.p2p.rendezvous;

import io.peerwall.p2p.identity.PeerId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where a rendezvous is, and optionally which key it must have: {@code host:port} or {@code
 * host:port#RENDEZVOUS-ID}, the ID being the hash of the rendezvous's key (printed by {@code
 * peerwall rendezvous} at start). With the ID, the first connection already refuses an impostor;
 * without it, the key is pinned on first use ({@link RendezvousPins}).
 *
 * @param host a DNS name or IP literal (IPv6 in brackets when written)
 * @param port 1..65535
 * @param rendezvousId the expected key's ID (canonical form), or null
 */
public record RendezvousAddress(String host, int port, String rendezvousId) {
  public RendezvousAddress {
    if (host == null || host.isEmpty() || host.length() > 253 || !host.matches("[A-Za-z0-9.:-]+")) {
      throw new IllegalArgumentException("rendezvous host must be a name or an IP address");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("rendezvous port must be 1..65535");
    }
    if (rendezvousId != null) {
      rendezvousId = PeerId.parse(rendezvousId);
    }
  }

  /**
   * Parses {@code host:port} or {@code host:port#ID} ({@code [v6]:port} for IPv6 literals).
   *
   * @throws IllegalArgumentException with what is wrong (missing port, bad ID, typo in the ID)
   */
  public static RendezvousAddress parse(String text) {
    Objects.requireNonNull(text, "rendezvous address");
    String s = text.strip();
    String id = null;
    int hash = s.indexOf('#');
    if (hash >= 0) {
      id = s.substring(hash + 1);
      s = s.substring(0, hash);
      try {
        id = PeerId.parse(id);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the rendezvous ID after '#' is not valid: " + e.getMessage());
      }
    }
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf("]:");
      if (close < 0) {
        throw new IllegalArgumentException("rendezvous address must be [ipv6]:port");
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
    } else {
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || s.indexOf(':') != colon) {
        throw new IllegalArgumentException("rendezvous address must be host:port[#ID]");
      }
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
    }
    if (!port.matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException("rendezvous port must be a number 1..65535");
    }
    return new RendezvousAddress(host, Integer.parseInt(port), id);
  }

  /** "host:port", the key of this rendezvous in {@link RendezvousPins}. */
  public String hostPort() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** Resolves the host now (DNS; the caller's thread). */
  public InetSocketAddress resolve() throws UnknownHostException {
    return new InetSocketAddress(InetAddress.getByName(host), port);
  }

  /** This address with the rendezvous ID set (after pinning, or to print the full form). */
  public RendezvousAddress withId(String id) {
    return new RendezvousAddress(host, port, id);
  }

  @Override
  public String toString() {
    return hostPort() + (rendezvousId == null ? "" : "#" + rendezvousId);
  }
}
