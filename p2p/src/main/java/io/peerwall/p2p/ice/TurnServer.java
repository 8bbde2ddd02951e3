package io.peerwall.p2p.ice;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A TURN server (UDP) with the long-term credentials to use on it: static ones from settings, or
 * time-limited ones a rendezvous handed out ({@code expires} set). {@link #toString()} never shows
 * the password.
 *
 * @param address resolved IP address and port
 * @param username 1..256 characters
 * @param password 1..256 characters
 * @param expires when time-limited credentials stop being accepted, or null for static ones
 */
public record TurnServer(
    InetSocketAddress address, String username, String password, Instant expires) {
  public TurnServer {
    Objects.requireNonNull(address, "address");
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("TURN server " + address + " is not resolved");
    }
    if (username == null || username.isEmpty() || username.length() > 256) {
      throw new IllegalArgumentException("TURN username must have 1..256 characters");
    }
    if (password == null || password.isEmpty() || password.length() > 256) {
      throw new IllegalArgumentException("TURN password must have 1..256 characters");
    }
  }

  /** Static credentials (no expiry). */
  public static TurnServer of(InetSocketAddress address, String username, String password) {
    return new TurnServer(address, username, password, null);
  }

  /** Whether the credentials have expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return expires != null && !now.isBefore(expires);
  }

  /** "ip:port" (IPv6 in brackets), as in messages and logs. */
  public String where() {
    return IceServerList.hostPort(address);
  }

  @Override
  public String toString() {
    return "TurnServer["
        + where()
        + ", "
        + username
        + ", <redacted>"
        + (expires == null ? "" : ", expires " + expires)
        + "]";
  }
}
