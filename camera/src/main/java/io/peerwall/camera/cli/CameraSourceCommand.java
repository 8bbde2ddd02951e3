package io.peerwall.camera.cli;

import io.peerwall.camera.SavedSource;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.decoder.Redaction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerwall camera source set|show|clear}: the source {@code camera serve} uses when no
 * {@code --source} is given. RTSP credentials are kept sealed in {@code source.json} (see {@link
 * SavedSource}) and only ever shown redacted.
 */
@Command(
    name = "source",
    description = "Save the source 'camera serve' uses by default (credentials kept encrypted).",
    subcommands = {
      CameraSourceCommand.SetSource.class,
      CameraSourceCommand.ShowSource.class,
      CameraSourceCommand.ClearSource.class
    })
public final class CameraSourceCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a source command is needed: set, show or clear");
  }

  /** {@code camera source set SPEC|--from-file F [--sub SPEC|--sub-from-file F]}. */
  @Command(
      name = "set",
      description =
          "Save the source (and sub source); 'camera serve' uses it from its next start. Prefer"
              + " --from-file for RTSP URLs with a password (keeps it off the process list).")
  public static final class SetSource implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--name", defaultValue = "PeerWall camera", description = "Which camera.")
    String name;

    @ArgGroup(multiplicity = "1")
    Main main;

    static final class Main {
      @Parameters(
          paramLabel = "SPEC",
          description =
              "testpattern[:WxH@FPS], file:PATH, rtsp://[USER:PASSWORD@]HOST[:PORT]/PATH or"
                  + " v4l2:/dev/videoN.")
      String spec;

      @Option(
          names = "--from-file",
          paramLabel = "FILE",
          description = "Read the SPEC from the first line of FILE.")
      Path file;
    }

    @Option(names = "--sub", paramLabel = "SPEC", description = "A second, smaller stream.")
    String sub;

    @Option(
        names = "--sub-from-file",
        paramLabel = "FILE",
        description = "Read the sub stream SPEC from the first line of FILE.")
    Path subFile;

    PrintStream out = System.out;

    @Override
    public Integer call() {
      String mainText = ServeSources.text(main.spec, main.file, "source");
      ServeSources.parse(mainText, null);
      String subText =
          sub != null || subFile != null ? ServeSources.text(sub, subFile, "sub") : null;
      if (subText != null) {
        ServeSources.parse(subText, null);
      }
      AppDirs dirs = common.prepare();
      Path dir = CameraState.dir(dirs, name);
      var identity = CameraState.openExisting(dir, name).identity();
      try {
        SavedSource.save(dir, identity, new SavedSource.Specs(mainText, subText));
      } catch (IOException e) {
        throw new UserFacingException(ExitCode.DATA_DIR, e.getMessage(), e);
      }
      out.printf("Saved source: %s%n", Redaction.redact(mainText));
      if (subText != null) {
        out.printf("Saved sub source: %s%n", Redaction.redact(subText));
      }
      boolean secret = hasSecret(mainText) || hasSecret(subText);
      if (secret) {
        out.println("Its credentials are stored encrypted in " + dir.resolve(SavedSource.FILE));
      }
      if ((main.spec != null && hasSecret(mainText)) || (sub != null && hasSecret(subText))) {
        out.println(
            "Note: a password given on the command line is in your shell history and was visible"
                + " in the process list; --from-file avoids that.");
      }
      out.printf(
          "camera serve --name '%s' uses it from its next start (without --source).%n", name);
      return ExitCode.OK;
    }
  }

  /** {@code camera source show}: the saved source, redacted; checks that it can be decrypted. */
  @Command(name = "show", description = "Show the saved source (credentials masked).")
  public static final class ShowSource implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--name", defaultValue = "PeerWall camera", description = "Which camera.")
    String name;

    PrintStream out = System.out;

    @Override
    public Integer call() {
      AppDirs dirs = common.prepare();
      Path dir = CameraState.dir(dirs, name);
      var identity = CameraState.openExisting(dir, name).identity();
      SavedSource.Specs specs = CameraState.savedSource(dir, identity);
      if (specs == null) {
        out.println(
            "No source is saved: 'camera serve' serves a test pattern unless given --source.");
        return ExitCode.OK;
      }
      out.printf("source: %s%s%n", Redaction.redact(specs.main()), sealed(specs.main()));
      if (specs.sub() != null) {
        out.printf("sub source: %s%s%n", Redaction.redact(specs.sub()), sealed(specs.sub()));
      }
      return ExitCode.OK;
    }

    private static String sealed(String spec) {
      return hasSecret(spec) ? "  (credentials stored encrypted)" : "";
    }
  }

  /** {@code camera source clear}. */
  @Command(name = "clear", description = "Forget the saved source (and its credentials).")
  public static final class ClearSource implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--name", defaultValue = "PeerWall camera", description = "Which camera.")
    String name;

    PrintStream out = System.out;

    @Override
    public Integer call() {
      AppDirs dirs = common.prepare();
      Path dir = CameraState.dir(dirs, name);
      CameraState.openExisting(dir, name);
      try {
        out.println(
            SavedSource.clear(dir)
                ? "The saved source is removed."
                : "No source was saved; nothing to remove.");
      } catch (IOException e) {
        throw new UserFacingException(
            ExitCode.DATA_DIR,
            "cannot remove " + dir.resolve(SavedSource.FILE) + " (" + e.getMessage() + ")",
            e);
      }
      return ExitCode.OK;
    }
  }

  private static boolean hasSecret(String spec) {
    return spec != null && !Redaction.redact(spec).equals(spec);
  }
}
