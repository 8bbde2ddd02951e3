package io.peerwall.app.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code peerwall} as a child process of its real entry point ({@code io.peerwall.app.Main})
 * on the test class path, as the launcher would: its own JVM, no display, its stdout and stderr
 * kept apart.
 */
final class PeerWallProcess {
  /** A finished command. */
  record Result(int exit, String out, String err) {
    String all() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private PeerWallProcess() {}

  static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    // The test class path without the tests' own classes and resources (logback-test.xml among
    // them): what the launcher's class path holds.
    String cp =
        String.join(
            java.io.File.pathSeparator,
            java.util.Arrays.stream(
                    System.getProperty(
                            "surefire.test.class.path", System.getProperty("java.class.path"))
                        .split(java.io.File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("-tests.jar"))
                .toList());
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:+UseSerialGC", "-Xmx256m", "-Djava.awt.headless=true", "-cp", cp));
    cmd.add("io.peerwall.app.Main");
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "out-", ".txt");
    Path err = Files.createTempFile(workDir, "err-", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().remove("DISPLAY");
    pb.environment().remove("WAYLAND_DISPLAY");
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IOException("peerwall " + String.join(" ", args) + " still running after 180 s");
    }
    Result r =
        new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }
}
