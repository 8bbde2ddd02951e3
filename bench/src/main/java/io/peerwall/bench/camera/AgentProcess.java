package io.peerwall.bench.camera;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A camera agent in its own JVM (as {@code ./peerwall camera serve} runs it, without JavaFX), so
 * that its CPU time and resident memory can be read from /proc without the stations' share.
 */
final class AgentProcess implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final double CLOCK_TICKS = 100.0; // USER_HZ on Linux

  /** JVM options for the agent: the ones {@code ./peerwall camera …} uses (see the launcher). */
  static final String DEFAULT_JVM_OPTS =
      "-XX:+UseSerialGC -Xms16m -Xmx160m -XX:MaxNewSize=16m -XX:MinHeapFreeRatio=10"
          + " -XX:MaxHeapFreeRatio=30 -XX:ReservedCodeCacheSize=32m -Xss512k"
          + (hasNativeTrim()
              ? " -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=10000"
              : "");

  /**
   * Whether this JVM (the agent runs the same one) knows the native-heap trim: JDK 17.0.9 and
   * later; an unknown -XX option would stop the agent from starting.
   */
  private static boolean hasNativeTrim() {
    try {
      java.lang.management.ManagementFactory.getPlatformMXBean(
              com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption("TrimNativeHeapInterval");
      return true;
    } catch (IllegalArgumentException absent) {
      return false;
    }
  }

  /** glibc malloc arenas, as the launcher sets them (see {@link #environment}). */
  static final String MALLOC_ARENA_MAX = "2";

  static final String JVM_OPTS_PROPERTY = "peerwall.bench.camera.jvmOpts";

  private final Process process;
  private final Path cameraDir;

  private AgentProcess(Process process, Path cameraDir) {
    this.process = process;
    this.cameraDir = cameraDir;
  }

  private static List<String> java(Path data, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String opts = System.getProperty(JVM_OPTS_PROPERTY, DEFAULT_JVM_OPTS).strip();
    if (!opts.isEmpty()) {
      cmd.addAll(List.of(opts.split("\\s+")));
    }
    cmd.add("-cp");
    String cp = System.getProperty("java.class.path");
    cmd.add(
        String.join(
            ":",
            List.of(cp.split(":")).stream().filter(e -> !e.contains("/org/openjfx/")).toList()));
    cmd.add("io.peerwall.camera.cli.CameraMain");
    cmd.addAll(List.of(args));
    cmd.add("--data-dir");
    cmd.add(data.toString());
    cmd.add("--name");
    cmd.add("Bench camera");
    return cmd;
  }

  /**
   * The launcher's camera environment: at most 2 glibc malloc arenas instead of up to 8 per core,
   * each of which keeps freed native memory (FFmpeg's, the JIT's) resident. An explicit setting in
   * the bench's own environment wins, to compare.
   */
  private static ProcessBuilder environment(ProcessBuilder pb) {
    pb.environment().putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX);
    return pb;
  }

  /**
   * Runs {@code camera init} and then {@code camera serve} in a child JVM; waits until it serves.
   */
  static AgentProcess start(Path data, Path passwordFile, String source, int port)
      throws IOException, InterruptedException {
    Process init =
        environment(
                new ProcessBuilder(java(data, "init", "--password-file", passwordFile.toString())))
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("init.log").toFile())
            .start();
    if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
      throw new IOException("camera init failed: " + Files.readString(data.resolve("init.log")));
    }
    Path sourceFile = data.resolve("source.txt");
    Files.writeString(sourceFile, source + "\n");
    Process serve =
        environment(
                new ProcessBuilder(
                    java(
                        data,
                        "serve",
                        "--source-file",
                        sourceFile.toString(),
                        "--port",
                        String.valueOf(port))))
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("serve.log").toFile())
            .start();
    AgentProcess a = new AgentProcess(serve, data.resolve("camera").resolve("bench-camera"));
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode s = a.status();
      if (s != null && s.path("sourceHealth").path("state").asText().equals("RUNNING")) {
        return a;
      }
      if (!serve.isAlive()) {
        break;
      }
      Thread.sleep(200);
    }
    a.close();
    throw new IOException(
        "the camera agent did not start serving: " + Files.readString(data.resolve("serve.log")));
  }

  JsonNode status() {
    Path f = cameraDir.resolve("status.json");
    try {
      return Files.exists(f) ? MAPPER.readTree(Files.readAllBytes(f)) : null;
    } catch (IOException e) {
      return null; // being replaced
    }
  }

  /** User + system CPU seconds of the agent process so far. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS;
  }

  /** Resident memory of the agent process in MiB. */
  double rssMib() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return -1;
  }

  /** SIGTERM, as systemd stops it; true if it exited within 10 s. */
  boolean terminate() throws InterruptedException {
    process.destroy();
    return process.waitFor(10, TimeUnit.SECONDS);
  }

  int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
