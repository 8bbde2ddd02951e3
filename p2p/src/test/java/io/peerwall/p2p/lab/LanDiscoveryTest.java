package io.peerwall.p2p.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.testsupport.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * mDNS/DNS-SD with real JmDNS, bound to one address inside a lab namespace (multicast never leaves
 * the namespaces the test made): a camera announced there is found with its checksummed ID, its
 * address and port.
 */
@Timeout(60)
class LanDiscoveryTest {
  @Test
  void announcedCameraIsFoundWithItsIdOnTheChosenInterfaceOnly() throws Exception {
    String why = NatLab.unavailableReason();
    Environment.require(why == null, why);
    try (NatLab lab = NatLab.create();
        ChildJvm camera =
            ChildJvm.start(lab.hostA(), "mdns-announce", "--bind", NatLab.HOST_A_IP)) {
      String announced = camera.await("ANNOUNCED", 20_000);
      assertThat(announced).as("announced: " + camera.all).isNotNull();
      String id = announced.split(" ")[1];
      // A station on the same LAN segment (router A's LAN side), browsing on its own address.
      try (ChildJvm station = ChildJvm.start(lab.routerA(), "mdns-browse", "--bind", "10.1.0.1")) {
        String found = station.await("FOUND", 20_000);
        assertThat(found)
            .as("found: " + station.all)
            .isEqualTo("FOUND " + id + " " + NatLab.HOST_A_IP + " 7700");
      }
      // Nothing crosses the NAT router: a station on the other LAN sees nothing.
      try (ChildJvm far = ChildJvm.start(lab.hostB(), "mdns-browse", "--bind", NatLab.HOST_B_IP)) {
        assertThat(far.await("DONE", 20_000)).isNotNull();
        assertThat(far.all).noneMatch(l -> l.startsWith("FOUND"));
      }
    }
  }
}
