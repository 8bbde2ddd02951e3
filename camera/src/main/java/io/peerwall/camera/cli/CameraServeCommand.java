package io.peerwall.camera.cli;

import io.peerwall.camera.AgentConfig;
import io.peerwall.camera.CameraAgent;
import io.peerwall.camera.ReachSettings;
import io.peerwall.camera.StatusFile;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.DurationConverter;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.StopSignal;
import io.peerwall.cli.UserFacingException;
import io.peerwall.decoder.VideoSource;
import io.peerwall.decoder.source.SourceSpec;
import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.ice.IceServerSource;
import io.peerwall.p2p.ice.IceWarmUp;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.signaling.SignalingServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall camera serve}: serve a source to paired stations until stopped (Ctrl-C or
 * SIGTERM: sessions end, the source closes, the status file is removed, exit 130). Settings come
 * from {@code camera.json} (written by {@code camera init}) and the source from {@code source.json}
 * ({@code camera source set}); options override them for this run.
 */
@Command(name = "serve", description = "Serve a video source to stations that connect.")
public final class CameraServeCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--name",
      defaultValue = "PeerWall camera",
      description = "Camera name shown on the wall.")
  String name;

  @Option(
      names = "--source",
      paramLabel = "SPEC",
      description =
          "What to serve: testpattern[:WxH@FPS], file:PATH, rtsp://[USER:PASSWORD@]HOST[:PORT]/PATH"
              + " or v4l2:/dev/videoN (default: the saved one, see 'camera source set', else"
              + " testpattern).")
  String source;

  @Option(
      names = "--source-file",
      paramLabel = "FILE",
      description =
          "Read the source SPEC from the first line of FILE (keeps RTSP credentials off the"
              + " command line and the process list).")
  Path sourceFile;

  @Option(
      names = "--sub-source",
      paramLabel = "SPEC",
      description =
          "A second, smaller stream stations may select: the camera's second RTSP URL, a lower"
              + " rendition of the file, a smaller test pattern. Without it, webcams and test"
              + " patterns get a sub stream made by the agent; files and RTSP get none.")
  String subSource;

  @Option(
      names = "--no-sub-stream",
      description = "Offer only the main stream (no sub stream is made or opened).")
  boolean noSubStream;

  @Option(
      names = "--live",
      description = "Encode a test pattern live instead of replaying a pre-encoded clip.")
  boolean live;

  @Option(names = "--port", description = "Signaling port (default: camera.json, else 7700).")
  Integer port;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      description =
          "Address for signaling and media (default: camera.json, else 127.0.0.1); 0.0.0.0"
              + " listens everywhere and offers stations every address of this machine.")
  String bind;

  @Option(
      names = "--max-stations",
      paramLabel = "N",
      description = "Stations that may watch at once (default: camera.json, else 8).")
  Integer maxStations;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description =
          "Set the camera password from the first line of FILE (checked for strength; only a"
              + " verifier is kept). Without it the camera keeps its password.")
  Path passwordFile;

  @Mixin ReachOptions reachOptions = new ReachOptions();

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Serve this long, then exit 0. Default: until Ctrl-C or SIGTERM.")
  Duration duration;

  PrintStream out = System.out;

  /** Ends the serve when triggered; null installs one on Ctrl-C / SIGTERM (tests set their own). */
  StopSignal stopSignal;

  @Override
  public Integer call() throws Exception {
    // ice4j's first agent in a JVM costs 1 to 4 s of loading (decision 0067): paid now, while the
    // sources open, not by the first station to connect (a camera restarted under a watching
    // station is live again that much sooner).
    IceWarmUp.inBackground();
    SourceSpec mainSpec =
        source == null && sourceFile == null ? null : ServeSources.parse(source, sourceFile);
    SourceSpec subSpec = subSource == null ? null : ServeSources.parse(subSource, null);
    if (noSubStream && subSpec != null) {
      throw new UserFacingException(
          ExitCode.USAGE, "--sub-source and --no-sub-stream cannot be used together");
    }
    AppDirs dirs = common.prepare();
    Path dir = CameraSetup.dir(dirs, name);
    AgentConfig saved = CameraState.config(dir, name);
    AgentConfig settings;
    try {
      settings =
          new AgentConfig(
              name,
              port != null ? port : saved.port(),
              bind != null ? bind : saved.bind(),
              maxStations != null ? maxStations : saved.maxStations(),
              saved.reach());
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(ExitCode.USAGE, e.getMessage(), e);
    }
    InetAddress address = address(settings.bind());
    List<InetAddress> offered = offered(address);
    InetAddress reachable = offered.get(0); // what stations are told to use
    CameraCredentials credentials = CameraSetup.open(dirs, name, passwordFile, out);
    if (reachOptions.given()) {
      // Reach settings are kept (a restart by systemd needs no option); the others are per run.
      ReachSettings reach = reachOptions.apply(saved.reach(), credentials.identity());
      CameraState.save(dir, saved.withReach(reach));
      settings = settings.withReach(reach);
      out.println("Saved how stations reach this camera in " + dir.resolve(AgentConfig.FILE));
    }
    SourceSpec[] specs = ServeSources.resolve(mainSpec, subSpec, dir, credentials.identity());
    mainSpec = specs[0];
    subSpec = specs[1];
    // Filled by the rendezvous registration with its STUN and TURN servers; read per session.
    IceServerSource.Holder granted = new IceServerSource.Holder();
    IceConfig ice =
        CameraReach.ice(offered, settings.reach(), credentials.identity(), granted, out);
    SignalingServer.Config config = signalingConfig(settings, address, ice, credentials);
    Path cache = dirs.data().resolve("cache");
    VideoSource mainSource = ServeSources.create(mainSpec, name, cache, live);
    ServeSources.SubStream sub;
    try {
      sub = ServeSources.sub(mainSpec, mainSource, subSpec, noSubStream, name, cache, live);
    } catch (RuntimeException e) {
      mainSource.close();
      throw e;
    }
    StopSignal stop = stopSignal != null ? stopSignal : new StopSignal().onProcessSignal();
    try (CameraAgent agent = new CameraAgent(config, mainSource, sub.source())) {
      startAgent(agent, settings);
      String where = hostPort(reachable, agent.port());
      out.printf("Camera '%s' is serving %s on %s.%n", name, mainSpec.describe(), where);
      if (offered.size() > 1 || !offered.get(0).equals(address)) {
        out.printf(
            "Listening on %s; offering stations %s.%n",
            address.getHostAddress(),
            String.join(", ", offered.stream().map(InetAddress::getHostAddress).toList()));
      }
      out.printf("Sub stream: %s%n", sub.summary());
      out.printf("Camera ID: %s%n", agent.cameraId());
      out.printf("Pair once with: ./peerwall pair %s --address %s%n", agent.cameraId(), where);
      out.printf("Watch it with: ./peerwall station --connect %s%n", where);
      if (settings.reach().rendezvous() != null) {
        out.printf(
            "From anywhere: ./peerwall network --rendezvous %s, then ./peerwall pair %s%n",
            settings.reach().rendezvous(), agent.cameraId());
      }
      if (!agent.sourceProblem().isEmpty()) {
        out.printf("The source cannot be opened yet (%s); retrying.%n", agent.sourceProblem());
      }
      out.flush();
      try (CameraReach reach =
              CameraReach.open(agent, dir, reachable, settings.reach(), granted, out);
          StatusFile status =
              StatusFile.start(dir, agent, mainSpec.describe(), sub.summary())
                  .withRendezvous(reach::status)) {
        stop.await(duration);
      }
      out.printf(
          "Served %d frame(s) to %d station session(s).%n",
          agent.framesSent(), agent.sessionsServed());
      return stop.interruptedBySignal() ? ExitCode.INTERRUPTED : ExitCode.OK;
    } finally {
      stop.cleanedUp();
    }
  }

  private static SignalingServer.Config signalingConfig(
      AgentConfig settings, InetAddress address, IceConfig ice, CameraCredentials credentials) {
    SignalingServer.Config base =
        SignalingServer.Config.loopback(settings.name(), credentials)
            .withPort(settings.port())
            .withIce(ice)
            .withBindAddress(address);
    return new SignalingServer.Config(
        base.bindAddress(),
        base.port(),
        base.cameraName(),
        base.credentials(),
        base.ice(),
        base.media(),
        settings.maxStations(),
        base.handshakeTimeout(),
        base.deadAfter());
  }

  private static List<InetAddress> offered(InetAddress bind) {
    try {
      return OfferedAddresses.forBind(bind);
    } catch (java.net.SocketException e) {
      throw new UserFacingException(
          ExitCode.FAILURE, "cannot list this machine's network addresses: " + e.getMessage(), e);
    }
  }

  private static String hostPort(InetAddress a, int port) {
    String host = a.getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static InetAddress address(String bind) {
    try {
      return InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new UserFacingException(ExitCode.USAGE, "--bind: unknown address '" + bind + "'", e);
    }
  }

  private static void startAgent(CameraAgent agent, AgentConfig s) {
    try {
      agent.start();
    } catch (BindException e) {
      throw new UserFacingException(
          ExitCode.PORT_IN_USE,
          "port " + s.port() + " on " + s.bind() + " is in use; choose another with --port",
          e);
    } catch (IOException e) {
      throw new UserFacingException(
          ExitCode.PORT_IN_USE,
          "cannot listen on " + s.bind() + ":" + s.port() + " (" + e.getMessage() + ")",
          e);
    }
  }
}
