package io.peerwall.camera.cli;

import io.peerwall.camera.CameraAgent;
import io.peerwall.cli.HostPort;
import io.peerwall.p2p.discovery.LanDiscovery;
import io.peerwall.p2p.rendezvous.CameraRegistration;
import io.peerwall.p2p.signaling.SignalingServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;

/**
 * How stations find a served camera besides its address: an mDNS announcement on the bound LAN
 * address (not on loopback, where stations connect directly) and a rendezvous registration when one
 * is given. Closing withdraws both.
 */
public final class CameraReach implements AutoCloseable {
  private final LanDiscovery.Announcement announcement;
  private final CameraRegistration registration;

  private CameraReach(LanDiscovery.Announcement a, CameraRegistration r) {
    this.announcement = a;
    this.registration = r;
  }

  public static CameraReach open(
      CameraAgent agent, InetAddress bind, String rendezvous, PrintStream out) {
    LanDiscovery.Announcement a = null;
    if (!bind.isLoopbackAddress() && !bind.isAnyLocalAddress()) {
      try {
        a = LanDiscovery.announce(bind, agent.cameraId(), agent.name(), agent.port());
        out.println("Announced on the LAN (mDNS) on " + bind.getHostAddress() + ".");
      } catch (IOException e) {
        out.println("LAN announcement failed: " + e.getMessage());
      }
    }
    CameraRegistration r = null;
    if (rendezvous != null) {
      r =
          new CameraRegistration(
              HostPort.resolve(rendezvous), agent.credentials().identity(), server(agent));
      r.start();
      out.println("Registering with rendezvous " + rendezvous + ".");
    }
    return new CameraReach(a, r);
  }

  private static SignalingServer server(CameraAgent agent) {
    return agent.signalingServer();
  }

  @Override
  public void close() {
    if (registration != null) {
      registration.close();
    }
    if (announcement != null) {
      announcement.close();
    }
  }
}
