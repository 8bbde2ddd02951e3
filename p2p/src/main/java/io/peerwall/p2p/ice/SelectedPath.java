package io.peerwall.p2p.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The candidate pair ICE selected.
 *
 * @param type overall path type: relay if either end is relayed, else srflx/prflx if either end is
 *     reflexive, else host
 * @param local our candidate's transport address
 * @param localType our candidate's type
 * @param remote the peer's candidate's transport address
 * @param remoteType the peer's candidate's type (a peer-reflexive candidate that matches a signaled
 *     one is reported with the signaled type)
 * @param localHost the address of this machine the path leaves from (the host candidate under a
 *     reflexive or relayed one), or null if unknown: when it goes away, so does the path
 */
public record SelectedPath(
    PathType type,
    InetSocketAddress local,
    PathType localType,
    InetSocketAddress remote,
    PathType remoteType,
    InetAddress localHost) {

  /** LAN, direct or relay: what tiles and stats show. */
  public PathKind kind() {
    return PathKind.of(localType, local.getAddress(), remoteType, remote.getAddress());
  }

  static PathType combine(PathType local, PathType remote) {
    if (local == PathType.RELAY || remote == PathType.RELAY) {
      return PathType.RELAY;
    }
    if (local == PathType.SRFLX || remote == PathType.SRFLX) {
      return PathType.SRFLX;
    }
    if (local == PathType.PRFLX || remote == PathType.PRFLX) {
      return PathType.PRFLX;
    }
    return PathType.HOST;
  }
}
