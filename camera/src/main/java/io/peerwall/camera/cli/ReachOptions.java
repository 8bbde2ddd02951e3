package io.peerwall.camera.cli;

import io.peerwall.camera.ReachSettings;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.PasswordInput;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.ice.SealedTurnServer;
import io.peerwall.p2p.identity.Identity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code camera serve}'s options for being reached from outside the camera's network. Given ones
 * replace the saved ones in {@code camera.json} (so a restart by systemd needs none of them); the
 * TURN password is read from a file and stored sealed.
 */
final class ReachOptions {
  @Option(
      names = "--rendezvous",
      paramLabel = "HOST:PORT[#ID]",
      description =
          "Register with this rendezvous so that stations reach the camera by its ID from"
              + " anywhere (saved; 'off' forgets it). With #ID (printed by 'peerwall rendezvous')"
              + " its key is pinned at once, else on first use.")
  String rendezvous;

  @Option(
      names = "--stun",
      paramLabel = "HOST:PORT",
      description =
          "A STUN server of its own (repeatable, at most 4; saved). The rendezvous tells the"
              + " camera its own.")
  List<String> stun;

  @Option(
      names = "--turn",
      paramLabel = "HOST:PORT",
      description =
          "A TURN server with a static user and password (saved, the password sealed). The"
              + " rendezvous hands out TURN credentials that expire; this is for servers without"
              + " one.")
  String turn;

  @Option(names = "--turn-user", paramLabel = "NAME", description = "The --turn user name.")
  String turnUser;

  @Option(
      names = "--turn-password-file",
      paramLabel = "FILE",
      description = "The --turn password, first line of FILE (asked for when missing).")
  Path turnPasswordFile;

  @Option(
      names = "--no-ice-servers",
      description = "Forget the saved STUN and TURN servers (the rendezvous's are still used).")
  boolean noIceServers;

  /** Whether any option here was given (the settings must then be saved). */
  boolean given() {
    return rendezvous != null || stun != null || turn != null || noIceServers;
  }

  /** {@code saved} with the given options applied. */
  ReachSettings apply(ReachSettings saved, Identity identity) throws IOException {
    if (turn == null && (turnUser != null || turnPasswordFile != null)) {
      throw new UserFacingException(
          ExitCode.USAGE, "--turn-user and --turn-password-file go with --turn HOST:PORT");
    }
    ReachSettings s = saved;
    try {
      if (noIceServers) {
        s = s.withStun(List.of()).withTurn(List.of());
      }
      if (rendezvous != null) {
        s = s.withRendezvous(rendezvous.equalsIgnoreCase("off") ? null : rendezvous.strip());
      }
      if (stun != null) {
        s = s.withStun(stun);
      }
      if (turn != null) {
        if (turnUser == null || turnUser.isBlank()) {
          throw new UserFacingException(ExitCode.USAGE, "--turn needs --turn-user NAME");
        }
        char[] pw = PasswordInput.read(turnPasswordFile, "TURN password for " + turn + ": ");
        try {
          s = s.withTurn(List.of(SealedTurnServer.seal(identity, turn, turnUser, new String(pw))));
        } finally {
          Arrays.fill(pw, '\0');
        }
      }
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(ExitCode.USAGE, e.getMessage(), e);
    }
    return s;
  }
}
