package io.peerwall.station.network;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.PasswordInput;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall network}: shows or changes the station's STUN/TURN/rendezvous/LAN settings.
 * Options replace the stored value; no option shows the settings.
 */
@Command(
    name = "network",
    description = "Show or set the station's STUN and TURN servers, rendezvous and LAN addresses.")
public final class NetworkCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--stun", paramLabel = "HOST:PORT", split = ",", description = "STUN servers.")
  List<String> stun;

  @Option(names = "--turn", paramLabel = "HOST:PORT", description = "A TURN server (UDP).")
  String turn;

  @Option(names = "--turn-user", paramLabel = "NAME", description = "TURN user name.")
  String turnUser;

  @Option(
      names = "--turn-password-file",
      paramLabel = "FILE",
      description = "TURN password, first line of FILE.")
  Path turnPasswordFile;

  @Option(names = "--rendezvous", paramLabel = "HOST:PORT", description = "The rendezvous.")
  String rendezvous;

  @Option(
      names = "--lan",
      paramLabel = "ADDR",
      split = ",",
      description = "Local addresses ICE and LAN discovery may use (default: loopback only).")
  List<String> lan;

  @Option(names = "--clear", description = "Forget all network settings.")
  boolean clear;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    AppDirs dirs = common.prepare();
    NetworkSettings s = clear ? NetworkSettings.empty() : NetworkSettings.load(dirs);
    boolean changed = clear;
    if (stun != null) {
      s = new NetworkSettings(stun, s.turn(), s.rendezvous(), s.localAddresses());
      changed = true;
    }
    if (turn != null) {
      char[] pw = PasswordInput.read(turnPasswordFile, "TURN password: ");
      List<NetworkSettings.Turn> t = new ArrayList<>();
      t.add(new NetworkSettings.Turn(turn, turnUser == null ? "" : turnUser, new String(pw)));
      Arrays.fill(pw, '\0');
      s = new NetworkSettings(s.stun(), t, s.rendezvous(), s.localAddresses());
      changed = true;
    }
    if (rendezvous != null) {
      s = new NetworkSettings(s.stun(), s.turn(), rendezvous, s.localAddresses());
      changed = true;
    }
    if (lan != null) {
      s = new NetworkSettings(s.stun(), s.turn(), s.rendezvous(), lan);
      changed = true;
    }
    if (changed) {
      s.save(dirs);
      out.println("Network settings saved.");
    }
    out.println("STUN:       " + (s.stun().isEmpty() ? "-" : String.join(", ", s.stun())));
    out.println(
        "TURN:       "
            + (s.turn().isEmpty()
                ? "-"
                : s.turn().stream().map(t -> t.address() + " as " + t.username()).toList()));
    out.println("Rendezvous: " + (s.rendezvous() == null ? "-" : s.rendezvous()));
    out.println(
        "LAN:        "
            + (s.localAddresses().isEmpty()
                ? "loopback only"
                : String.join(", ", s.localAddresses())));
    return ExitCode.OK;
  }
}
