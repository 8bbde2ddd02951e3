package io.peerwall.p2p.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LabPeer} (or another test main class) in a child JVM (optionally inside a network
 * namespace, via {@code ip netns exec}), with its stdout lines queued for the test. Killed
 * (forcibly) on close.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  public final List<String> all = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final java.nio.file.Path stderr;

  private ChildJvm(Process p, java.nio.file.Path stderr) {
    this.process = p;
    this.stderr = stderr;
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                  lines.add(l);
                  all.add(l);
                }
              } catch (IOException e) {
                // process ended
              }
            },
            "test-child-out");
    t.setDaemon(true);
    t.start();
  }

  public static ChildJvm start(String netns, String... args) throws IOException {
    return start(netns, LabPeer.class, args);
  }

  /** Runs {@code main} (on this JVM's class path) with {@code args}. */
  public static ChildJvm start(String netns, Class<?> main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (netns != null) {
      cmd.addAll(List.of("ip", "netns", "exec", netns));
    }
    cmd.add(System.getProperty("java.home") + "/bin/java");
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dice4j.harvest.mapping.aws.enabled=false");
    cmd.add("-Dice4j.harvest.mapping.stun.enabled=false");
    cmd.add("-Dlogback.configurationFile=" + System.getProperty("lab.logback", "logback-test.xml"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    // stderr (ice4j's java.util.logging output, crashes) goes to a file, shown by errTail().
    java.nio.file.Path err = java.nio.file.Files.createTempFile("labpeer-", ".err");
    err.toFile().deleteOnExit();
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
    return new ChildJvm(pb.start(), err);
  }

  /** The next line starting with {@code prefix}, or null after the timeout. */
  public String await(String prefix, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return null;
      }
      String l = lines.poll(left, TimeUnit.MILLISECONDS);
      if (l == null) {
        return null;
      }
      if (l.startsWith(prefix)) {
        return l;
      }
    }
  }

  public boolean waitFor(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(5, TimeUnit.SECONDS);
  }

  /** Whether the process is still running, and the end of its stderr: for failure messages. */
  public String errTail() {
    String s;
    try {
      s = java.nio.file.Files.readString(stderr);
    } catch (IOException e) {
      s = e.toString();
    }
    return (process.isAlive() ? "[running] " : "[exited " + process.exitValue() + "] ")
        + (s.length() > 3000 ? s.substring(s.length() - 3000) : s);
  }

  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      java.nio.file.Files.deleteIfExists(stderr);
    } catch (IOException e) {
      // best effort
    }
  }
}
