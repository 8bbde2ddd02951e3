package io.peerwall.app;

import io.peerwall.app.demo.DemoCommand;
import io.peerwall.camera.cli.CameraCommand;
import io.peerwall.cli.VersionProvider;
import io.peerwall.station.audit.AuditCommand;
import io.peerwall.station.custody.BookmarksCommand;
import io.peerwall.station.custody.ExportsCommand;
import io.peerwall.station.custody.LockCommand;
import io.peerwall.station.custody.SigningKeyCommand;
import io.peerwall.station.custody.VerifyExportCommand;
import io.peerwall.station.network.NetworkCommand;
import io.peerwall.station.pairing.CamerasCommand;
import io.peerwall.station.pairing.PairCommand;
import io.peerwall.station.recordings.ExportCommand;
import io.peerwall.station.recordings.RecordingsCommand;
import io.peerwall.station.rendezvous.RendezvousCommand;
import io.peerwall.station.run.StationCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root {@code peerwall} command: only dispatches to its subcommands. {@code bench} is not
 * listed here: {@link Main} adds it at run time as a {@link io.peerwall.cli.PluggableCommand}, so
 * nothing depends on the bench module.
 */
@Command(
    name = "peerwall",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Watch a wall of cameras over direct, peer-to-peer sessions.",
    subcommands = {
      DemoCommand.class,
      StationCommand.class,
      CameraCommand.class,
      PairCommand.class,
      CamerasCommand.class,
      NetworkCommand.class,
      RendezvousCommand.class,
      RecordingsCommand.class,
      ExportCommand.class,
      VerifyExportCommand.class,
      ExportsCommand.class,
      LockCommand.class,
      BookmarksCommand.class,
      SigningKeyCommand.class,
      AuditCommand.class
    },
    footer = {"", "Start with: peerwall demo"})
public final class PeerWallCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is needed (for example: demo)");
  }
}
