package io.peerwall.bench.reach;

import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One machine of the {@link NatLab}: runs PeerWall's own commands ({@code peerwall ...}) as child
 * processes inside a network namespace, with its own home ({@code XDG_CONFIG_HOME}, {@code
 * XDG_DATA_HOME} under {@code home}), the way the launcher runs them: {@code peerwall camera ...}
 * from the camera's entry point, everything else from the {@code peerwall} entry point, with the
 * launcher's JVM options. The class path is this JVM's (the launcher's, under {@code peerwall
 * bench}; the test class path under Surefire), which must hold {@code io.peerwall.app.Main}.
 */
public final class LabHost implements AutoCloseable {
  /** The {@code peerwall} entry point (app/), found at run time: bench does not depend on app. */
  static final String PEERWALL_MAIN = "io.peerwall.app.Main";

  static final String CAMERA_MAIN = "io.peerwall.camera.cli.CameraMain";

  /** A finished command. */
  public record Result(int exitCode, String out, String err) {
    public String all() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final String namespace;
  private final Path home;
  private final List<Running> running = new CopyOnWriteArrayList<>();

  public LabHost(String namespace, Path home) throws IOException {
    this.namespace = namespace;
    this.home = Files.createDirectories(home);
  }

  public String namespace() {
    return namespace;
  }

  public Path home() {
    return home;
  }

  /** Runs {@code peerwall args...} to its end with {@code stdin} as input. */
  public Result run(String stdin, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(home, "out-", ".txt");
    Path err = Files.createTempFile(home, "err-", ".txt");
    Process p =
        builder(peerwall(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IOException("still running after 300 s: peerwall " + String.join(" ", args));
    }
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  /** Starts {@code peerwall args...}; its output lines can be awaited. */
  public Running start(String... args) throws IOException {
    return started(builder(peerwall(args)), String.join(" ", args));
  }

  /** Starts a Java main class of this class path (a bench probe) inside the namespace. */
  public Running startJava(String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(jvm(false));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return started(builder(cmd), mainClass);
  }

  private Running started(ProcessBuilder pb, String what) throws IOException {
    Path err = Files.createTempFile(home, "err-", ".txt");
    Running r = new Running(pb.redirectError(err.toFile()).start(), err, what);
    running.add(r);
    return r;
  }

  private static List<String> peerwall(String... args) {
    boolean camera = args.length > 0 && args[0].equals("camera");
    List<String> cmd = new ArrayList<>(jvm(camera));
    cmd.add(camera ? CAMERA_MAIN : PEERWALL_MAIN);
    for (int i = camera ? 1 : 0; i < args.length; i++) {
      cmd.add(args[i]);
    }
    return cmd;
  }

  /** The launcher's java command line up to the main class (see the {@code peerwall} script). */
  static List<String> jvm(boolean camera) {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // Absolute: the children run in their machine's home directory.
    cp =
        String.join(
            java.io.File.pathSeparator,
            java.util.Arrays.stream(cp.split(java.io.File.pathSeparator))
                .filter(e -> !e.isEmpty())
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .toList());
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
    } else {
      jvm.addAll(List.of("-XX:+UseSerialGC", "-Xmx384m"));
    }
    jvm.add("-XX:TieredStopAtLevel=1"); // the lab starts many JVMs on few cores
    // Test class paths hold several logback-test.xml: no status chatter on stdout about them.
    jvm.add("-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener");
    jvm.add("-Dice4j.harvest.mapping.aws.enabled=false");
    jvm.add("-Dice4j.harvest.mapping.stun.enabled=false");
    jvm.add("-Dpeerwall.launcher=./peerwall");
    jvm.add("-cp");
    jvm.add(cp);
    return jvm;
  }

  private ProcessBuilder builder(List<String> command) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
    pb.environment().put("XDG_DATA_HOME", home.resolve("share").toString());
    pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().remove("DISPLAY");
    pb.environment().remove("WAYLAND_DISPLAY");
    return pb;
  }

  /** Ends whatever still runs here (forcibly: clean-up, also after a failure). */
  @Override
  public void close() {
    for (Running r : running) {
      r.kill();
    }
  }

  /** A started command: its output lines, and how to stop it. */
  public static final class Running {
    private final Process process;
    private final Path stderr;
    private final String what;
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private Running(Process process, Path stderr, String what) {
      this.process = process;
      this.stderr = stderr;
      this.what = what;
      // Named, daemon, logging what escapes (threading.md).
      NamedThreadFactory.start(
          "bench-lab-output-" + process.pid(),
          () -> {
            try (BufferedReader r =
                new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
              String l;
              while ((l = r.readLine()) != null) {
                lines.add(l);
                unread.add(l);
              }
            } catch (IOException e) {
              // the process ended
            }
          });
    }

    /**
     * The next output line containing {@code text}, or null after {@code millis} (or when the
     * process ended without printing it).
     */
    public String await(String text, long millis) throws InterruptedException {
      long deadline = System.nanoTime() + millis * 1_000_000L;
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          return null;
        }
        String l = unread.poll(Math.min(left, 200), TimeUnit.MILLISECONDS);
        if (l != null && l.contains(text)) {
          return l;
        }
        if (l == null && !process.isAlive() && unread.isEmpty()) {
          Thread.sleep(50); // the reader may still be on its last line
          if (unread.isEmpty()) {
            return null;
          }
        }
      }
    }

    /** Every line printed so far. */
    public List<String> lines() {
      return List.copyOf(lines);
    }

    public boolean alive() {
      return process.isAlive();
    }

    /** Stops it as a service manager does (SIGTERM) and returns its exit code. */
    public int terminate(long seconds) throws InterruptedException {
      process.destroy();
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        kill();
        return -1;
      }
      return process.exitValue();
    }

    /** Waits for its end; -1 if still running after {@code seconds}. */
    public int waitFor(long seconds) throws InterruptedException {
      return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    public void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** What it printed, for failure messages. */
    public String output() {
      String err;
      try {
        err = Files.readString(stderr);
      } catch (IOException e) {
        err = e.toString();
      }
      if (err.length() > 4000) {
        err = err.substring(err.length() - 4000);
      }
      return what
          + (process.isAlive() ? " [running]" : " [exit " + process.exitValue() + "]")
          + "\n--- stdout\n"
          + String.join("\n", lines)
          + "\n--- stderr\n"
          + err;
    }
  }
}
