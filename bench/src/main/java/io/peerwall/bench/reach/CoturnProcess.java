package io.peerwall.bench.reach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * coturn ({@code /usr/bin/turnserver}) as docs/self-hosting.md runs it: shared-secret mode ({@code
 * use-auth-secret}: credentials come from the rendezvous, decision 0066), UDP only, in the lab's
 * public namespace. The secret is written to the configuration file and to a separate owner-only
 * file for {@code peerwall rendezvous --turn-secret-file}. Killed on close.
 */
public final class CoturnProcess implements AutoCloseable {
  public static final int PORT = 3478;
  public static final int MIN_RELAY_PORT = 49160;
  public static final int MAX_RELAY_PORT = 49480;

  private final Process process;
  private final Path dir;
  private final Path secretFile;

  private CoturnProcess(Process process, Path dir, Path secretFile) {
    this.process = process;
    this.dir = dir;
    this.secretFile = secretFile;
  }

  public static boolean installed() {
    return Files.isExecutable(Path.of("/usr/bin/turnserver"));
  }

  /**
   * Starts coturn on {@code ip:3478} in {@code netns} and waits until it listens.
   *
   * @param secret the shared secret (≥ 16 characters, no spaces)
   */
  public static CoturnProcess start(String netns, String ip, String secret, Path dir)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path secretFile = dir.resolve("turn-secret");
    Files.writeString(secretFile, secret + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
    Path conf = dir.resolve("turnserver.conf");
    Path log = dir.resolve("turn.log");
    List<String> lines =
        List.of(
            "listening-ip=" + ip,
            "relay-ip=" + ip,
            "listening-port=" + PORT,
            "min-port=" + MIN_RELAY_PORT,
            "max-port=" + MAX_RELAY_PORT,
            "realm=peerwall.lab",
            "use-auth-secret",
            "static-auth-secret=" + secret,
            "fingerprint",
            "no-tls",
            "no-dtls",
            "no-tcp-relay",
            "no-cli",
            "no-software-attribute",
            "no-multicast-peers",
            // As docs/self-hosting.md: no relaying into private networks. The lab's sites use
            // 10/8 for their LANs (100.64/10 and 198.19/16 stand for the public Internet here).
            "denied-peer-ip=10.0.0.0-10.255.255.255",
            "pidfile=" + dir.resolve("turn.pid"),
            "log-file=" + log,
            "simple-log");
    Files.writeString(conf, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns));
    cmd.addAll(List.of("/usr/bin/turnserver", "-c", conf.toString()));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("turn.out").toFile())
            .start();
    CoturnProcess c = new CoturnProcess(p, dir, secretFile);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(Files.exists(log) && Files.readString(log).contains("listener"))) {
      if (!p.isAlive()) {
        throw new IOException("turnserver exited: " + Files.readString(dir.resolve("turn.out")));
      }
      if (System.nanoTime() > deadline) {
        c.close();
        throw new IOException("turnserver did not start listening within 10 s: " + c.logTail());
      }
      Thread.sleep(50);
    }
    Thread.sleep(200);
    return c;
  }

  /** The file holding the shared secret, owner-only (for the rendezvous). */
  public Path secretFile() {
    return secretFile;
  }

  /** The end of coturn's log, for failure messages. */
  public String logTail() throws IOException {
    Path log = dir.resolve("turn.log");
    String s = Files.exists(log) ? Files.readString(log) : "";
    return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
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
