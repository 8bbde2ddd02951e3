package io.peerwall.p2p.ice;

/**
 * Receives {@link IceSessionEvent}s, in order, on the session's own event thread ({@code
 * p2p-ice-events-<id>}). Do not block in it.
 */
@FunctionalInterface
public interface IceSessionListener {
  void onStateChanged(IceSessionEvent event);
}
