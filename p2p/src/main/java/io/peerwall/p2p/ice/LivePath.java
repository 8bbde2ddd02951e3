package io.peerwall.p2p.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.LocalCandidate;

/**
 * The selected pair of a connected {@link IceSession}: what it is ({@link SelectedPath}), the
 * datagram transport on it, and the watch that decides when it is lost ({@link PathWatch}).
 */
final class LivePath {
  private final CandidatePair pair;
  private final SelectedPath path;
  private final IcePairTransport transport;
  private final PathWatch watch;

  private LivePath(CandidatePair pair, SelectedPath path, IcePairTransport transport, PathWatch w) {
    this.pair = pair;
    this.path = path;
    this.transport = transport;
    this.watch = w;
  }

  /**
   * Describes the pair and opens (starts reading) its transport.
   *
   * @param remote the peer's description: a peer-reflexive remote that the peer did signal is
   *     reported with the signaled type (its check may arrive before its description is applied)
   */
  static LivePath open(
      String id, CandidatePair pair, IceDescription remote, Duration silenceLimit, int queue) {
    PathType localType = CandidateMapping.typeOf(pair.getLocalCandidate().getType());
    TransportAddress remoteAddr = pair.getRemoteCandidate().getTransportAddress();
    PathType remoteType = CandidateMapping.typeOf(pair.getRemoteCandidate().getType());
    if (remoteType == PathType.PRFLX) {
      for (IceCandidate rc : remote.candidates()) {
        if (rc.port() == remoteAddr.getPort() && rc.inetAddress().equals(remoteAddr.getAddress())) {
          remoteType = PathType.fromSdpName(rc.type());
          break;
        }
      }
    }
    TransportAddress localAddr = pair.getLocalCandidate().getTransportAddress();
    SelectedPath path =
        new SelectedPath(
            SelectedPath.combine(localType, remoteType),
            new InetSocketAddress(localAddr.getAddress(), localAddr.getPort()),
            localType,
            new InetSocketAddress(remoteAddr.getAddress(), remoteAddr.getPort()),
            remoteType,
            hostAddressOf(pair.getLocalCandidate()));
    IcePairTransport transport = new IcePairTransport(id, pair, queue);
    transport.start();
    return new LivePath(pair, path, transport, new PathWatch(silenceLimit, System::nanoTime));
  }

  /** The host candidate's address under {@code c} (itself, its base, or its relay's base). */
  static InetAddress hostAddressOf(LocalCandidate c) {
    LocalCandidate at = c;
    for (int hops = 0; at != null && hops < 4; hops++) {
      if (at.getType() == CandidateType.HOST_CANDIDATE) {
        return at.getTransportAddress().getAddress();
      }
      LocalCandidate next =
          at.getType() == CandidateType.RELAYED_CANDIDATE ? at.getRelatedCandidate() : at.getBase();
      at = next == at ? null : next;
    }
    return null;
  }

  CandidatePair pair() {
    return pair;
  }

  SelectedPath path() {
    return path;
  }

  IcePairTransport transport() {
    return transport;
  }

  PathWatch watch() {
    return watch;
  }

  /** Why the path counts as lost now, or null. */
  String lostBecause() {
    return watch.lostBecause(transport.lastReceivedNanos());
  }
}
