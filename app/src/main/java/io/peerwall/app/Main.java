package io.peerwall.app;

import io.peerwall.cli.ErrorPolicy;
import io.peerwall.cli.Logging;
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
    ErrorPolicy errors = new ErrorPolicy();
    CommandLine commandLine =
        new CommandLine(new PeerWallCommand())
            .setExecutionExceptionHandler(errors)
            .setParameterExceptionHandler(errors)
            .setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine.execute(args);
  }
}
