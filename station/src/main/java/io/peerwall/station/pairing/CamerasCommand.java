package io.peerwall.station.pairing;

import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.HostPort;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.discovery.DiscoveredCamera;
import io.peerwall.p2p.identity.PeerId;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.station.StationSetup;
import io.peerwall.station.network.NetworkSettings;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code peerwall cameras list|remove}: the cameras this station is paired with. */
@Command(
    name = "cameras",
    description = "List the paired cameras, or remove one (forget its pinned key).",
    subcommands = {
      CamerasCommand.ListCameras.class,
      CamerasCommand.RemoveCamera.class,
      CamerasCommand.Discover.class
    })
public final class CamerasCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a cameras command is needed: list or remove");
  }

  /** {@code peerwall cameras list}. */
  @Command(name = "list", description = "List the paired cameras: ID, name, paired at, address.")
  public static final class ListCameras implements Callable<Integer> {
    @Mixin CommonOptions common;
    PrintStream out = System.out;

    @Override
    public Integer call() {
      StationCredentials st = StationSetup.open(common.prepare());
      List<PairedPeer> cams = st.trust().cameras();
      out.println("Station " + st.stationId());
      if (cams.isEmpty()) {
        out.println("No camera is paired yet. Pair one with: peerwall pair CAMERA-ID");
        return ExitCode.OK;
      }
      out.printf("%-34s  %-24s  %-20s  %s%n", "ID", "NAME", "PAIRED", "ADDRESS");
      for (PairedPeer p : cams) {
        out.printf(
            "%-34s  %-24s  %-20s  %s%n",
            p.id(),
            p.name(),
            Instant.ofEpochMilli(p.pairedAtMillis()).toString().substring(0, 19),
            p.address() == null ? "-" : p.address());
      }
      return ExitCode.OK;
    }
  }

  /** {@code peerwall cameras discover}: cameras announcing themselves on the LAN (mDNS). */
  @Command(
      name = "discover",
      description =
          "List cameras announcing themselves on the LAN (on the configured LAN addresses).")
  public static final class Discover implements Callable<Integer> {
    @Mixin CommonOptions common;

    @picocli.CommandLine.Option(
        names = "--lan",
        paramLabel = "ADDR",
        description = "Browse on this local address (default: the configured LAN addresses).")
    String lan;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
      io.peerwall.cli.AppDirs dirs = common.prepare();
      StationCredentials st = StationSetup.open(dirs);
      List<String> where = lan != null ? List.of(lan) : NetworkSettings.load(dirs).localAddresses();
      if (where.isEmpty()) {
        out.println("No LAN address configured: use --lan ADDR or 'peerwall network --lan ADDR'.");
        return ExitCode.USAGE;
      }
      for (String a : where) {
        java.net.InetAddress addr = HostPort.resolve(a + ":0").getAddress();
        for (DiscoveredCamera d :
            io.peerwall.p2p.discovery.LanDiscovery.browse(
                addr, java.time.Duration.ofSeconds(3), x -> true)) {
          boolean paired = st.trust().camera(d.cameraId()) != null;
          out.printf(
              "%-34s  %-24s  %s%s%n",
              d.cameraId(), d.name(), d.address(), paired ? "  (paired)" : "");
        }
      }
      return ExitCode.OK;
    }
  }

  /** {@code peerwall cameras remove CAMERA-ID}. */
  @Command(
      name = "remove",
      description = "Forget a paired camera (its pinned key). The camera keeps its own list.")
  public static final class RemoveCamera implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "CAMERA-ID")
    String cameraId;

    PrintStream out = System.out;

    @Override
    public Integer call() {
      String id;
      try {
        id = PeerId.parse(cameraId);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      StationCredentials st = StationSetup.open(common.prepare());
      if (!st.trust().remove(id)) {
        throw new UserFacingException(
            ExitCode.NOT_PAIRED, "camera " + id + " is not paired with this station");
      }
      out.println("Removed camera " + id + ".");
      return ExitCode.OK;
    }
  }
}
