package io.peerwall.desktop.pairing;

import io.peerwall.desktop.app.AppDirs;
import io.peerwall.desktop.app.UserFacingException;
import io.peerwall.p2p.discovery.DiscoveredCamera;
import io.peerwall.p2p.discovery.LanDiscovery;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.rendezvous.RendezvousLink;
import io.peerwall.p2p.signaling.SignalingClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Finds where to reach a camera by ID, in order: an explicit address; the LAN (mDNS on the
 * configured local addresses); the configured rendezvous. The result is only a route: what answers
 * there must still prove the ID.
 */
final class CameraLocator {
  private final AppDirs dirs;
  private final PrintStream out;

  CameraLocator(AppDirs dirs, PrintStream out) {
    this.dirs = dirs;
    this.out = out;
  }

  /** A way to reach the camera. */
  interface Located {
    PairedPeer pair(SignalingClient client, String cameraId, char[] password) throws IOException;
  }

  Located locate(String cameraId, InetSocketAddress explicit) {
    if (explicit != null) {
      return (client, id, pw) -> client.pair(explicit, id, pw);
    }
    NetworkSettings net = NetworkSettings.load(dirs);
    for (String local : net.localAddresses()) {
      try {
        InetAddress a = NetworkSettings.resolve(local + ":0").getAddress();
        List<DiscoveredCamera> seen = LanDiscovery.browse(a, Duration.ofSeconds(3), x -> true);
        for (DiscoveredCamera d : seen) {
          if (d.cameraId().equals(cameraId)) {
            out.println("Found camera " + cameraId + " on the LAN at " + d.address());
            return (client, id, pw) -> client.pair(d.address(), id, pw);
          }
        }
      } catch (IOException e) {
        out.println("LAN discovery on " + local + " failed: " + e.getMessage());
      }
    }
    InetSocketAddress rdv = net.rendezvousAddress();
    if (rdv != null) {
      return (client, id, pw) -> {
        try (RendezvousLink link = RendezvousLink.connect(rdv, Duration.ofSeconds(5))) {
          return client.pair(link.open(id), id, pw, null);
        }
      };
    }
    throw new UserFacingException(
        PairingExitCodes.UNKNOWN_ID,
        "camera "
            + cameraId
            + " was not found: give its address with --address HOST:PORT, or configure LAN"
            + " addresses or a rendezvous with 'peerwall network'");
  }
}
