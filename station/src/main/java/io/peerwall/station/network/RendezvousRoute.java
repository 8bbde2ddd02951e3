package io.peerwall.station.network;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.rendezvous.RendezvousAddress;
import io.peerwall.p2p.rendezvous.RendezvousIceServers;
import io.peerwall.p2p.rendezvous.RendezvousKeepalive;
import io.peerwall.p2p.rendezvous.RendezvousLink;
import io.peerwall.p2p.rendezvous.RendezvousPins;
import io.peerwall.p2p.rendezvous.RendezvousTrust;
import io.peerwall.p2p.signaling.MessageChannel;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The station's way to a camera through its rendezvous: the address from {@code network.json}, the
 * key pinned for it ({@code <config>/station/rendezvous-pins.json}: from the address's {@code #ID},
 * else on first use), a fresh link per channel (decision 0068: a station that moved never waits on
 * a dead link) and the rendezvous's STUN and TURN servers ({@link RendezvousIceServers}, asked at
 * most {@link #ICE_SERVERS_TIMEOUT} when a session gathers).
 */
public final class RendezvousRoute {
  /** How long a session's gathering waits for the rendezvous's STUN and TURN servers at most. */
  public static final Duration ICE_SERVERS_TIMEOUT = Duration.ofSeconds(3);

  /** How long connecting to the rendezvous may take. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final RendezvousAddress address;
  private final RendezvousTrust trust;

  public RendezvousRoute(RendezvousAddress address, RendezvousTrust trust) {
    this.address = Objects.requireNonNull(address);
    this.trust = Objects.requireNonNull(trust);
  }

  /** The configured rendezvous with its pins, or null when none is set. */
  public static RendezvousRoute of(AppDirs dirs, NetworkSettings settings) {
    RendezvousAddress a = settings.rendezvousAddress();
    if (a == null) {
      return null;
    }
    try {
      return new RendezvousRoute(
          a, RendezvousPins.open(NetworkSettings.pinsFile(dirs)).trustFor(a));
    } catch (IOException e) {
      throw new UserFacingException(
          ExitCode.DATA_DIR, "cannot use the rendezvous pins: " + e.getMessage(), e);
    }
  }

  public RendezvousAddress address() {
    return address;
  }

  /**
   * Opens a signaling channel to the camera on a new link; closing the channel closes the link.
   *
   * @throws io.peerwall.p2p.rendezvous.RendezvousException UNREACHABLE, NO_ANSWER, KEY_MISMATCH...
   *     (decision 0069); a camera that is not registered shows on the channel's first read
   */
  public MessageChannel open(String cameraId) throws IOException {
    RendezvousLink link =
        RendezvousLink.connect(address, trust, RendezvousKeepalive.DEFAULT, CONNECT_TIMEOUT);
    return link.openOwning(cameraId);
  }

  /** The rendezvous's STUN and TURN servers for the station's sessions (never throws). */
  public RendezvousIceServers iceServers(Identity station, Clock clock) {
    return new RendezvousIceServers(address, trust, station, ICE_SERVERS_TIMEOUT, clock);
  }
}
