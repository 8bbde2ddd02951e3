package io.peerwall.p2p.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real coturn ({@code turnserver -c FILE}) started by a test, optionally inside a network
 * namespace: TURN over UDP only, long-term credentials, loopback peers allowed when it runs on
 * loopback. Stopped (killed) on close.
 */
public final class Coturn implements AutoCloseable {
  public static final String USER = "lab";
  public static final String PASSWORD = "lab-turn-secret";

  private final Process process;
  private final InetSocketAddress address;
  private final Path log;

  private Coturn(Process p, InetSocketAddress address, Path log) {
    this.process = p;
    this.address = address;
    this.log = log;
  }

  public static boolean installed() {
    return Files.isExecutable(Path.of("/usr/bin/turnserver"));
  }

  public static Coturn start(String netns, String ip, int port, Path dir)
      throws IOException, InterruptedException {
    return start(netns, ip, port, dir, new String[0]);
  }

  /**
   * @param extraConfig more turnserver.conf lines (e.g. {@code verbose}, {@code
   *     denied-peer-ip=...})
   */
  public static Coturn start(String netns, String ip, int port, Path dir, String... extraConfig)
      throws IOException, InterruptedException {
    Path conf = dir.resolve("turnserver.conf");
    Path log = dir.resolve("turn.log");
    Files.writeString(
        conf,
        String.join(
                "\n",
                "listening-ip=" + ip,
                "relay-ip=" + ip,
                "listening-port=" + port,
                "min-port=" + (port + 1000),
                "max-port=" + (port + 1200),
                "realm=peerwall.test",
                "lt-cred-mech",
                "user=" + USER + ":" + PASSWORD,
                "fingerprint",
                "no-tls",
                "no-dtls",
                "no-tcp-relay",
                "no-cli",
                "allow-loopback-peers",
                "no-software-attribute",
                "pidfile=" + dir.resolve("turn.pid"),
                "log-file=" + log,
                "simple-log",
                String.join("\n", extraConfig))
            + "\n");
    List<String> cmd = new ArrayList<>();
    if (netns != null) {
      cmd.addAll(List.of("ip", "netns", "exec", netns));
    }
    cmd.addAll(List.of("/usr/bin/turnserver", "-c", conf.toString()));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("turn.out").toFile())
            .start();
    Coturn c = new Coturn(p, new InetSocketAddress(ip, port), log);
    // Ready when it logs that its UDP listener is up (or after 3 s at most).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains("listener")) {
        break;
      }
      if (!p.isAlive()) {
        throw new IOException("turnserver exited: " + Files.readString(dir.resolve("turn.out")));
      }
      Thread.sleep(50);
    }
    Thread.sleep(200);
    return c;
  }

  /** The whole log file ("" before coturn wrote one). */
  public String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  public InetSocketAddress address() {
    return address;
  }

  /**
   * The end of coturn's log file and of its stdout/stderr: some failures show only on stderr (e.g.
   * {@code perror("udp send")} when a relay send fails, after which coturn closes the allocation).
   */
  public String logTail() throws IOException {
    String s = Files.exists(log) ? Files.readString(log) : "";
    Path out = log.resolveSibling("turn.out");
    String e = Files.exists(out) ? Files.readString(out) : "";
    return tail(s, 2000) + "\n--- turnserver stdout/stderr ---\n" + tail(e, 1000);
  }

  private static String tail(String s, int n) {
    return s.length() > n ? s.substring(s.length() - n) : s;
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
