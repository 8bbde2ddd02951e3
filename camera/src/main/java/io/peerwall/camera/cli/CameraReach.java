package io.peerwall.camera.cli;

import io.peerwall.camera.CameraAgent;
import io.peerwall.camera.ReachSettings;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.discovery.LanDiscovery;
import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.ice.IceServerList;
import io.peerwall.p2p.ice.IceServerSource;
import io.peerwall.p2p.ice.LocalAddressWatch;
import io.peerwall.p2p.ice.SealedTurnServer;
import io.peerwall.p2p.ice.TurnServer;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.identity.SealedSecret;
import io.peerwall.p2p.rendezvous.CameraRegistration;
import io.peerwall.p2p.rendezvous.RendezvousAddress;
import io.peerwall.p2p.rendezvous.RendezvousException;
import io.peerwall.p2p.rendezvous.RendezvousKeepalive;
import io.peerwall.p2p.rendezvous.RendezvousPins;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How stations reach a served camera besides its address: an mDNS announcement on the bound LAN
 * address (not on loopback, where stations connect directly), a registration with the rendezvous
 * (its key pinned in {@code rendezvous-pins.json} in the camera's directory), and the STUN and TURN
 * servers its sessions gather from: its own (settings) and the rendezvous's (granted with
 * credentials that expire, kept fresh by the registration). When this machine's addresses change,
 * the registration is made again at once (decision 0068 left this to the camera: its link's
 * keep-alive alone takes 12 s). Closing withdraws everything.
 *
 * <p>Threads: the registration's ({@code p2p-rdv-reg-<port>}), the address watch ({@code
 * p2p-address-watch}) and {@code camera-reach-status}, which prints the registration's changes.
 */
public final class CameraReach implements AutoCloseable {
  /** The rendezvous pins of a camera: {@code <camera dir>/rendezvous-pins.json}. */
  static final String PINS_FILE = "rendezvous-pins.json";

  private final LanDiscovery.Announcement announcement;
  private final CameraRegistration registration;
  private final RendezvousAddress rendezvous;
  private final LocalAddressWatch watch;
  private final ScheduledExecutorService status;
  private final PrintStream out;
  private String lastSaid = "";

  private CameraReach(
      LanDiscovery.Announcement a,
      CameraRegistration r,
      RendezvousAddress rendezvous,
      LocalAddressWatch watch,
      PrintStream out) {
    this.announcement = a;
    this.registration = r;
    this.rendezvous = rendezvous;
    this.watch = watch;
    this.out = out;
    this.status =
        r == null
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                NamedThreadFactory.single("camera-reach-status"));
  }

  /**
   * The ICE settings of the camera's sessions: host candidates on loopback when it serves loopback
   * only (tests, a station on the same machine), else on every suitable interface (decision 0067);
   * STUN and TURN from the settings and from {@code granted} (the rendezvous's, filled by the
   * registration).
   *
   * @param offered the addresses the camera serves on ({@code OfferedAddresses})
   */
  static IceConfig ice(
      List<InetAddress> offered,
      ReachSettings settings,
      Identity identity,
      IceServerSource.Holder granted,
      PrintStream out) {
    IceConfig.Builder b = IceConfig.builder();
    if (offered.stream().allMatch(InetAddress::isLoopbackAddress)) {
      b.localAddresses(offered);
    } else {
      b.allInterfaces();
    }
    IceServerList own = ownServers(settings, identity, out);
    return b.iceServers(IceServerSource.both(IceServerSource.fixed(own), granted)).build();
  }

  /** The camera's own STUN and TURN servers, resolved now; one that cannot be is left out. */
  private static IceServerList ownServers(
      ReachSettings settings, Identity identity, PrintStream out) {
    List<InetSocketAddress> stun = new ArrayList<>();
    for (String s : settings.stun()) {
      try {
        stun.add(SealedTurnServer.resolve(s));
      } catch (UnknownHostException e) {
        out.printf("STUN server %s is left out: %s%n", s, e.getMessage());
      }
    }
    List<TurnServer> turn = new ArrayList<>();
    for (SealedTurnServer t : settings.turn()) {
      try {
        turn.add(t.open(identity));
      } catch (UnknownHostException e) {
        out.printf("TURN server %s is left out: %s%n", t.address(), e.getMessage());
      } catch (SealedSecret.UnreadableException e) {
        throw new UserFacingException(
            ExitCode.DATA_DIR,
            "the TURN password saved for "
                + t.address()
                + " cannot be read ("
                + e.getMessage()
                + "); set it again with: camera serve --turn "
                + t.address()
                + " --turn-user "
                + t.username(),
            e);
      }
    }
    return new IceServerList(stun, turn);
  }

  /**
   * Announces and registers.
   *
   * @param dir the camera's directory (for the rendezvous pins)
   * @param granted where the registration puts the rendezvous's STUN and TURN servers
   */
  public static CameraReach open(
      CameraAgent agent,
      Path dir,
      InetAddress bind,
      ReachSettings settings,
      IceServerSource.Holder granted,
      PrintStream out) {
    LanDiscovery.Announcement a = null;
    if (!bind.isLoopbackAddress() && !bind.isAnyLocalAddress()) {
      try {
        a = LanDiscovery.announce(bind, agent.cameraId(), agent.name(), agent.port());
        out.println("Announced on the LAN (mDNS) on " + bind.getHostAddress() + ".");
      } catch (IOException e) {
        out.println("LAN announcement failed: " + e.getMessage());
      }
    }
    RendezvousAddress rdv = settings.rendezvousAddress();
    if (rdv == null) {
      return new CameraReach(a, null, null, null, out);
    }
    CameraRegistration r;
    try {
      RendezvousPins pins = RendezvousPins.open(dir.resolve(PINS_FILE));
      r =
          new CameraRegistration(
              rdv,
              pins.trustFor(rdv),
              agent.credentials().identity(),
              agent.signalingServer(),
              granted,
              RendezvousKeepalive.DEFAULT);
    } catch (IOException e) {
      if (a != null) {
        a.close();
      }
      throw new UserFacingException(
          ExitCode.DATA_DIR, "cannot use the rendezvous pins: " + e.getMessage(), e);
    }
    LocalAddressWatch watch = LocalAddressWatch.start();
    CameraReach reach = new CameraReach(a, r, rdv, watch, out);
    watch.onChange(change -> r.relink("this machine's addresses changed: " + change.after()));
    r.start();
    out.println("Registering with rendezvous " + rdv + ".");
    reach.status.scheduleWithFixedDelay(reach::sayChanges, 200, 500, TimeUnit.MILLISECONDS);
    return reach;
  }

  /** Prints the registration's state when it changes ("registered", or what is wrong). */
  private void sayChanges() {
    String now = describe();
    if (!now.equals(lastSaid)) {
      lastSaid = now;
      out.println(now);
      out.flush();
    }
  }

  /** The registration in one line, for the console and the status file. */
  String describe() {
    if (registration == null) {
      return "No rendezvous: stations reach this camera on its network only.";
    }
    if (registration.registered()) {
      return "Registered with rendezvous "
          + rendezvous.hostPort()
          + ": stations reach this camera by its ID.";
    }
    RendezvousException p = registration.problem();
    return p == null
        ? "Registering with rendezvous " + rendezvous.hostPort() + "..."
        : "Not registered with rendezvous " + rendezvous.hostPort() + ": " + p.getMessage();
  }

  /** The rendezvous part of the status file. */
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("address", rendezvous == null ? null : rendezvous.toString());
    m.put("registered", registration != null && registration.registered());
    RendezvousException p = registration == null ? null : registration.problem();
    m.put("problem", p == null ? "" : p.kind() + ": " + p.getMessage());
    m.put("registrations", registration == null ? 0 : registration.registrations());
    return m;
  }

  @Override
  public void close() {
    if (status != null) {
      status.shutdownNow();
    }
    if (watch != null) {
      watch.close();
    }
    if (registration != null) {
      registration.close();
    }
    if (announcement != null) {
      announcement.close();
    }
  }
}
