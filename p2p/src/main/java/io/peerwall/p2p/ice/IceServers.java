package io.peerwall.p2p.ice;

import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.StunCandidateHarvester;
import org.ice4j.security.LongTermCredential;

/**
 * STUN and TURN servers as {@link IceConfig} harvesters. Both use UDP (ice4j's TURN client speaks
 * only UDP) and gather from our own host candidates, so the sockets they use are exactly the
 * configured ones. A server given by name is resolved once, here, when the configuration is built,
 * never from signaling input.
 */
public final class IceServers {
  private IceServers() {}

  /** Server-reflexive candidates from a STUN server (e.g. coturn on 3478). */
  public static Supplier<CandidateHarvester> stun(InetSocketAddress server) {
    TransportAddress ta = address(server);
    return () -> new StunCandidateHarvester(ta);
  }

  /**
   * Relayed candidates from a TURN server with long-term credentials (RFC 8489 §9.2). The
   * credentials go only to the TURN server, inside its own authentication exchange. This is ice4j's
   * TURN client with its permission-retry storm fixed ({@link GuardedTurnHarvester}).
   */
  public static Supplier<CandidateHarvester> turn(
      InetSocketAddress server, String username, String password) {
    TransportAddress ta = address(server);
    return () -> new GuardedTurnHarvester(ta, new LongTermCredential(username, password));
  }

  private static TransportAddress address(InetSocketAddress a) {
    if (a.isUnresolved()) {
      throw new IllegalArgumentException("ICE server " + a + " is not resolved");
    }
    return new TransportAddress(a.getAddress(), a.getPort(), Transport.UDP);
  }
}
