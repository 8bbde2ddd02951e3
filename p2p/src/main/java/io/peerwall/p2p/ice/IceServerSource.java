package io.peerwall.p2p.ice;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where an {@link IceSession} takes its STUN and TURN servers from, asked once per session when it
 * gathers (so time-limited TURN credentials are fresh for each new session). Implementations must
 * answer within a bounded time and never throw: a source that cannot get servers answers with what
 * it has (possibly {@link IceServerList#NONE}); ICE then still tries host candidates.
 */
@FunctionalInterface
public interface IceServerSource {
  /** The servers to use for a session gathering now. */
  IceServerList current();

  /** Always the same servers (settings). */
  static IceServerSource fixed(IceServerList servers) {
    Objects.requireNonNull(servers);
    return () -> servers;
  }

  /** No STUN, no TURN (host candidates only). */
  static IceServerSource none() {
    return () -> IceServerList.NONE;
  }

  /** The servers of both sources, {@code first}'s first (see {@link IceServerList#plus}). */
  static IceServerSource both(IceServerSource first, IceServerSource second) {
    return () -> first.current().plus(second.current());
  }

  /**
   * A source whose list is replaced by its owner, e.g. a camera's rendezvous registration each time
   * the rendezvous hands out fresh credentials. Thread-safe.
   */
  final class Holder implements IceServerSource {
    private final AtomicReference<IceServerList> list = new AtomicReference<>(IceServerList.NONE);

    public void set(IceServerList servers) {
      list.set(Objects.requireNonNull(servers));
    }

    /** The list last set, without TURN credentials that have expired meanwhile. */
    @Override
    public IceServerList current() {
      return list.get().withoutExpired(Instant.now());
    }
  }
}
