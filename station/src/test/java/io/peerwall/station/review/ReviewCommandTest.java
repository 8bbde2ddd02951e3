package io.peerwall.station.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code peerwall review} where it cannot open a window: without a display, and where the desktop
 * module is not installed (the station's class path has none): a plain sentence and an exit code,
 * naming what to use instead.
 */
class ReviewCommandTest {
  private static ReviewCommand command(Map<String, String> environment, String... args) {
    ReviewCommand command = new ReviewCommand();
    new CommandLine(command).parseArgs(args);
    command.environment = environment;
    return command;
  }

  @Test
  void withoutADisplayItSaysSoAndNamesTheCommandLineTools() {
    UserFacingException e =
        catchThrowableOfType(() -> command(Map.of()).call(), UserFacingException.class);
    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(e.getMessage())
        .isEqualTo(
            "the review needs a display (neither DISPLAY nor WAYLAND_DISPLAY is set); on this"
                + " machine use 'peerwall recordings list' and 'peerwall export'");
  }

  @Test
  void withoutTheDesktopModuleItSaysSo() {
    UserFacingException e =
        catchThrowableOfType(
            () -> command(Map.of("DISPLAY", ":0")).call(), UserFacingException.class);
    assertThat(e.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(e.getMessage()).startsWith("no review window in this installation");
  }

  @Test
  void badTimesAreRefusedByTheParser() {
    assertThat(
            catchThrowableOfType(
                () -> command(Map.of(), "--at", "yesterday-ish"),
                CommandLine.ParameterException.class))
        .isNotNull();
  }
}
