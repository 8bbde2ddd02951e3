package io.peerwall.p2p.ice;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The STUN and TURN servers one ICE session gathers from: from settings, from a rendezvous's signed
 * {@code ice-servers} message, or both ({@link #plus}). At most {@value #MAX_SERVERS} of each kind
 * (each costs a request per session, and a relayed allocation per TURN server).
 *
 * @param stun STUN servers (resolved addresses)
 * @param turn TURN servers with their credentials
 */
public record IceServerList(List<InetSocketAddress> stun, List<TurnServer> turn) {
  public static final int MAX_SERVERS = 4;
  public static final IceServerList NONE = new IceServerList(List.of(), List.of());

  public IceServerList {
    stun = List.copyOf(stun);
    turn = List.copyOf(turn);
    if (stun.size() > MAX_SERVERS || turn.size() > MAX_SERVERS) {
      throw new IllegalArgumentException("at most " + MAX_SERVERS + " STUN and TURN servers each");
    }
    for (InetSocketAddress a : stun) {
      if (Objects.requireNonNull(a).isUnresolved()) {
        throw new IllegalArgumentException("STUN server " + a + " is not resolved");
      }
    }
  }

  public boolean isEmpty() {
    return stun.isEmpty() && turn.isEmpty();
  }

  /**
   * This list with {@code other}'s servers added (duplicates once, each kind capped at {@value
   * #MAX_SERVERS}, this list's first).
   */
  public IceServerList plus(IceServerList other) {
    LinkedHashSet<InetSocketAddress> s = new LinkedHashSet<>(stun);
    s.addAll(other.stun);
    List<TurnServer> t = new ArrayList<>(turn);
    for (TurnServer x : other.turn) {
      if (t.stream().noneMatch(y -> y.address().equals(x.address()))) {
        t.add(x);
      }
    }
    return new IceServerList(
        new ArrayList<>(s).subList(0, Math.min(MAX_SERVERS, s.size())),
        t.subList(0, Math.min(MAX_SERVERS, t.size())));
  }

  /** The earliest expiry of the TURN credentials, or null if none expire. */
  public Instant earliestExpiry() {
    Instant min = null;
    for (TurnServer t : turn) {
      if (t.expires() != null && (min == null || t.expires().isBefore(min))) {
        min = t.expires();
      }
    }
    return min;
  }

  /** This list without TURN servers whose credentials have expired at {@code now}. */
  public IceServerList withoutExpired(Instant now) {
    return new IceServerList(stun, turn.stream().filter(t -> !t.expiredAt(now)).toList());
  }

  /**
   * Parses "ip:port" or "[ipv6]:port" with an IP literal (never a name: no DNS lookup on input from
   * the network).
   *
   * @throws IllegalArgumentException if it is not exactly that
   */
  public static InetSocketAddress parseAddress(String s) {
    if (s == null || s.length() > 53) {
      throw new IllegalArgumentException("server address must be ip:port");
    }
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf("]:");
      if (close < 0) {
        throw new IllegalArgumentException("server address must be [ipv6]:port");
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
    } else {
      int colon = s.indexOf(':');
      if (colon < 0 || s.indexOf(':', colon + 1) >= 0) {
        throw new IllegalArgumentException("server address must be ip:port");
      }
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
    }
    if (!port.matches("[0-9]{1,5}")
        || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException("server port must be 1..65535");
    }
    return new InetSocketAddress(IpLiteral.parse(host), Integer.parseInt(port));
  }

  /** "ip:port", IPv6 in brackets: the form {@link #parseAddress} reads. */
  public static String hostPort(InetSocketAddress a) {
    String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    return (a.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
