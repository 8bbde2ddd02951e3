package io.peerwall.app.e2e;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One simulated machine: runs README command lines in its network namespace ({@code ip netns exec})
 * and working directory, with its own PeerWall directories ({@code XDG_DATA_HOME}, {@code
 * XDG_CONFIG_HOME}: what separate home directories would give). {@code ./peerwall …} runs as the
 * launcher runs it, without the build step: {@code camera …} in a small-heap JVM from {@code
 * CameraMain} on the camera module's own class path (no JavaFX), everything else from {@code Main},
 * with the launcher's JVM options.
 */
final class Machine implements AutoCloseable {
  /** A finished command. */
  record Result(int exitCode, String out, String err) {
    String all() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  final String namespace;
  final Path dir;
  private final List<Running> running = new CopyOnWriteArrayList<>();

  Machine(String namespace, Path dir) throws IOException {
    this.namespace = namespace;
    this.dir = Files.createDirectories(dir);
  }

  /** PeerWall's data directory on this machine (the XDG default, under this machine's dir). */
  Path peerwallData() {
    return dir.resolve("share/peerwall");
  }

  /** Runs a command line to its end with {@code stdin} as input (a password, say). */
  Result run(String stdin, String commandLine) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out-", ".txt");
    Path err = Files.createTempFile(dir, "err-", ".txt");
    Process p =
        builder(commandLine).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IOException("still running after 300 s: " + commandLine + "\n" + read(out));
    }
    Result r = new Result(p.exitValue(), read(out), read(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  /** Starts a long-running command line; its output goes to files read as it grows. */
  Running start(String commandLine) throws IOException {
    Path out = Files.createTempFile(dir, "out-", ".txt");
    Path err = Files.createTempFile(dir, "err-", ".txt");
    Process p =
        builder(commandLine).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    Running r = new Running(p, out, err);
    running.add(r);
    return r;
  }

  private ProcessBuilder builder(String commandLine) throws IOException {
    List<String> words = CommandLineWords.split(commandLine);
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    if (words.get(0).equals("./peerwall")) {
      cmd.addAll(peerwallJvm(words.size() > 1 && words.get(1).equals("camera")));
      cmd.addAll(words.subList(words.get(1).equals("camera") ? 2 : 1, words.size()));
    } else {
      cmd.addAll(words);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("XDG_DATA_HOME", dir.resolve("share").toString());
    pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
    pb.environment().remove("DISPLAY");
    pb.environment().remove("WAYLAND_DISPLAY");
    return pb;
  }

  /** The java command line of {@code ./peerwall} (see the launcher script), up to the arguments. */
  private static List<String> peerwallJvm(boolean camera) throws IOException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> jvm = new ArrayList<>();
    jvm.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (camera) {
      jvm.addAll(
          List.of(
              "-XX:+UseSerialGC",
              "-Xms16m",
              "-Xmx160m",
              "-XX:ReservedCodeCacheSize=32m",
              "-Xss512k"));
      // The camera module's own class path, as the launcher uses it: no JavaFX, no station.
      Path target = Path.of("..", "camera", "target").toAbsolutePath().normalize();
      cp =
          target.resolve("classes")
              + File.pathSeparator
              + Files.readString(target.resolve("classpath.txt")).strip();
    } else {
      jvm.add("-XX:+UseG1GC");
    }
    jvm.add("-Dice4j.harvest.mapping.aws.enabled=false");
    jvm.add("-Dice4j.harvest.mapping.stun.enabled=false");
    jvm.add("-Dpeerwall.launcher=./peerwall");
    jvm.add("-cp");
    jvm.add(cp);
    jvm.add(camera ? "io.peerwall.camera.cli.CameraMain" : "io.peerwall.app.Main");
    return jvm;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Ends whatever still runs here (forcibly: this is clean-up, also after a failure). */
  @Override
  public void close() {
    for (Running r : running) {
      r.kill();
    }
  }

  /** A started command: its output so far, and how to stop it. */
  static final class Running {
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private int consumed; // lines of stdout already looked at by await

    private Running(Process process, Path stdout, Path stderr) {
      this.process = process;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    /** The next complete output line starting with {@code prefix}; fails with the output. */
    String await(String prefix, long seconds) throws InterruptedException, IOException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        boolean ended = !process.isAlive();
        String text = read(stdout);
        // Only whole lines: the last one may still be being written.
        String whole = text.substring(0, text.lastIndexOf('\n') + 1);
        List<String> lines = whole.isEmpty() ? List.of() : List.of(whole.split("\n"));
        while (consumed < lines.size()) {
          String l = lines.get(consumed++);
          if (l.startsWith(prefix)) {
            return l;
          }
        }
        if (ended) {
          break;
        }
        Thread.sleep(200);
      }
      throw new AssertionError("no line starting with '" + prefix + "'\n" + output());
    }

    /** Stops it as a service manager does (SIGTERM), and returns its exit code. */
    int terminate() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        kill();
        throw new AssertionError("did not stop within 120 s of SIGTERM\n" + output());
      }
      return process.exitValue();
    }

    void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Everything it printed so far: stdout, then stderr. */
    String output() {
      try {
        return read(stdout) + "--- stderr\n" + read(stderr);
      } catch (IOException e) {
        return e.toString();
      }
    }
  }
}
