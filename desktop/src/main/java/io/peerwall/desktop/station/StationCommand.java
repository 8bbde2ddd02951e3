package io.peerwall.desktop.station;

import io.peerwall.desktop.app.ExitCode;
import io.peerwall.desktop.cli.CommonOptions;
import io.peerwall.desktop.cli.DisplayOptions;
import io.peerwall.desktop.cli.HostPort;
import io.peerwall.desktop.cli.LocalRoute;
import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.recorder.RecordingIndex;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peerwall station --connect HOST:PORT}: watch cameras served by camera agents. */
@Command(
    name = "station",
    description = "Watch camera agents on the wall (or headless), connecting to each directly.")
public final class StationCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin DisplayOptions display;

  @Option(
      names = "--connect",
      paramLabel = "HOST:PORT",
      required = true,
      converter = HostPort.class,
      description = "A camera agent's signaling address, as 'camera serve' prints it. Repeatable.")
  List<InetSocketAddress> cameras;

  PrintStream out = System.out;
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    var dirs = common.prepare();
    Clock clock = Clock.systemUTC();
    StopSignal stop = new StopSignal().onProcessSignal();
    try (RecordingIndex index = RecordingIndex.open(dirs.data())) {
      List<CameraFeed> feeds = new ArrayList<>();
      for (InetSocketAddress camera : cameras) {
        String label = camera.getAddress().getHostAddress() + ":" + camera.getPort();
        feeds.add(new CameraFeed(label, label, camera, clientFor(camera), clock, 320, 180));
      }
      boolean headless = display.headless(environment);
      StationRunner runner =
          new StationRunner(
              feeds,
              new StationRunner.Options(
                  "PeerWall — station",
                  headless,
                  display.duration(),
                  display.statsJson(),
                  display.statusInterval()),
              clock,
              out);
      List<FeedReport> reports = runner.run(stop, null);
      boolean allLive = true;
      for (FeedReport report : reports) {
        allLive &= report.everLive();
        if (report.everLive()) {
          index.upsertCamera(report.id(), report.name(), clock.millis() * 1000);
          index.markSeen(report.id(), clock.millis() * 1000);
        } else {
          out.println("peerwall: camera " + report.name() + " could not be reached");
        }
      }
      if (stop.interruptedBySignal()) {
        return ExitCode.INTERRUPTED;
      }
      return allLive ? ExitCode.OK : ExitCode.CAMERA_UNREACHABLE;
    } finally {
      stop.cleanedUp();
    }
  }

  /** Host candidates on the address that routes to the camera; remote candidates only there. */
  private static SignalingClient clientFor(InetSocketAddress camera) {
    InetAddress local = LocalRoute.towards(camera);
    InetAddress remote = camera.getAddress();
    IceConfig ice =
        IceConfig.builder()
            .localAddresses(List.of(local))
            .remoteAddressPolicy(
                address ->
                    address.equals(remote)
                        || address.isLoopbackAddress() && remote.isLoopbackAddress())
            .build();
    return new SignalingClient(SignalingClient.Config.loopback().withIce(ice));
  }
}
