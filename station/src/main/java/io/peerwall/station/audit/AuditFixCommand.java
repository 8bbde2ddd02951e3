package io.peerwall.station.audit;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.PasswordInput;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.identity.PeerId;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.station.StationSetup;
import io.peerwall.station.reach.StationReach;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerwall audit fix CAMERA-ID}: changes one camera's password over its control channel. The
 * current password is asked for (the camera checks it, throttled like pairing); a generated
 * passphrase is offered for the new one (Enter takes it, or type another); the station checks it,
 * then the camera. The camera's facts are read before and after, so the audit shows the attempt.
 */
@Command(
    name = "fix",
    description = {
      "Change a camera's password: the current one is asked for; a generated passphrase is"
          + " offered (or type your own). Checked here, then by the camera."
    })
public final class AuditFixCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "CAMERA-ID", description = "The camera's ID.")
  String cameraId;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "Read the current password from the first line of FILE.")
  Path passwordFile;

  @Option(
      names = "--new-password-file",
      paramLabel = "FILE",
      description = "Read the new password from the first line of FILE (else one is offered).")
  Path newPasswordFile;

  PrintStream out = System.out;
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    String id;
    try {
      id = PeerId.parse(cameraId);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    AppDirs dirs = common.prepare();
    StationCredentials station = StationSetup.open(dirs);
    PairedPeer peer = station.trust().camera(id);
    if (peer == null) {
      throw new UserFacingException(
          ExitCode.NOT_PAIRED,
          "camera " + id + " is not paired with this station; run: peerwall pair " + id);
    }
    AuditTexts t = AuditCommand.texts();
    try (AuditService audit = AuditCommand.openAudit(dirs, station, clock);
        StationReach reach = StationReach.start(dirs, station, clock);
        AuditConnections connections = new AuditConnections(reach, audit)) {
      StationSession session = connections.connect(peer);
      if (session == null) {
        boolean refused = audit.access(id) == Access.NOT_PAIRED;
        throw new UserFacingException(
            refused ? ExitCode.NOT_PAIRED : ExitCode.CAMERA_UNREACHABLE,
            refused
                ? t.outcome(FixResult.of(FixResult.Outcome.NOT_PAIRED, id, peer.name()))
                : "camera "
                    + peer.name()
                    + " could not be reached ("
                    + connections.failure(id)
                    + "); nothing changed. The station's Audit screen queues a change until"
                    + " the camera is back.");
      }
      audit.attach(id, session).join();
      char[] current =
          PasswordInput.read(passwordFile, "Current password of " + peer.name() + ": ");
      char[] next =
          newPasswordFile != null
              ? PasswordInput.read(newPasswordFile, "")
              : askNew(audit.suggestPassphrase(id));
      FixResult result;
      try {
        result = audit.changePassword(id, current, next).get();
      } finally {
        Arrays.fill(current, '\0');
        Arrays.fill(next, '\0');
      }
      out.println(t.outcome(result));
      AuditReport r = audit.report(t);
      AuditRow row = r.row(id);
      if (row != null) {
        out.print(
            AuditFormats.table(new AuditReport(r.generatedAtMillis(), List.of(row), ""), t)
                .lines()
                .filter(l -> !l.startsWith("Score") && !l.startsWith("スコア"))
                .map(l -> l + System.lineSeparator())
                .reduce("", String::concat));
      }
      return exitCode(result.outcome());
    }
  }

  /** The new password: Enter takes the suggestion shown. */
  private char[] askNew(String suggestion) throws IOException {
    out.println("Suggested new password (five random words): " + suggestion);
    out.println("Press Enter to use it (store it in your password manager), or type another.");
    Console console = System.console();
    char[] typed;
    if (console != null) {
      typed = console.readPassword("%s", "New password: ");
    } else {
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      typed = line == null ? null : line.toCharArray();
    }
    return typed == null || typed.length == 0 ? suggestion.toCharArray() : typed;
  }

  static int exitCode(FixResult.Outcome o) {
    return switch (o) {
      case CHANGED, QUEUED -> ExitCode.OK;
      case WRONG_PASSWORD -> ExitCode.WRONG_PASSWORD;
      case LOCKED_OUT, THROTTLED -> ExitCode.LOCKED_OUT;
      case WEAK_ON_STATION, WEAK_ON_CAMERA -> ExitCode.WEAK_PASSWORD;
      case NOT_PAIRED -> ExitCode.NOT_PAIRED;
      case NO_CURRENT -> ExitCode.USAGE;
      case FAILED -> ExitCode.FAILURE;
    };
  }
}
