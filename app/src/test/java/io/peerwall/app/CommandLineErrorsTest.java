package io.peerwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.cli.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on the command line: one plain line, the fix, a meaningful exit code, no trace. */
class CommandLineErrorsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private PrintStream originalOut;

  @BeforeEach
  void captureConsole() {
    originalErr = System.err;
    originalOut = System.out;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreConsole() {
    System.setErr(originalErr);
    System.setOut(originalOut);
  }

  private String errText() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void unknownOptionIsAUsageError() {
    int exit = Main.run("demo", "--camras", "3");
    assertThat(exit).isEqualTo(ExitCode.USAGE);
    assertThat(errText()).contains("Unknown options: '--camras'").contains("peerwall demo --help");
    assertThat(errText()).doesNotContain("\tat ");
  }

  @Test
  void outOfRangeCameraCountIsAUsageError() {
    assertThat(Main.run("demo", "--cameras", "0", "--data-dir", dir.toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(errText()).contains("--cameras must be between 1 and 64");
  }

  @Test
  void badDurationNamesTheValue() {
    assertThat(Main.run("demo", "--duration", "soon")).isEqualTo(ExitCode.USAGE);
    assertThat(errText()).contains("'soon' is not a duration");
  }

  @Test
  void unusableDataDirectoryNamesItAndTheFix() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    int exit = Main.run("demo", "--headless", "--data-dir", file.resolve("sub").toString());
    assertThat(exit).isEqualTo(ExitCode.DATA_DIR);
    assertThat(errText())
        .contains("cannot create directory " + file.resolve("sub"))
        .contains("--data-dir")
        .doesNotContain("\tat ");
  }

  @Test
  void portInUseNamesThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      int exit =
          Main.run(
              "camera",
              "serve",
              "--port",
              Integer.toString(port),
              "--data-dir",
              dir.toString(),
              "--duration",
              "1s");
      assertThat(exit).isEqualTo(ExitCode.PORT_IN_USE);
      assertThat(errText()).contains("port " + port).contains("--port").doesNotContain("\tat ");
    }
  }

  @Test
  void unreachableCameraHasItsOwnExitCode() throws Exception {
    int freePort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      freePort = probe.getLocalPort();
    }
    int exit =
        Main.run(
            "station",
            "--headless",
            "--connect",
            "127.0.0.1:" + freePort,
            "--duration",
            "2s",
            "--data-dir",
            dir.toString());
    assertThat(exit).isEqualTo(ExitCode.CAMERA_UNREACHABLE);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("could not be reached");
  }

  @Test
  void helpAndVersionWorkOnEveryCommand() {
    assertThat(Main.run("--version")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("PeerWall");
    assertThat(Main.run("demo", "--help")).isZero();
    assertThat(Main.run("camera", "serve", "--help")).isZero();
    assertThat(Main.run("station", "--version")).isZero();
    assertThat(Main.run("station", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--cameras").contains("--connect");
  }

  /**
   * bench/ is found at run time (nothing depends on it): its commands are in the tree all the same.
   */
  @Test
  void theBenchmarksJoinTheCommandTree() {
    assertThat(Main.run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("(?m)^\\s+bench\\s");
    assertThat(Main.run("bench", "session", "--help")).isZero();
    assertThat(Main.run("bench", "wall", "--version")).isZero();
    assertThat(Main.run("bench", "nosuch")).isEqualTo(ExitCode.USAGE);
  }
}
