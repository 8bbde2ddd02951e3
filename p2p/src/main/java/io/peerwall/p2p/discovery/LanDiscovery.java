package io.peerwall.p2p.discovery;

import io.peerwall.p2p.identity.PeerId;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LAN discovery over mDNS/DNS-SD (JmDNS): cameras announce {@code _peerwall._tcp.local.} with TXT
 * {@code id=<camera ID>, v=2}; stations browse for it.
 *
 * <p>Interface policy: JmDNS is always created on one explicit local address ({@code
 * JmDNS.create(address)} binds its multicast socket to that interface only), never "all interfaces"
 * — the same rule as our ICE host candidates. Announced and resolved addresses outside the caller's
 * {@code allowed} policy are ignored.
 *
 * <p>JmDNS pitfall handled: a first resolve may come back without TXT data; entries without a
 * valid, checksummed ID in TXT are resolved again (with a timeout) instead of being listed.
 */
public final class LanDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(LanDiscovery.class);
  public static final String SERVICE_TYPE = "_peerwall._tcp.local.";

  private LanDiscovery() {}

  /** A running announcement; close it to withdraw. */
  public static final class Announcement implements AutoCloseable {
    private final JmDNS jmdns;

    private Announcement(JmDNS jmdns) {
      this.jmdns = jmdns;
    }

    /**
     * Withdraws the announcement (mDNS goodbye) and closes JmDNS, waiting at most {@link
     * #CLOSE_WAIT_MILLIS}: JmDNS's close waits up to 5 s for its timers, which made a camera take
     * 5-6 s to stop on SIGTERM. Whatever is left finishes on the daemon thread {@code
     * p2p-mdns-close}; a station that misses the goodbye drops the record when its TTL ends.
     */
    @Override
    public void close() {
      Thread closer =
          NamedThreadFactory.start(
              "p2p-mdns-close",
              () -> {
                try {
                  jmdns.unregisterAllServices();
                  jmdns.close();
                } catch (IOException | RuntimeException e) {
                  LOG.debug("mDNS close: {}", e.toString());
                }
              });
      try {
        closer.join(CLOSE_WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** How long closing an announcement waits for JmDNS. */
  static final long CLOSE_WAIT_MILLIS = 1_000;

  /**
   * Announces a camera on the interface of {@code address}.
   *
   * @param port the camera's signaling port on {@code address}
   */
  public static Announcement announce(InetAddress address, String cameraId, String name, int port)
      throws IOException {
    JmDNS jmdns = JmDNS.create(address, "peerwall-" + cameraId.substring(0, 4).toLowerCase());
    Map<String, String> txt = new LinkedHashMap<>();
    txt.put("id", cameraId);
    txt.put("v", "2");
    String instance = safeInstance(name) + " " + cameraId.substring(0, 9);
    ServiceInfo info = ServiceInfo.create(SERVICE_TYPE, instance, port, 0, 0, txt);
    jmdns.registerService(info);
    LOG.info(
        "announced camera {} on {} port {} via mDNS", cameraId, address.getHostAddress(), port);
    return new Announcement(jmdns);
  }

  /**
   * Browses for cameras on the interface of {@code address} for {@code wait}.
   *
   * @param allowed addresses that may be connected to (others are ignored)
   */
  public static List<DiscoveredCamera> browse(
      InetAddress address, Duration wait, Predicate<InetAddress> allowed) throws IOException {
    List<DiscoveredCamera> found = new ArrayList<>();
    try (JmDNS jmdns = JmDNS.create(address, "peerwall-station")) {
      ServiceInfo[] infos = jmdns.list(SERVICE_TYPE, wait.toMillis());
      for (ServiceInfo info : infos) {
        String id = txtId(info);
        if (id == null) {
          // First resolve without TXT: ask again for this instance.
          ServiceInfo again = jmdns.getServiceInfo(SERVICE_TYPE, info.getName(), true, 1000);
          id = again == null ? null : txtId(again);
          if (again != null) {
            info = again;
          }
        }
        if (id == null) {
          LOG.debug("mDNS: {} has no valid id in TXT; ignored", info.getName());
          continue;
        }
        for (InetAddress a : info.getInetAddresses()) {
          if (a instanceof Inet4Address && allowed.test(a)) {
            found.add(
                new DiscoveredCamera(id, info.getName(), new InetSocketAddress(a, info.getPort())));
            break;
          }
        }
      }
    }
    return found;
  }

  static String txtId(ServiceInfo info) {
    String id = info.getPropertyString("id");
    return id != null && PeerId.isCanonical(id) ? id : null;
  }

  private static String safeInstance(String name) {
    String s = name.replaceAll("[^\\p{L}\\p{N} _-]", "").strip();
    if (s.isEmpty()) {
      s = "PeerWall camera";
    }
    return s.length() > 40 ? s.substring(0, 40) : s;
  }
}
