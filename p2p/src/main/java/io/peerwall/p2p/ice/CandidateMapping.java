package io.peerwall.p2p.ice;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;

/**
 * Converts between ice4j's candidates and ours ({@link IceCandidate}, as carried in signaling):
 * only UDP candidates of the four RFC 8445 types cross over.
 */
final class CandidateMapping {
  private CandidateMapping() {}

  static IceCandidate toIceCandidate(LocalCandidate c) {
    if (c.getTransport() != Transport.UDP) {
      return null;
    }
    PathType type;
    try {
      type = typeOf(c.getType());
    } catch (IllegalArgumentException e) {
      return null;
    }
    TransportAddress ta = c.getTransportAddress();
    TransportAddress rel = c.getRelatedAddress();
    return new IceCandidate(
        c.getFoundation(),
        c.getParentComponent().getComponentID(),
        "udp",
        c.getPriority(),
        ta.getAddress().getHostAddress(),
        ta.getPort(),
        type.sdpName(),
        rel == null ? null : rel.getAddress().getHostAddress(),
        rel == null ? null : rel.getPort());
  }

  static RemoteCandidate toRemoteCandidate(IceCandidate rc, Component component) {
    RemoteCandidate related = null;
    if (rc.relatedAddress() != null) {
      related =
          component.findRemoteCandidate(
              new TransportAddress(
                  IpLiteral.parse(rc.relatedAddress()), rc.relatedPort(), Transport.UDP));
    }
    return new RemoteCandidate(
        new TransportAddress(rc.inetAddress(), rc.port(), Transport.UDP),
        component,
        CandidateType.parse(rc.type()),
        rc.foundation(),
        rc.priority(),
        related);
  }

  static PathType typeOf(CandidateType t) {
    switch (t) {
      case HOST_CANDIDATE:
      case LOCAL_CANDIDATE:
        return PathType.HOST;
      case SERVER_REFLEXIVE_CANDIDATE:
      case STUN_CANDIDATE:
        return PathType.SRFLX;
      case PEER_REFLEXIVE_CANDIDATE:
        return PathType.PRFLX;
      case RELAYED_CANDIDATE:
        return PathType.RELAY;
      default:
        throw new IllegalArgumentException("unknown candidate type " + t);
    }
  }
}
