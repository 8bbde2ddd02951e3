package io.peerwall.p2p.signaling;

/**
 * What happened to the conversations a camera's signaling server was offered, since start ({@link
 * SignalingServer#connectionStats()}).
 *
 * @param handshakes unauthenticated conversations now
 * @param sessions live sessions now (and authenticated handshakes under way)
 * @param admitted conversations admitted
 * @param refusedAtCapacity refused: every handshake slot taken, none could be taken back
 * @param refusedPerAddress refused: the address's share taken, none could be taken back
 * @param evicted pending conversations closed to make room for a newcomer
 * @param sessionsFull paired stations refused because every session slot was taken
 * @param firstLineTimeouts closed: no complete first line in time (silent or dripping peers)
 * @param handshakeTimeouts closed: the handshake did not end in time
 */
public record ConnectionStats(
    int handshakes,
    int sessions,
    long admitted,
    long refusedAtCapacity,
    long refusedPerAddress,
    long evicted,
    long sessionsFull,
    long firstLineTimeouts,
    long handshakeTimeouts) {}
