package io.peerwall.station.rendezvous;

import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.turn.TurnSecret;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peerwall rendezvous coturn-config}: writes a coturn configuration for PeerWall (shared
 * secret mode, UDP only, no relaying into private networks) and the secret file the rendezvous
 * reads, both owner-only; an existing secret file is kept, so the two always agree. Prints the
 * commands that run both (docs/self-hosting.md).
 */
@Command(
    name = "coturn-config",
    description = {
      "Write a coturn configuration for PeerWall and the TURN secret the rendezvous shares with it"
          + " (both readable by their owner only; an existing secret is kept)."
    })
public final class CoturnConfigCommand implements Callable<Integer> {
  /** The relay ports coturn uses: the UDP range to open in a firewall. */
  static final int MIN_RELAY_PORT = 49160;

  static final int MAX_RELAY_PORT = 49660;

  @Option(
      names = "--public-ip",
      required = true,
      paramLabel = "IP",
      description = "The address cameras and stations reach this machine at.")
  InetAddress publicIp;

  @Option(
      names = "--listening-ip",
      paramLabel = "IP",
      description =
          "The address coturn listens on, when it is not the public one (a cloud machine behind"
              + " 1:1 NAT); default: --public-ip.")
  InetAddress listeningIp;

  @Option(
      names = "--out",
      defaultValue = "turnserver.conf",
      paramLabel = "FILE",
      description = "The coturn configuration to write (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--secret-file",
      defaultValue = "turn-secret",
      paramLabel = "FILE",
      description = "The shared secret, made if missing (default ${DEFAULT-VALUE}).")
  Path secretFile;

  PrintStream stdout = System.out;

  @Override
  public Integer call() throws Exception {
    String secret = secret();
    InetAddress listen = listeningIp != null ? listeningIp : publicIp;
    List<String> lines = new ArrayList<>();
    lines.add("# coturn for PeerWall: 'peerwall rendezvous coturn-config' (docs/self-hosting.md)");
    lines.add("listening-ip=" + listen.getHostAddress());
    lines.add("relay-ip=" + listen.getHostAddress());
    if (!listen.equals(publicIp)) {
      lines.add("external-ip=" + publicIp.getHostAddress() + "/" + listen.getHostAddress());
    }
    lines.addAll(
        List.of(
            "listening-port=3478",
            "min-port=" + MIN_RELAY_PORT,
            "max-port=" + MAX_RELAY_PORT,
            "realm=peerwall",
            "# Credentials come from the rendezvous (TURN REST API), valid for an hour",
            "use-auth-secret",
            "static-auth-secret=" + secret,
            "fingerprint",
            "# UDP only: PeerWall's TURN client speaks UDP",
            "no-tls",
            "no-dtls",
            "no-tcp-relay",
            "no-cli",
            "no-software-attribute",
            "# No relaying into private networks (coturn's own or a peer's LAN)",
            "no-multicast-peers",
            "denied-peer-ip=0.0.0.0-0.255.255.255",
            "denied-peer-ip=10.0.0.0-10.255.255.255",
            "denied-peer-ip=100.64.0.0-100.127.255.255",
            "denied-peer-ip=169.254.0.0-169.254.255.255",
            "denied-peer-ip=172.16.0.0-172.31.255.255",
            "denied-peer-ip=192.168.0.0-192.168.255.255",
            "denied-peer-ip=fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "denied-peer-ip=fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "# Allocations per peer ID (a station watching many cameras needs one each)",
            "user-quota=64",
            "total-quota=1000",
            "# To standard output: the journal when systemd runs it",
            "log-file=stdout",
            "simple-log"));
    try {
      Identity.writeOwnerOnly(
          out, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UserFacingException(
          ExitCode.DATA_DIR, "cannot write " + out + " (" + e.getMessage() + ")", e);
    }
    String ip = hostPort(publicIp, 3478);
    stdout.printf("Wrote %s and %s (owner-only).%n", out, secretFile);
    stdout.printf("Run coturn:         turnserver -c %s%n", out);
    stdout.printf(
        "Run the rendezvous: peerwall rendezvous --bind %s --stun %s --turn %s"
            + " --turn-secret-file %s%n",
        listen.getHostAddress(), ip, ip, secretFile);
    stdout.printf(
        "Open: TCP 7800 (rendezvous), UDP 3478 (STUN/TURN), UDP %d-%d (relayed media).%n",
        MIN_RELAY_PORT, MAX_RELAY_PORT);
    return ExitCode.OK;
  }

  /** The existing secret (checked as the rendezvous will check it), or a new one. */
  private String secret() {
    try {
      if (Files.exists(secretFile)) {
        try (TurnSecret checked = TurnSecret.load(secretFile)) {
          // readable, owner-only, well-formed: the rendezvous will accept it
        }
        return Files.readString(secretFile, StandardCharsets.UTF_8).strip();
      }
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String secret = HexFormat.of().formatHex(random);
      Identity.writeOwnerOnly(secretFile, (secret + "\n").getBytes(StandardCharsets.UTF_8));
      return secret;
    } catch (IOException e) {
      throw new UserFacingException(ExitCode.USAGE, e.getMessage(), e);
    }
  }

  private static String hostPort(InetAddress a, int port) {
    String host = a.getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
