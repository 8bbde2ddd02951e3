package io.peerwall.p2p.rendezvous;

import io.peerwall.p2p.ice.IceServerList;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.turn.TurnRestCredentials;
import io.peerwall.p2p.turn.TurnSecret;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Settings of a {@link RendezvousServer}.
 *
 * @param bind listen address
 * @param port TCP port (0: ephemeral)
 * @param maxClients concurrent connections
 * @param identity the rendezvous's own key: signs the ICE server grants; its ID is what peers pin
 * @param stun STUN servers to tell peers about (resolved)
 * @param turn TURN servers to hand credentials for (resolved; coturn with {@code use-auth-secret})
 * @param turnSecret the secret shared with those TURN servers (required if {@code turn} is not
 *     empty)
 * @param turnTtl lifetime of handed-out TURN credentials
 * @param mayRelay which proven peer IDs get TURN credentials (all by default)
 * @param idleLimit a client silent this long is dropped (clients ping every 5 s)
 * @param clock time for credential expiry
 */
public record RendezvousConfig(
    InetAddress bind,
    int port,
    int maxClients,
    Identity identity,
    List<InetSocketAddress> stun,
    List<InetSocketAddress> turn,
    TurnSecret turnSecret,
    Duration turnTtl,
    Predicate<String> mayRelay,
    Duration idleLimit,
    Clock clock) {
  /** Default lifetime of TURN credentials: refreshed by peers at half-life. */
  public static final Duration DEFAULT_TURN_TTL = Duration.ofHours(1);

  public RendezvousConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(identity, "identity");
    stun = List.copyOf(stun);
    turn = List.copyOf(turn);
    Objects.requireNonNull(mayRelay, "mayRelay");
    Objects.requireNonNull(clock, "clock");
    if (port < 0 || port > 65535 || maxClients < 1) {
      throw new IllegalArgumentException("port must be 0..65535 and maxClients positive");
    }
    if (stun.size() > IceServerList.MAX_SERVERS || turn.size() > IceServerList.MAX_SERVERS) {
      throw new IllegalArgumentException(
          "at most " + IceServerList.MAX_SERVERS + " STUN and TURN servers each");
    }
    for (InetSocketAddress a : stun) {
      requireResolved(a);
    }
    for (InetSocketAddress a : turn) {
      requireResolved(a);
    }
    if (!turn.isEmpty() && turnSecret == null) {
      throw new IllegalArgumentException(
          "TURN servers need the secret shared with them (coturn's static-auth-secret)");
    }
    if (turnTtl.compareTo(TurnRestCredentials.MIN_TTL) < 0
        || turnTtl.compareTo(TurnRestCredentials.MAX_TTL) > 0) {
      throw new IllegalArgumentException("TURN credential lifetime must be 1 min .. 24 h");
    }
    if (idleLimit.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("idle limit must be at least 1 s");
    }
  }

  /** No STUN or TURN to hand out, an idle limit of 30 s. */
  public static RendezvousConfig of(InetAddress bind, int port, int maxClients, Identity identity) {
    return new RendezvousConfig(
        bind,
        port,
        maxClients,
        identity,
        List.of(),
        List.of(),
        null,
        DEFAULT_TURN_TTL,
        id -> true,
        Duration.ofSeconds(30),
        Clock.systemUTC());
  }

  public RendezvousConfig withStun(List<InetSocketAddress> servers) {
    return new RendezvousConfig(
        bind,
        port,
        maxClients,
        identity,
        servers,
        turn,
        turnSecret,
        turnTtl,
        mayRelay,
        idleLimit,
        clock);
  }

  public RendezvousConfig withTurn(
      List<InetSocketAddress> servers, TurnSecret secret, Duration ttl) {
    return new RendezvousConfig(
        bind, port, maxClients, identity, stun, servers, secret, ttl, mayRelay, idleLimit, clock);
  }

  public RendezvousConfig withMayRelay(Predicate<String> policy) {
    return new RendezvousConfig(
        bind,
        port,
        maxClients,
        identity,
        stun,
        turn,
        turnSecret,
        turnTtl,
        policy,
        idleLimit,
        clock);
  }

  public RendezvousConfig withIdleLimit(Duration limit) {
    return new RendezvousConfig(
        bind, port, maxClients, identity, stun, turn, turnSecret, turnTtl, mayRelay, limit, clock);
  }

  public RendezvousConfig withClock(Clock c) {
    return new RendezvousConfig(
        bind, port, maxClients, identity, stun, turn, turnSecret, turnTtl, mayRelay, idleLimit, c);
  }

  private static void requireResolved(InetSocketAddress a) {
    if (Objects.requireNonNull(a).isUnresolved()) {
      throw new IllegalArgumentException("ICE server " + a + " is not resolved");
    }
  }

  @Override
  public String toString() {
    return "RendezvousConfig[" + bind.getHostAddress() + ":" + port + ", " + identity.id() + "]";
  }
}
