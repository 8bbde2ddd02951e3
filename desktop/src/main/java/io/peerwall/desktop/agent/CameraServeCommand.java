package io.peerwall.desktop.agent;

import io.peerwall.camera.CameraAgent;
import io.peerwall.decoder.ClipCache;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.desktop.app.AppDirs;
import io.peerwall.desktop.app.ExitCode;
import io.peerwall.desktop.app.UserFacingException;
import io.peerwall.desktop.cli.CommonOptions;
import io.peerwall.desktop.cli.DurationConverter;
import io.peerwall.desktop.station.StopSignal;
import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.signaling.SignalingServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code peerwall camera serve}: serve a source to stations until stopped. */
@Command(name = "serve", description = "Serve a video source to stations that connect.")
public final class CameraServeCommand implements Callable<Integer> {
  private static final Pattern TEST_PATTERN =
      Pattern.compile("testpattern(?::(\\d+)x(\\d+)(?:@(\\d+))?)?");

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(
      names = "--name",
      defaultValue = "PeerWall camera",
      description = "Camera name shown on the wall.")
  String name;

  @Option(
      names = "--source",
      defaultValue = "testpattern",
      paramLabel = "SPEC",
      description = "What to serve: testpattern[:WxH[@FPS]] (default ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--port",
      defaultValue = "7700",
      description = "Signaling port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDR",
      description = "Address for signaling and media (default ${DEFAULT-VALUE}).")
  InetAddress bind;

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Serve this long, then exit 0. Default: until Ctrl-C.")
  Duration duration;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    SyntheticClipSpec clipSpec = parseSource();
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0 to 65535");
    }
    AppDirs dirs = common.prepare();
    EncodedClip clip = new ClipCache(dirs.data().resolve("cache")).getOrEncode(clipSpec);
    String cameraId = "local-" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    IceConfig ice =
        IceConfig.builder().localAddresses(List.of(bind)).remoteAddressPolicy(a -> true).build();
    SignalingServer.Config config =
        SignalingServer.Config.loopback(name, cameraId).withPort(port).withIce(ice);
    config =
        new SignalingServer.Config(
            bind,
            config.port(),
            config.cameraName(),
            config.cameraId(),
            config.ice(),
            config.media(),
            config.maxConnections(),
            config.handshakeTimeout());
    StopSignal stop = new StopSignal().onProcessSignal();
    try (CameraAgent agent = new CameraAgent(config, new ClipReplaySource(name, clip))) {
      try {
        agent.start();
      } catch (BindException e) {
        throw new UserFacingException(
            ExitCode.PORT_IN_USE,
            "port "
                + port
                + " on "
                + bind.getHostAddress()
                + " is in use; choose another with --port",
            e);
      } catch (IOException e) {
        throw new UserFacingException(
            ExitCode.PORT_IN_USE,
            "cannot listen on " + bind.getHostAddress() + ":" + port + " (" + e.getMessage() + ")",
            e);
      }
      String address = bind.getHostAddress() + ":" + agent.port();
      out.printf("Camera '%s' is serving %s on %s.%n", name, describe(clip), address);
      out.printf("Watch it with: ./peerwall station --connect %s%n", address);
      out.flush();
      stop.await(duration);
      out.printf(
          "Served %d frame(s) to %d station session(s).%n",
          agent.framesSent(), agent.sessionsServed());
      return stop.interruptedBySignal() ? ExitCode.INTERRUPTED : ExitCode.OK;
    } finally {
      stop.cleanedUp();
    }
  }

  private SyntheticClipSpec parseSource() {
    Matcher m = TEST_PATTERN.matcher(source);
    if (!m.matches()) {
      throw new ParameterException(
          spec.commandLine(),
          "--source '" + source + "' is not supported yet; use testpattern or testpattern:WxH@FPS");
    }
    SyntheticClipSpec clip = SyntheticClipSpec.defaults(name);
    try {
      if (m.group(1) != null) {
        clip = clip.withSize(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      }
      if (m.group(3) != null) {
        clip = clip.withFps(Integer.parseInt(m.group(3)));
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--source '" + source + "': " + e.getMessage());
    }
    return clip;
  }

  private static String describe(EncodedClip clip) {
    return String.format(
        Locale.ROOT, "a %dx%d test pattern at %d fps", clip.width(), clip.height(), clip.fps());
  }
}
