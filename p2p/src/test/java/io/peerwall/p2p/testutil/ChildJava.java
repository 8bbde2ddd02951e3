package io.peerwall.p2p.testutil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * A test main class run in a child JVM, optionally inside a network namespace ({@code ip netns
 * exec}), with this JVM's class path. Its stdout lines are queued for the test; its stderr (ice4j's
 * logging, crashes) goes to a file shown by {@link #errTail()}. Killed on close.
 */
public final class ChildJava implements AutoCloseable {
  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  public final List<String> all = new CopyOnWriteArrayList<>();

  private ChildJava(Process p, Path stderr) {
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
                // the process ended
              }
            },
            "test-child-out");
    t.setDaemon(true);
    t.start();
  }

  public static ChildJava start(String netns, Class<?> main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (netns != null) {
      cmd.addAll(List.of("ip", "netns", "exec", netns));
    }
    cmd.addAll(
        List.of(
            System.getProperty("java.home") + "/bin/java",
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-Dice4j.harvest.mapping.aws.enabled=false",
            "-Dice4j.harvest.mapping.stun.enabled=false",
            "-cp",
            System.getProperty("java.class.path"),
            main.getName()));
    cmd.addAll(List.of(args));
    Path err = Files.createTempFile("child-", ".err");
    err.toFile().deleteOnExit();
    return new ChildJava(new ProcessBuilder(cmd).redirectError(err.toFile()).start(), err);
  }

  /** The next line starting with {@code prefix} (earlier lines are skipped), or null on timeout. */
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

  /** Whether it runs, and the end of its stderr: for failure messages. */
  public String errTail() {
    String s;
    try {
      s = Files.readString(stderr);
    } catch (IOException e) {
      s = e.toString();
    }
    return (process.isAlive() ? "[running] " : "[exited " + process.exitValue() + "] ")
        + (s.length() > 3000 ? s.substring(s.length() - 3000) : s);
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(stderr);
    } catch (IOException e) {
      // best effort
    }
  }
}
