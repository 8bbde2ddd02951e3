package io.peerwall.p2p.rendezvous;

import io.peerwall.p2p.ice.IceServerList;
import io.peerwall.p2p.ice.IceServerSource;
import io.peerwall.p2p.identity.Identity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A station's STUN and TURN servers from its rendezvous: asked over a short connection when a
 * session gathers and the last grant is missing or past half its credentials' lifetime, kept
 * otherwise. Never throws and never waits longer than its timeout: when the rendezvous cannot be
 * asked, the session gets the last grant's servers while their credentials last (else none), and
 * {@link #problem()} says why, for the tile.
 */
public final class RendezvousIceServers implements IceServerSource {
  private static final Logger LOG = LoggerFactory.getLogger(RendezvousIceServers.class);
  private static final Duration REFRESH_WITHOUT_TURN = Duration.ofHours(1);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

  private final RendezvousAddress address;
  private final RendezvousTrust trust;
  private final Identity peer;
  private final Duration timeout;
  private final Clock clock;
  private IceServerList servers = IceServerList.NONE;
  private Instant refreshAt = Instant.MIN;
  private volatile RendezvousException problem;

  /**
   * @param peer the identity the TURN credentials are minted for (the station's)
   * @param timeout the longest a session's gathering waits for the rendezvous
   */
  public RendezvousIceServers(
      RendezvousAddress address,
      RendezvousTrust trust,
      Identity peer,
      Duration timeout,
      Clock clock) {
    this.address = Objects.requireNonNull(address);
    this.trust = Objects.requireNonNull(trust);
    this.peer = Objects.requireNonNull(peer);
    this.timeout = Objects.requireNonNull(timeout);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public synchronized IceServerList current() {
    Instant now = clock.instant();
    if (!now.isBefore(refreshAt)) {
      fetch(now);
    }
    return servers.withoutExpired(now);
  }

  /** Why the last request failed, or null if it succeeded. */
  public RendezvousException problem() {
    return problem;
  }

  private void fetch(Instant now) {
    try (RendezvousLink link =
        RendezvousLink.connect(address, trust, RendezvousKeepalive.DEFAULT, timeout)) {
      IceServerGrant g = link.requestIceServers(peer, timeout);
      servers = g.servers();
      Instant expiry = servers.earliestExpiry();
      refreshAt =
          now.plus(
              expiry == null
                  ? REFRESH_WITHOUT_TURN
                  : Duration.between(g.issued(), expiry).dividedBy(2));
      problem = null;
    } catch (RendezvousException e) {
      problem = e;
      refreshAt = now.plus(e.retryable() ? RETRY_AFTER_FAILURE : REFRESH_WITHOUT_TURN);
      if (e.kind() == RendezvousException.Kind.KEY_MISMATCH) {
        LOG.error("{}", e.getMessage());
      } else {
        LOG.warn("no ICE servers from rendezvous {}: {}", address, e.getMessage());
      }
    }
  }
}
