package io.peerwall.station.rendezvous;

import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.DurationConverter;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.StopSignal;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.rendezvous.RendezvousServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall rendezvous}: runs the self-hostable rendezvous. It relays signaling lines between
 * stations and registered cameras by camera ID; it never sees media or passwords and cannot
 * impersonate either side (see docs/protocol.md).
 */
@Command(
    name = "rendezvous",
    description = {
      "Run a rendezvous: cameras register (proving their ID), stations reach them by ID.",
      "It relays signed signaling only: no media, no passwords, nothing to impersonate with."
    })
public final class RendezvousCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDR",
      description = "Listen address (default ${DEFAULT-VALUE}).")
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
      names = "--duration",
      converter = DurationConverter.class,
      paramLabel = "D",
      description = "Run this long, then exit 0.")
  Duration duration;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    common.prepare();
    StopSignal stop = new StopSignal().onProcessSignal();
    try (RendezvousServer server = new RendezvousServer(bind, port, maxClients)) {
      try {
        server.start();
      } catch (IOException e) {
        throw new UserFacingException(
            ExitCode.PORT_IN_USE, e.getMessage() + "; choose another with --port", e);
      }
      out.printf("Rendezvous listening on %s:%d%n", bind.getHostAddress(), server.port());
      out.flush();
      stop.await(duration);
      out.printf(
          "Relayed %d signaling line(s); %d camera(s) registered at exit.%n",
          server.relayedLines(), server.registeredCameras());
      return stop.interruptedBySignal() ? ExitCode.INTERRUPTED : ExitCode.OK;
    } finally {
      stop.cleanedUp();
    }
  }
}
