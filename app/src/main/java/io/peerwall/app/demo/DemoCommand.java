package io.peerwall.app.demo;

import io.peerwall.camera.CameraAgent;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.StopSignal;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.RecordingIndex;
import io.peerwall.station.StationSetup;
import io.peerwall.station.adaptive.StreamChoice;
import io.peerwall.station.audit.AuditService;
import io.peerwall.station.evidence.StationEvidence;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.recordings.DiskUse;
import io.peerwall.station.recordings.RecordingSession;
import io.peerwall.station.run.DisplayOptions;
import io.peerwall.station.run.FeedReport;
import io.peerwall.station.run.StationRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code peerwall demo}: simulated cameras and a station watching them, in one process. */
@Command(
    name = "demo",
    description = {
      "Start N simulated cameras and a station that shows them on a wall.",
      "Each camera is a real camera agent replaying a pre-encoded H.264 clip over an ICE session"
          + " on loopback; the station decodes every feed with FFmpeg."
    })
public final class DemoCommand implements Callable<Integer> {
  static final int MAX_CAMERAS = 64;
  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin DisplayOptions display;

  @Option(
      names = "--cameras",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "How many simulated cameras (1 to " + MAX_CAMERAS + ", default ${DEFAULT-VALUE}).")
  int cameras;

  /** Where status lines go; tests replace it. */
  PrintStream out = System.out;

  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    if (cameras < 1 || cameras > MAX_CAMERAS) {
      throw new ParameterException(
          spec.commandLine(),
          "--cameras must be between 1 and " + MAX_CAMERAS + ", not " + cameras);
    }
    AppDirs dirs = common.prepare();
    boolean headless = display.headless(environment);
    Clock clock = Clock.systemUTC();
    StopSignal stop = new StopSignal().onProcessSignal();
    try (RecordingIndex index = RecordingIndex.open(dirs.data());
        DemoCameras simulated = startCameras(dirs);
        // The wall's Audit screen over the demo station (its cameras share the demo password).
        AuditHolder audit = new AuditHolder();
        RecordingSession recording =
            RecordingSession.open(dirs.data(), RecorderConfig.defaults(), out)) {
      // The last few cameras start unpaired, for the wall's "add camera" dialog.
      List<CameraAgent> agents = simulated.agents().subList(0, cameras);
      SignalingClient client = DemoCameras.pairedStation(agents);
      DemoPairing pairing =
          new DemoPairing(
              simulated.agents().subList(cameras, simulated.agents().size()), client, clock);
      simulated.onClose(pairing);
      List<CameraFeed> feeds = new ArrayList<>();
      Map<CameraFeed, CameraAgent> agentOf = new HashMap<>();
      for (CameraAgent agent : agents) {
        index.upsertCamera(agent.cameraId(), agent.name(), clock.millis() * 1000);
        CameraFeed feed =
            new CameraFeed(
                agent.cameraId(),
                agent.name(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port()),
                client,
                clock,
                320,
                180);
        feeds.add(feed);
        agentOf.put(feed, agent);
      }
      recording.record(feeds); // every camera is recorded (recorder/, docs/storage.md)
      audit.service = AuditService.open(dirs.data(), client.config().credentials(), clock);
      feeds.forEach(audit.service::watch);
      out.printf(
          "PeerWall demo: %d camera(s), %s, paired and over DTLS-SRTP.%n",
          cameras, headless ? "headless" : "on the wall");
      StationRunner runner =
          new StationRunner(
              feeds,
              new StationRunner.Options(
                  "PeerWall — demo wall",
                  headless,
                  display.duration(),
                  display.statsJson(),
                  display.statusInterval()),
              clock,
              out);
      runner.withDisplayServices(dirs, pairing, () -> DiskUse.of(recording.recorder().status()));
      runner.withAudit(audit.service);
      if (!headless) {
        // The wall's evidence menu: exports signed by this data directory's station key.
        runner.withEvidence(StationEvidence.open(dirs, StationSetup.open(dirs), clock));
      }
      if (!headless) {
        out.printf(
            "To try \"Add camera\": ID %s, password %s%n",
            String.join(" or ", pairing.discovered().stream().map(d -> d.cameraId()).toList()),
            DemoPairing.DEMO_PASSWORD);
      }
      // Of the stream the tile shows: a recording feed's session also carries the main stream.
      List<FeedReport> reports =
          runner.run(
              stop,
              feed ->
                  agentOf
                      .get(feed)
                      .framesSent(
                          feed.activeStream() == StreamChoice.SUB
                              ? CameraAgent.SUB
                              : CameraAgent.MAIN));
      out.println(recording.closeAndReport()); // the feeds are closed: nothing more to record
      for (FeedReport report : reports) {
        if (report.everLive()) {
          index.markSeen(report.id(), clock.millis() * 1000);
        }
      }
      return verdict(reports, stop);
    } finally {
      stop.cleanedUp();
    }
  }

  private DemoCameras startCameras(AppDirs dirs) throws IOException {
    try {
      return DemoCameras.start(
          cameras + DemoPairing.SPARES,
          dirs.data().resolve("cache"),
          dirs.data().resolve("demo-cameras"),
          out);
    } catch (LinkageError e) {
      throw new UserFacingException(
          ExitCode.NATIVES,
          "the FFmpeg libraries (JavaCV) could not be loaded ("
              + e.getMessage()
              + "); rebuild with ./mvnw install and check that ~/.javacpp/cache is writable",
          e);
    }
  }

  private int verdict(List<FeedReport> reports, StopSignal stop) {
    List<String> neverLive =
        reports.stream()
            .filter(r -> !r.everLive())
            .map(FeedReport::name)
            .collect(Collectors.toList());
    if (stop.interruptedBySignal()) {
      return ExitCode.INTERRUPTED;
    }
    if (!neverLive.isEmpty()) {
      log.warn("cameras that never went live: {}", neverLive);
      out.println(
          "peerwall: these cameras never went live: "
              + String.join(", ", neverLive)
              + " (see the log)");
      return ExitCode.DEMO_UNHEALTHY;
    }
    return ExitCode.OK;
  }

  /** Closes the demo's audit (made once the station's credentials exist) with the demo. */
  private static final class AuditHolder implements AutoCloseable {
    AuditService service;

    @Override
    public void close() {
      if (service != null) {
        service.close();
      }
    }
  }
}
