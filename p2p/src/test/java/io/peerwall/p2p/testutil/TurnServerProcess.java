package io.peerwall.p2p.testutil;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real coturn ({@code /usr/bin/turnserver -c FILE}) in its shared-secret mode ({@code
 * use-auth-secret}, {@code static-auth-secret}: the TURN REST API scheme), UDP only, optionally
 * inside a network namespace. The secret goes into the configuration file (0600 in the test's
 * temporary directory), never on a command line. Killed on close.
 */
public final class TurnServerProcess implements AutoCloseable {
  public static final String REALM = "peerwall.test";

  private final Process process;
  private final InetSocketAddress address;
  private final Path dir;

  private TurnServerProcess(Process p, InetSocketAddress address, Path dir) {
    this.process = p;
    this.address = address;
    this.dir = dir;
  }

  public static boolean installed() {
    return Files.isExecutable(Path.of("/usr/bin/turnserver"));
  }

  /**
   * Starts coturn on {@code ip:port} sharing {@code secret}.
   *
   * @param netns namespace to run in, or null
   * @param extraConfig more turnserver.conf lines
   */
  public static TurnServerProcess start(
      String netns, String ip, int port, String secret, Path dir, String... extraConfig)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path conf = dir.resolve("turnserver.conf");
    Path log = dir.resolve("turn.log");
    List<String> lines =
        new ArrayList<>(
            List.of(
                "listening-ip=" + ip,
                "relay-ip=" + ip,
                "listening-port=" + port,
                "min-port=" + (port + 1000),
                "max-port=" + (port + 1200),
                "realm=" + REALM,
                "use-auth-secret",
                "static-auth-secret=" + secret,
                "fingerprint",
                "no-tls",
                "no-dtls",
                "no-tcp-relay",
                "no-cli",
                "allow-loopback-peers",
                "no-software-attribute",
                "pidfile=" + dir.resolve("turn.pid"),
                "log-file=" + log,
                "simple-log"));
    lines.addAll(List.of(extraConfig));
    Files.writeString(conf, String.join("\n", lines) + "\n");
    io.peerwall.p2p.identity.Identity.restrict(conf, false);
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
    TurnServerProcess t = new TurnServerProcess(p, new InetSocketAddress(ip, port), dir);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
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
    return t;
  }

  public InetSocketAddress address() {
    return address;
  }

  /** coturn's log so far ("" before it wrote one). */
  public String log() throws IOException {
    Path log = dir.resolve("turn.log");
    return Files.exists(log) ? Files.readString(log) : "";
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
