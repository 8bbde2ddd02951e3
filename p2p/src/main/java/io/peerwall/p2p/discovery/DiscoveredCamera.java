package io.peerwall.p2p.discovery;

import java.net.InetSocketAddress;

/**
 * A camera seen on the LAN. Nothing here is trusted: the ID is only what the announcement says;
 * pairing and sessions then prove it (the key must hash to the ID and sign).
 *
 * @param cameraId the announced ID (canonical form)
 * @param name the announced name
 * @param address its direct signaling address
 */
public record DiscoveredCamera(String cameraId, String name, InetSocketAddress address) {}
