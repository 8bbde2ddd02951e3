package io.peerwall.p2p.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;

/** Applies a peer's description to a component: credentials, then its usable candidates. */
final class RemoteCandidates {
  private RemoteCandidates() {}

  /**
   * Sets the remote ufrag and password and adds every candidate the policy allows, once per address
   * and port.
   *
   * @return how many candidates were refused (by the policy, or as repeats)
   */
  static int apply(Component component, IceDescription remote, Predicate<InetAddress> policy) {
    IceMediaStream stream = component.getParentStream();
    stream.setRemoteUfrag(remote.ufrag());
    stream.setRemotePassword(remote.password());
    int refused = 0;
    Set<InetSocketAddress> seen = new HashSet<>();
    for (IceCandidate rc : remote.candidates()) {
      InetAddress addr = rc.inetAddress();
      if (!policy.test(addr) || !seen.add(new InetSocketAddress(addr, rc.port()))) {
        refused++;
        continue;
      }
      component.addRemoteCandidate(CandidateMapping.toRemoteCandidate(rc, component));
    }
    return refused;
  }
}
