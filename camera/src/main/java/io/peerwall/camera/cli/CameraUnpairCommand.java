package io.peerwall.camera.cli;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.PairedPeer;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peerwall camera unpair STATION}: forgets a station's pinned key (by ID or name). */
@Command(name = "unpair", description = "Forget a paired station; it must pair again to watch.")
public final class CameraUnpairCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--name", defaultValue = "PeerWall camera", description = "Which camera.")
  String name;

  @Parameters(paramLabel = "STATION", description = "The station's ID or name.")
  String station;

  PrintStream out = System.out;

  @Override
  public Integer call() {
    AppDirs dirs = common.prepare();
    Path dir = CameraState.dir(dirs, name);
    CameraCredentials c = CameraState.openExisting(dir, name);
    CameraState.requireNotServing(dir, "unpair here");
    List<PairedPeer> matches =
        c.store().stations().stream()
            .filter(p -> p.id().equalsIgnoreCase(station) || p.name().equals(station))
            .toList();
    if (matches.isEmpty()) {
      throw new UserFacingException(
          ExitCode.NOT_PAIRED, "no paired station '" + station + "'; see ./peerwall camera status");
    }
    if (matches.size() > 1) {
      throw new UserFacingException(
          ExitCode.USAGE, "several stations are called '" + station + "'; give its ID");
    }
    PairedPeer p = matches.get(0);
    try {
      c.store().unpair(p.id());
    } catch (UncheckedIOException e) {
      throw new UserFacingException(
          ExitCode.DATA_DIR, "cannot store the change (" + e.getCause().getMessage() + ")", e);
    }
    out.printf("Station %s ('%s') is no longer paired.%n", p.id(), p.name());
    return ExitCode.OK;
  }
}
