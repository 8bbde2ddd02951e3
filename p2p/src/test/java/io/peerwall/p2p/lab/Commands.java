package io.peerwall.p2p.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs lab set-up commands (ip, iptables, turnserver) and reports failures with their output. */
public final class Commands {
  private Commands() {}

  /** Runs and returns stdout+stderr; throws with the output if the exit code is not 0. */
  public static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", cmd));
    }
    String s = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + s.strip());
    }
    return s;
  }

  /** Runs, ignoring failure (clean-up). */
  public static void quiet(String... cmd) {
    try {
      run(cmd);
    } catch (IOException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether a command exists and runs ({@code which}-style probe with the given args). */
  public static boolean works(String... cmd) {
    try {
      run(cmd);
      return true;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  static List<String> list(String... s) {
    return List.of(s);
  }
}
