package io.peerwall.station.network;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.PasswordInput;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.ice.SealedTurnServer;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.rendezvous.RendezvousAddress;
import io.peerwall.p2p.rendezvous.RendezvousPins;
import io.peerwall.station.StationSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall network}: shows or changes the station's rendezvous, STUN and TURN servers and
 * LAN addresses. Options replace the stored value; no option shows the settings.
 */
@Command(
    name = "network",
    description = {
      "Show or set how this station reaches cameras: the rendezvous (cameras by ID from anywhere),"
          + " STUN and TURN servers of its own, and the LAN addresses for discovery (mDNS).",
      "The rendezvous tells the station its STUN and TURN servers; set --stun/--turn only for"
          + " servers without a rendezvous."
    })
public final class NetworkCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--rendezvous",
      paramLabel = "HOST:PORT[#ID]",
      description =
          "The rendezvous cameras register with ('off' forgets it). With #ID (printed by"
              + " 'peerwall rendezvous') its key is pinned at once, else on first use.")
  String rendezvous;

  @Option(names = "--stun", paramLabel = "HOST:PORT", split = ",", description = "STUN servers.")
  List<String> stun;

  @Option(names = "--turn", paramLabel = "HOST:PORT", description = "A TURN server (UDP).")
  String turn;

  @Option(names = "--turn-user", paramLabel = "NAME", description = "TURN user name.")
  String turnUser;

  @Option(
      names = "--turn-password-file",
      paramLabel = "FILE",
      description = "TURN password, first line of FILE (asked for when missing); stored sealed.")
  Path turnPasswordFile;

  @Option(
      names = "--no-turn",
      description = "Forget the TURN server (the rendezvous's are still used).")
  boolean noTurn;

  @Option(
      names = "--lan",
      paramLabel = "ADDR",
      split = ",",
      description =
          "This station's LAN addresses, where it looks for cameras (mDNS) and \"Add camera\""
              + " finds them (default: none).")
  List<String> lan;

  @Option(names = "--clear", description = "Forget all network settings.")
  boolean clear;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    AppDirs dirs = common.prepare();
    NetworkSettings s = clear ? NetworkSettings.empty() : NetworkSettings.load(dirs);
    boolean changed = clear;
    if (turn == null && (turnUser != null || turnPasswordFile != null)) {
      throw new UserFacingException(
          ExitCode.USAGE, "--turn-user and --turn-password-file go with --turn HOST:PORT");
    }
    try {
      if (stun != null) {
        s = s.withStun(stun);
        changed = true;
      }
      if (noTurn) {
        s = s.withTurn(List.of());
        changed = true;
      }
      if (turn != null) {
        if (turnUser == null || turnUser.isBlank()) {
          throw new UserFacingException(ExitCode.USAGE, "--turn needs --turn-user NAME");
        }
        StationCredentials station = StationSetup.open(dirs);
        char[] pw = PasswordInput.read(turnPasswordFile, "TURN password: ");
        try {
          s =
              s.withTurn(
                  List.of(
                      SealedTurnServer.seal(station.identity(), turn, turnUser, new String(pw))));
        } finally {
          Arrays.fill(pw, '\0');
        }
        changed = true;
      }
      if (rendezvous != null) {
        s = s.withRendezvous(rendezvous.equalsIgnoreCase("off") ? null : rendezvous.strip());
        changed = true;
      }
      if (lan != null) {
        s = s.withLocalAddresses(lan);
        changed = true;
      }
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(ExitCode.USAGE, e.getMessage(), e);
    }
    if (changed) {
      s.save(dirs);
      out.println("Network settings saved.");
    }
    out.println("Rendezvous: " + describeRendezvous(dirs, s));
    out.println("STUN:       " + (s.stun().isEmpty() ? "-" : String.join(", ", s.stun())));
    out.println(
        "TURN:       "
            + (s.turn().isEmpty()
                ? "-"
                : String.join(
                    ", ",
                    s.turn().stream()
                        .map(t -> t.address() + " as " + t.username() + " (password sealed)")
                        .toList())));
    out.println(
        "LAN:        "
            + (s.localAddresses().isEmpty()
                ? "none (no LAN discovery)"
                : String.join(", ", s.localAddresses())));
    return ExitCode.OK;
  }

  /** The rendezvous with the key pinned for it, if any. */
  private static String describeRendezvous(AppDirs dirs, NetworkSettings s) {
    RendezvousAddress a = s.rendezvousAddress();
    if (a == null) {
      return "- (cameras are reached on this network only)";
    }
    if (a.rendezvousId() != null) {
      return a + " (key pinned by the address)";
    }
    try {
      String pinned = RendezvousPins.open(NetworkSettings.pinsFile(dirs)).pinned(a);
      return a + (pinned == null ? " (key pinned on first use)" : " (pinned key " + pinned + ")");
    } catch (IOException e) {
      return a + " (" + e.getMessage() + ")";
    }
  }
}
