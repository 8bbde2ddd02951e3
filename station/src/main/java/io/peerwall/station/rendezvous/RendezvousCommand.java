package io.peerwall.station.rendezvous;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.DurationConverter;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.HostPort;
import io.peerwall.cli.StopSignal;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.rendezvous.RendezvousConfig;
import io.peerwall.p2p.rendezvous.RendezvousServer;
import io.peerwall.p2p.turn.TurnRestCredentials;
import io.peerwall.p2p.turn.TurnSecret;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall rendezvous}: runs the self-hostable rendezvous. It relays signaling lines between
 * stations and registered cameras by camera ID; it never sees media or passwords and cannot
 * impersonate either side (docs/protocol.md §6). It has a key of its own, kept in {@code --key-dir}
 * (made on first start), whose ID peers pin ({@code host:port#ID}); with it, it tells peers that
 * proved their ID its STUN and TURN servers, with TURN credentials minted from the secret it shares
 * with coturn (decisions 0065, 0066). docs/self-hosting.md shows it running next to coturn.
 */
@Command(
    name = "rendezvous",
    subcommands = CoturnConfigCommand.class,
    description = {
      "Run a rendezvous: cameras register (proving their ID), stations reach them by ID.",
      "It relays signed signaling only: no media, no passwords, nothing to impersonate with.",
      "With --stun/--turn it also hands its STUN and TURN servers to cameras and stations, with"
          + " TURN credentials that expire (coturn's use-auth-secret)."
    })
public final class RendezvousCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDR",
      description = "Listen address (default ${DEFAULT-VALUE}; 0.0.0.0 for every address).")
  InetAddress bind;

  @Option(
      names = "--port",
      defaultValue = "7800",
      description = "TCP port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--max-clients",
      defaultValue = "1024",
      description = "Concurrent connections (default ${DEFAULT-VALUE}).")
  int maxClients;

  @Option(
      names = "--key-dir",
      paramLabel = "DIR",
      description =
          "Where the rendezvous keeps its key (made on first start; default: the 'rendezvous'"
              + " directory in PeerWall's configuration). Its ID is what cameras and stations pin.")
  Path keyDir;

  @Option(
      names = "--stun",
      paramLabel = "HOST:PORT",
      description = "A STUN server to tell peers about (repeatable, at most 4).")
  List<String> stun = new ArrayList<>();

  @Option(
      names = "--turn",
      paramLabel = "HOST:PORT",
      description =
          "A TURN server (coturn with use-auth-secret) to hand out credentials for (repeatable,"
              + " at most 4). Needs --turn-secret-file.")
  List<String> turn = new ArrayList<>();

  @Option(
      names = "--turn-secret-file",
      paramLabel = "FILE",
      description =
          "The secret shared with the TURN servers (coturn's static-auth-secret), on one line of"
              + " a file only its owner may read (chmod 600).")
  Path turnSecretFile;

  @Option(
      names = "--turn-ttl",
      converter = DurationConverter.class,
      paramLabel = "D",
      description = "How long handed-out TURN credentials last (1m to 24h; default 1h).")
  Duration turnTtl = RendezvousConfig.DEFAULT_TURN_TTL;

  @Option(
      names = "--allow-file",
      paramLabel = "FILE",
      description =
          "Hand TURN credentials only to the camera and station IDs listed in FILE (one a line,"
              + " '#' comments). Default: every peer that proves an ID.")
  Path allowFile;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      paramLabel = "D",
      description = "Run this long, then exit 0.")
  Duration duration;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    AppDirs dirs = common.prepare();
    RendezvousConfig config = config(dirs);
    StopSignal stop = new StopSignal().onProcessSignal();
    try (RendezvousServer server = new RendezvousServer(config)) {
      try {
        server.start();
      } catch (IOException e) {
        throw new UserFacingException(
            ExitCode.PORT_IN_USE, e.getMessage() + "; choose another with --port", e);
      }
      String where = hostPort(bind, server.port());
      out.printf("Rendezvous listening on %s%n", where);
      out.printf("Rendezvous ID: %s%n", server.rendezvousId());
      out.printf(
          "Cameras and stations use: %s#%s%s%n",
          bind.isAnyLocalAddress() ? "THIS-MACHINE:" + server.port() : where,
          server.rendezvousId(),
          bind.isAnyLocalAddress() ? " (THIS-MACHINE: its public name or address)" : "");
      if (!config.stun().isEmpty() || !config.turn().isEmpty()) {
        out.printf(
            "Handing out STUN %s, TURN %s (credentials for %s)%n",
            config.stun().isEmpty() ? "-" : addresses(config.stun()),
            config.turn().isEmpty() ? "-" : addresses(config.turn()),
            config.turnTtl().toMinutes() + " min");
      }
      out.flush();
      stop.await(duration);
      out.printf(
          "Relayed %d signaling line(s); %d camera(s) registered at exit.%n",
          server.relayedLines(), server.registeredCameras());
      return stop.interruptedBySignal() ? ExitCode.INTERRUPTED : ExitCode.OK;
    } finally {
      if (config.turnSecret() != null) {
        config.turnSecret().close();
      }
      stop.cleanedUp();
    }
  }

  private RendezvousConfig config(AppDirs dirs) {
    Path dir = keyDir != null ? keyDir : dirs.config().resolve("rendezvous");
    Identity identity;
    try {
      identity = Identity.loadOrCreate(dir);
    } catch (IOException e) {
      throw new UserFacingException(
          ExitCode.DATA_DIR,
          "cannot read or create the rendezvous key in " + dir + " (" + e.getMessage() + ")",
          e);
    }
    RendezvousConfig c = RendezvousConfig.of(bind, port, maxClients, identity);
    if (stun.size() > 4 || turn.size() > 4) {
      throw new UserFacingException(ExitCode.USAGE, "at most 4 --stun and 4 --turn servers");
    }
    if (!stun.isEmpty()) {
      c = c.withStun(resolved(stun));
    }
    if (!turn.isEmpty()) {
      if (turnSecretFile == null) {
        throw new UserFacingException(
            ExitCode.USAGE,
            "--turn needs --turn-secret-file FILE: the value of coturn's static-auth-secret");
      }
      if (turnTtl.compareTo(TurnRestCredentials.MIN_TTL) < 0
          || turnTtl.compareTo(TurnRestCredentials.MAX_TTL) > 0) {
        throw new UserFacingException(ExitCode.USAGE, "--turn-ttl must be 1m to 24h");
      }
      TurnSecret secret;
      try {
        secret = TurnSecret.load(turnSecretFile);
      } catch (IOException e) {
        throw new UserFacingException(ExitCode.USAGE, e.getMessage(), e);
      }
      c = c.withTurn(resolved(turn), secret, turnTtl);
    } else if (turnSecretFile != null) {
      throw new UserFacingException(
          ExitCode.USAGE, "--turn-secret-file is for --turn servers; none is given");
    }
    if (allowFile != null) {
      Set<String> allowed = AllowList.read(allowFile);
      c = c.withMayRelay(allowed::contains);
    }
    return c;
  }

  private static List<InetSocketAddress> resolved(List<String> hostPorts) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String s : hostPorts) {
      out.add(HostPort.resolve(s)); // names are resolved once, here: grants carry IP literals
    }
    return out;
  }

  private static String addresses(List<InetSocketAddress> list) {
    return String.join(
        ", ", list.stream().map(a -> hostPort(a.getAddress(), a.getPort())).toList());
  }

  private static String hostPort(InetAddress a, int port) {
    String host = a.getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
