package io.peerwall.station.pairing;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.HostPort;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.discovery.DiscoveredCamera;
import io.peerwall.p2p.discovery.LanDiscovery;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.signaling.MessageChannel;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.station.network.NetworkSettings;
import io.peerwall.station.network.RendezvousRoute;
import io.peerwall.station.reach.LanDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds where {@code peerwall pair} reaches a camera by ID, in order: an explicit address; the LAN
 * (mDNS on the configured local addresses); the configured rendezvous. The result is only a route:
 * what answers there must still prove the ID. The wall's "add camera" ({@link
 * StationPairingService}) goes the same ways through the station's running {@code LanDirectory}.
 */
public final class CameraLocator {
  /** How long one mDNS browse listens on one local address. */
  static final Duration BROWSE_WAIT = Duration.ofSeconds(3);

  /** A way to reach the camera. */
  interface Located {
    PairedPeer pair(SignalingClient client, String cameraId, char[] password) throws IOException;
  }

  private final AppDirs dirs;
  private final Consumer<String> say;
  private final LanDirectory.Browser lan;

  CameraLocator(AppDirs dirs, PrintStream out) {
    this(dirs, out::println, (a, wait) -> LanDiscovery.browse(a, wait, x -> true));
  }

  /**
   * @param say where progress and discovery failures are told (the console, or the log)
   * @param lan the mDNS browse; LanDiscovery's except where multicast cannot run (tests)
   */
  CameraLocator(AppDirs dirs, Consumer<String> say, LanDirectory.Browser lan) {
    this.dirs = dirs;
    this.say = say;
    this.lan = lan;
  }

  /**
   * Every camera announced on the configured local addresses (none configured: none browsed, as
   * mDNS is never sent anywhere the user did not choose). Blocks for {@link #BROWSE_WAIT} per
   * address.
   */
  List<DiscoveredCamera> browseLan() {
    List<DiscoveredCamera> found = new ArrayList<>();
    for (String local : NetworkSettings.load(dirs).localAddresses()) {
      try {
        InetAddress a = HostPort.resolve(local + ":0").getAddress();
        for (DiscoveredCamera d : lan.browse(a, BROWSE_WAIT)) {
          if (found.stream().noneMatch(f -> f.cameraId().equals(d.cameraId()))) {
            found.add(d);
          }
        }
      } catch (IOException | UserFacingException e) {
        say.accept("LAN discovery on " + local + " failed: " + e.getMessage());
      }
    }
    return found;
  }

  /** The camera's address on the LAN among {@code seen}, or null. */
  static InetSocketAddress onLan(List<DiscoveredCamera> seen, String cameraId) {
    for (DiscoveredCamera d : seen) {
      if (d.cameraId().equals(cameraId)) {
        return d.address();
      }
    }
    return null;
  }

  Located locate(String cameraId, InetSocketAddress explicit) {
    if (explicit != null) {
      return (client, id, pw) -> client.pair(explicit, id, pw);
    }
    InetSocketAddress found = onLan(browseLan(), cameraId);
    if (found != null) {
      say.accept("Found camera " + cameraId + " on the LAN at " + found);
      return (client, id, pw) -> client.pair(found, id, pw);
    }
    RendezvousRoute rdv = RendezvousRoute.of(dirs, NetworkSettings.load(dirs));
    if (rdv != null) {
      say.accept("Looking for camera " + cameraId + " through rendezvous " + rdv.address());
      return (client, id, pw) -> {
        try (MessageChannel channel = rdv.open(id)) {
          return client.pair(channel, id, pw, null);
        }
      };
    }
    throw new UserFacingException(
        ExitCode.UNKNOWN_ID,
        "camera "
            + cameraId
            + " was not found: give its address with --address HOST:PORT, or configure LAN"
            + " addresses or a rendezvous with 'peerwall network'");
  }
}
