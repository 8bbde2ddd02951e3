package io.peerwall.p2p.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * p2p's mDNS discovery in a process of its own, for tests that need peers apart: in network
 * namespaces ({@link LanDiscoveryTest}). Prints one line per event on stdout ({@code ANNOUNCED},
 * {@code FOUND}, {@code DONE}) for the test to read. It is no camera and no station: tests of
 * sessions and reach run the product's own commands or the classes they run ({@code camera serve}
 * in the station's {@code SessionSupervisorTest}, app's {@code NatMatrixTest}).
 *
 * <pre>
 * mdns-announce --bind A
 * mdns-browse --bind A
 * </pre>
 */
public final class LabPeer {
  private LabPeer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      o.put(args[i], args[i + 1]);
    }
    if (args[0].equals("mdns-announce")) {
      String id = io.peerwall.p2p.identity.Identity.generate().id();
      try (io.peerwall.p2p.discovery.LanDiscovery.Announcement a =
          io.peerwall.p2p.discovery.LanDiscovery.announce(
              addr(o.get("--bind")), id, "Lab camera", 7700)) {
        System.out.println("ANNOUNCED " + id);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
      }
    } else if (args[0].equals("mdns-browse")) {
      for (io.peerwall.p2p.discovery.DiscoveredCamera d :
          io.peerwall.p2p.discovery.LanDiscovery.browse(
              addr(o.get("--bind")), Duration.ofSeconds(4), x -> true)) {
        System.out.println(
            "FOUND "
                + d.cameraId()
                + " "
                + d.address().getAddress().getHostAddress()
                + " "
                + d.address().getPort());
      }
      System.out.println("DONE");
      System.out.flush();
      System.exit(0);
    } else {
      throw new IllegalArgumentException(
          "unknown role " + args[0] + " (mdns-announce, mdns-browse)");
    }
  }

  public static InetAddress addr(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (IOException e) {
      throw new IllegalArgumentException(s);
    }
  }
}
