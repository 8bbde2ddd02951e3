package io.peerwall.p2p.rendezvous;

import java.time.Duration;

/**
 * How a client keeps its rendezvous connection alive and notices that it died. A camera's
 * registration is one long-lived TCP connection through its NAT: the mapping must not expire while
 * idle, and when it is gone anyway (the NAT rebooted or dropped it, the camera's address changed)
 * the camera must notice and register again, because until then nobody can reach it.
 *
 * <p>Defaults: a ping every 5 s, dead after 12 s without any line. RFC 5382 asks NATs to keep idle
 * TCP mappings for 2 h 4 min, but carrier-grade NATs and mobile networks drop them after as little
 * as 30-60 s, and home routers often treat TCP like UDP (30 s and up, RFC 4787): 5 s stays far
 * below all of them. 12 s is two lost pings plus a second of round trip; a ping costs one short
 * line each way (about 60 bytes a second per client with TCP/IP headers, 0.6 MB/s for 10 000
 * cameras on one rendezvous).
 *
 * @param pingInterval how often the client pings
 * @param deadAfter silence (no line at all, pongs included) after which the connection is dropped
 */
public record RendezvousKeepalive(Duration pingInterval, Duration deadAfter) {
  public static final RendezvousKeepalive DEFAULT =
      new RendezvousKeepalive(Duration.ofSeconds(5), Duration.ofSeconds(12));

  public RendezvousKeepalive {
    if (pingInterval.isNegative() || pingInterval.isZero()) {
      throw new IllegalArgumentException("ping interval must be positive");
    }
    if (deadAfter.compareTo(pingInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("deadAfter must be at least two ping intervals");
    }
  }
}
