package io.peerwall.p2p.ice;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.security.LongTermCredential;

/**
 * One session's STUN and TURN harvesters, made from the servers its {@link IceServerSource} gave,
 * each with a recorder of what its server answered. Credentials go to ice4j's TURN client only.
 */
final class ServerHarvesters {
  private final List<ServerOutcomeRecorder> recorders = new ArrayList<>();

  /** Adds a harvester per server to {@code agent}. */
  void addTo(Agent agent, IceServerList servers) {
    for (InetSocketAddress s : servers.stun()) {
      ServerOutcomeRecorder r =
          new ServerOutcomeRecorder(IceServerList.hostPort(s), IceServerStatus.Kind.STUN);
      recorders.add(r);
      agent.addCandidateHarvester(new ReportingStunHarvester(udp(s), r));
    }
    for (TurnServer t : servers.turn()) {
      ServerOutcomeRecorder r = new ServerOutcomeRecorder(t.where(), IceServerStatus.Kind.TURN);
      recorders.add(r);
      agent.addCandidateHarvester(
          new GuardedTurnHarvester(
              udp(t.address()), new LongTermCredential(t.username(), t.password()), r));
    }
  }

  /** What each server did (call after gathering ended). */
  List<IceServerStatus> statuses() {
    List<IceServerStatus> out = new ArrayList<>();
    for (ServerOutcomeRecorder r : recorders) {
      out.add(r.status());
    }
    return List.copyOf(out);
  }

  static TransportAddress udp(InetSocketAddress a) {
    if (a.isUnresolved()) {
      throw new IllegalArgumentException("ICE server " + a + " is not resolved");
    }
    return new TransportAddress(a.getAddress(), a.getPort(), Transport.UDP);
  }
}
