package io.peerwall.p2p.ice;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.identity.SealedSecret;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A TURN server with static credentials as a settings file keeps it: the address as typed, the user
 * name, and the password sealed under a key derived from the owner's identity ({@link
 * SealedSecret}, purpose {@value #PURPOSE}, bound to this address and user name). Cameras keep
 * these in {@code camera.json}, stations in {@code network.json}; neither holds the password in
 * clear. Time-limited credentials from a rendezvous are never stored.
 *
 * @param address "host:port" (a name is resolved when the server is used)
 * @param username the TURN user name
 * @param sealedPassword the password, sealed
 */
public record SealedTurnServer(String address, String username, String sealedPassword) {
  static final String PURPOSE = "turn-credentials-v1";

  public SealedTurnServer {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(sealedPassword, "sealedPassword");
    if (username.isEmpty() || username.length() > 256) {
      throw new IllegalArgumentException("TURN user name must have 1..256 characters");
    }
    if (!SealedSecret.isSealed(sealedPassword)) {
      throw new IllegalArgumentException("the TURN password is not sealed");
    }
  }

  /** Seals {@code password} for {@code address} and {@code username} under {@code owner}'s key. */
  public static SealedTurnServer seal(
      Identity owner, String address, String username, String password) {
    if (password == null || password.isEmpty() || password.length() > 256) {
      throw new IllegalArgumentException("TURN password must have 1..256 characters");
    }
    return new SealedTurnServer(
        address, username, SealedSecret.seal(owner, PURPOSE, context(address, username), password));
  }

  /**
   * The server with its password opened, the address resolved now (the caller's thread; settings
   * are the owner's own input, never the network's).
   *
   * @throws SealedSecret.UnreadableException if the password does not open (altered file, another
   *     identity's file)
   * @throws UnknownHostException if the host cannot be resolved
   */
  public TurnServer open(Identity owner)
      throws SealedSecret.UnreadableException, UnknownHostException {
    String password = SealedSecret.open(owner, PURPOSE, context(address, username), sealedPassword);
    return TurnServer.of(resolve(address), username, password);
  }

  /** Resolves "host:port" (IPv6 in brackets). */
  public static InetSocketAddress resolve(String hostPort) throws UnknownHostException {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new UnknownHostException("'" + hostPort + "' is not HOST:PORT");
    }
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new UnknownHostException("'" + hostPort + "': the port is not a number");
    }
    if (port < 1 || port > 65535) {
      throw new UnknownHostException("'" + hostPort + "': the port must be 1 to 65535");
    }
    return new InetSocketAddress(InetAddress.getByName(host), port);
  }

  private static String context(String address, String username) {
    return "turn\n" + address + "\n" + username;
  }

  @Override
  public String toString() {
    return "SealedTurnServer[" + address + ", " + username + ", <sealed>]";
  }
}
