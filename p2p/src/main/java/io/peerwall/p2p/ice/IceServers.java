package io.peerwall.p2p.ice;

import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.security.LongTermCredential;

/**
 * Single STUN and TURN servers as extra {@link IceConfig} harvesters ({@link
 * IceConfig.Builder#addHarvester}). Both use UDP (ice4j's TURN client speaks only UDP) and gather
 * from our own host candidates. Prefer {@link IceConfig.Builder#iceServers}: it reports what each
 * server answered ({@link IceSession#serverStatuses()}) and takes fresh credentials per session. A
 * server given by name is resolved once, by the caller, never from signaling input.
 */
public final class IceServers {
  private IceServers() {}

  /** Server-reflexive candidates from a STUN server (e.g. coturn on 3478). */
  public static Supplier<CandidateHarvester> stun(InetSocketAddress server) {
    TransportAddress ta = ServerHarvesters.udp(server);
    return () ->
        new ReportingStunHarvester(
            ta,
            new ServerOutcomeRecorder(IceServerList.hostPort(server), IceServerStatus.Kind.STUN));
  }

  /**
   * Relayed candidates from a TURN server with long-term credentials (RFC 8489 §9.2). The
   * credentials go only to the TURN server, inside its own authentication exchange. This is ice4j's
   * TURN client with its permission-retry storm fixed ({@link GuardedTurnHarvester}).
   */
  public static Supplier<CandidateHarvester> turn(
      InetSocketAddress server, String username, String password) {
    TransportAddress ta = ServerHarvesters.udp(server);
    return () -> new GuardedTurnHarvester(ta, new LongTermCredential(username, password));
  }
}
