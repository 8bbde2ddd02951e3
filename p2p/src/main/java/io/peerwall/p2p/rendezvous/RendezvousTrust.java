package io.peerwall.p2p.rendezvous;

import java.io.IOException;

/**
 * Which rendezvous key a peer accepts for one rendezvous address: the ID pinned (from the address's
 * {@code #ID}, or from the first verified grant), and where a first-use pin is kept. See {@link
 * RendezvousPins} for the file-backed one.
 */
public interface RendezvousTrust {
  /** The ID the rendezvous's key must have, or null if nothing is pinned yet. */
  String pinnedId();

  /**
   * Pins {@code rendezvousId} after it signed a grant that verified, when nothing was pinned.
   * Implementations persist it (so a later impostor is caught) and never replace an existing pin.
   */
  void pinFirstUse(String rendezvousId) throws IOException;

  /** Trust exactly this ID (e.g. the {@code #ID} of the address); nothing is stored. */
  static RendezvousTrust exactly(String rendezvousId) {
    return new RendezvousTrust() {
      @Override
      public String pinnedId() {
        return rendezvousId;
      }

      @Override
      public void pinFirstUse(String id) {
        // already pinned
      }
    };
  }

  /**
   * No pin at all: any key is accepted and grants are checked only against the key the rendezvous
   * presents on this connection. What callers that still give a bare {@code InetSocketAddress} get
   * (the behaviour before rendezvous keys existed), so a rendezvous restarted with a fresh key does
   * not lock them out.
   */
  static RendezvousTrust none() {
    return new RendezvousTrust() {
      @Override
      public String pinnedId() {
        return null;
      }

      @Override
      public void pinFirstUse(String id) {
        // nothing is pinned
      }
    };
  }

  /** First use in memory only (tests, one-shot commands). */
  static RendezvousTrust inMemory() {
    return new RendezvousTrust() {
      private volatile String pinned;

      @Override
      public String pinnedId() {
        return pinned;
      }

      @Override
      public synchronized void pinFirstUse(String id) {
        if (pinned == null) {
          pinned = id;
        }
      }
    };
  }
}
