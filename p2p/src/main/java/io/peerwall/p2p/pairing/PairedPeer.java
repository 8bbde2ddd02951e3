package io.peerwall.p2p.pairing;

import io.peerwall.p2p.identity.PublicIdentity;

/**
 * A pinned peer: a station on the camera, a camera on the station.
 *
 * @param key the long-term public key pinned at pairing (its ID is {@code key.id()})
 * @param name what the peer called itself at pairing (display only, never trusted)
 * @param pairedAtMillis when
 * @param address last known direct signaling address "host:port", or null (station side)
 */
public record PairedPeer(PublicIdentity key, String name, long pairedAtMillis, String address) {
  public String id() {
    return key.id();
  }
}
