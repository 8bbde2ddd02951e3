package io.peerwall.app;

import io.peerwall.cli.ErrorPolicy;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.Logging;
import io.peerwall.cli.PluggableCommand;
import java.util.ServiceLoader;
import picocli.CommandLine;

/** Entry point of the {@code peerwall} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = run(args);
    if (!io.peerwall.cli.StopSignal.processSignalled()) {
      System.exit(code);
    } // else the signal's shutdown, already under way, ends the process with 128 + the signal
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    Logging.bridgeJavaUtilLogging();
    return commandLine().execute(args);
  }

  /** The {@code peerwall} command line, with its plugged-in commands, handlers and help. */
  static CommandLine commandLine() {
    ErrorPolicy errors = new ErrorPolicy();
    CommandLine commandLine = new CommandLine(new PeerWallCommand());
    // Before the settings below: picocli applies them to the subcommands present at that moment.
    for (PluggableCommand command : ServiceLoader.load(PluggableCommand.class)) {
      commandLine.addSubcommand(command);
    }
    commandLine
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors)
        .setCaseInsensitiveEnumValuesAllowed(true);
    // peerwall --help lists every exit code, from the one list the README's table matches.
    commandLine
        .getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCode.meanings());
    return commandLine;
  }
}
