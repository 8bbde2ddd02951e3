package io.peerwall.station.run;

import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.HostPort;
import io.peerwall.cli.StopSignal;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.RecordingIndex;
import io.peerwall.station.StationSetup;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.StationFeeds;
import io.peerwall.station.network.NetworkSettings;
import io.peerwall.station.pairing.LanPairingService;
import io.peerwall.station.recordings.DiskUse;
import io.peerwall.station.recordings.RecordingSession;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall station}: watch and record the paired cameras (or the ones given with {@code
 * --connect}), on the wall or headless.
 */
@Command(
    name = "station",
    description = {
      "Watch and record the paired cameras on the wall (or headless), connecting to each directly.",
      "Without --connect it connects to every paired camera at its last known address."
    })
public final class StationCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin DisplayOptions display;

  @Option(
      names = "--connect",
      paramLabel = "HOST:PORT",
      converter = HostPort.class,
      description = "A camera agent's signaling address, as 'camera serve' prints it. Repeatable.")
  List<InetSocketAddress> cameras = new ArrayList<>();

  @Option(names = "--no-record", description = "Watch only; do not record.")
  boolean noRecord;

  PrintStream out = System.out;
  Clock clock = Clock.systemUTC();
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    var dirs = common.prepare();
    StopSignal stop = new StopSignal().onProcessSignal();
    // The station's identity and pinned cameras (peerwall pair): sessions are authenticated by
    // them.
    StationCredentials station = StationSetup.open(dirs);
    boolean headless = display.headless(environment);
    List<Target> targets = targets(station, headless);
    try (RecordingIndex index = RecordingIndex.open(dirs.data());
        RecordingSession recording =
            noRecord ? null : RecordingSession.open(dirs.data(), RecorderConfig.defaults(), out);
        // Closed before the recorder: the feeds added on the wall are closed with it.
        LanPairingService pairing =
            headless ? null : LanPairingService.start(dirs, station, feedsOf(station, recording))) {
      StationFeeds make = feedsOf(station, recording);
      List<CameraFeed> feeds = new ArrayList<>();
      for (Target target : targets) {
        feeds.add(
            target.id() == null
                ? make.createAt(target.address())
                : make.create(target.id(), target.name(), target.address()));
      }
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
      runner.withDisplayServices(
          dirs,
          pairing,
          recording == null ? null : () -> DiskUse.of(recording.recorder().status()));
      if (pairing != null && NetworkSettings.load(dirs).localAddresses().isEmpty()) {
        // mDNS is sent only where the user chose, so "Add camera" finds nothing until then.
        out.println(
            "\"Add camera\" finds cameras on the LAN once this station has a LAN address:"
                + " peerwall network --lan ADDRESS");
      }
      List<FeedReport> reports = runner.run(stop, null);
      if (recording != null) {
        out.println(recording.closeAndReport()); // the feeds are closed: nothing more to record
      }
      for (FeedReport report : reports) {
        if (report.everLive()) {
          index.upsertCamera(report.id(), report.name(), clock.millis() * 1000);
          index.markSeen(report.id(), clock.millis() * 1000);
        } else if (!StationExit.refused(report)) { // a refusal was said when it came
          out.println("peerwall: camera " + report.name() + " could not be reached");
        }
      }
      if (stop.interruptedBySignal()) {
        return ExitCode.INTERRUPTED;
      }
      return StationExit.of(reports);
    } finally {
      stop.cleanedUp();
    }
  }

  /** A camera to connect to: its ID and name when it is paired there, else a null ID. */
  private record Target(String id, String name, InetSocketAddress address) {}

  /** The --connect addresses, named after the paired camera there; or every paired camera. */
  private List<Target> targets(StationCredentials station, boolean headless) throws Exception {
    List<PairedPeer> paired = station.trust().cameras();
    List<Target> targets = new ArrayList<>();
    if (cameras.isEmpty()) {
      HostPort parser = new HostPort();
      for (PairedPeer peer : paired) {
        if (peer.address() != null && !peer.address().isBlank()) {
          targets.add(new Target(peer.id(), peer.name(), parser.convert(peer.address())));
        }
      }
      if (targets.isEmpty() && !headless) {
        out.println("No camera is paired yet: add one with \"Add camera\" on the wall.");
      } else if (targets.isEmpty()) {
        throw new UserFacingException(
            ExitCode.USAGE,
            "no camera to watch: pair one with 'peerwall pair CAMERA-ID --address HOST:PORT'"
                + " (or \"Add camera\" on the wall), or give --connect HOST:PORT");
      }
      return targets;
    }
    for (InetSocketAddress address : cameras) {
      String label = address.getAddress().getHostAddress() + ":" + address.getPort();
      PairedPeer peer =
          paired.stream().filter(p -> label.equals(p.address())).findFirst().orElse(null);
      targets.add(
          peer == null
              ? new Target(null, label, address)
              : new Target(peer.id(), peer.name(), address));
    }
    return targets;
  }

  /** The feeds of this station: recorded unless --no-record. */
  private StationFeeds feedsOf(StationCredentials station, RecordingSession recording) {
    return new StationFeeds(station, clock, recording == null ? null : recording::record);
  }
}
