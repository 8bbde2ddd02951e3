package io.peerwall.camera.cli;

import io.peerwall.cli.ErrorPolicy;
import io.peerwall.cli.VersionProvider;
import picocli.CommandLine;

/**
 * Entry point of {@code peerwall camera …} for the launcher: builds only the camera command tree,
 * so the agent runs on a headless box with no JavaFX on the class path (the full {@code peerwall}
 * tree references JavaFX types that picocli loads while building it).
 */
public final class CameraMain {
  private CameraMain() {}

  public static void main(String[] args) {
    int code = run(args);
    if (!io.peerwall.cli.StopSignal.processSignalled()) {
      System.exit(code);
    } // else the signal's shutdown, already under way, ends the process with 128 + the signal
  }

  /** Runs {@code camera ARGS} (without the leading "camera") and returns the exit code. */
  public static int run(String... args) {
    io.peerwall.cli.Logging.bridgeJavaUtilLogging();
    ErrorPolicy errors = new ErrorPolicy();
    CommandLine commandLine =
        new CommandLine(new CameraCommand())
            .setCommandName("peerwall camera")
            .setExecutionExceptionHandler(errors)
            .setParameterExceptionHandler(errors)
            .setCaseInsensitiveEnumValuesAllowed(true);
    // The full tree inherits -h/--help and -V/--version from its root; this tree has no such
    // root, so `peerwall camera serve --help` was an unknown option.
    withHelp(commandLine);
    return commandLine.execute(args);
  }

  private static void withHelp(CommandLine commandLine) {
    commandLine.getCommandSpec().mixinStandardHelpOptions(true);
    commandLine.getCommandSpec().versionProvider(new VersionProvider());
    commandLine.getSubcommands().values().forEach(CameraMain::withHelp);
  }
}
