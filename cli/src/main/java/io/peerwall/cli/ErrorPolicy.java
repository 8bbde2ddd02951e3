package io.peerwall.cli;

import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one error policy of the CLI: a failure is logged once with its stack trace (to the log file),
 * and the user sees one plain line naming the problem and the fix, and a meaningful exit code.
 */
public final class ErrorPolicy implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ErrorPolicy.class);

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    Throwable cause = unwrap(ex);
    if (cause instanceof UserFacingException user) {
      log.error("{}", user.getMessage(), user);
      err.println("peerwall: " + user.getMessage());
      err.flush();
      return user.exitCode();
    }
    if (isNativeLoadFailure(cause)) {
      log.error("FFmpeg natives failed to load", cause);
      err.println(
          "peerwall: the FFmpeg libraries (JavaCV) could not be loaded: "
              + cause.getMessage()
              + ". Rebuild with ./mvnw install and check that ~/.javacpp/cache is writable.");
      err.flush();
      return ExitCode.NATIVES;
    }
    log.error("unexpected failure in '{}'", cmd.getCommandName(), cause);
    err.println(
        "peerwall: unexpected error: "
            + cause
            + ". Details are in the log (peerwall.log in the data directory).");
    err.flush();
    return ExitCode.FAILURE;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("peerwall: " + ex.getMessage());
    String path = cmd.getCommandSpec().qualifiedName(" ");
    err.println("Try '" + path + " --help' for the commands and options.");
    err.flush();
    return ExitCode.USAGE;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof java.util.concurrent.ExecutionException
            || current instanceof java.util.concurrent.CompletionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  static boolean isNativeLoadFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UnsatisfiedLinkError) {
        return true;
      }
      if (c instanceof NoClassDefFoundError e
          && e.getMessage() != null
          && e.getMessage().contains("bytedeco")) {
        return true;
      }
    }
    return false;
  }
}
