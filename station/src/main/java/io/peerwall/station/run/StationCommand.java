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
import io.peerwall.station.audit.AuditService;
import io.peerwall.station.evidence.StationEvidence;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.pairing.StationPairingService;
import io.peerwall.station.reach.StationFeeds;
import io.peerwall.station.reach.StationReach;
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
 * {@code peerwall station}: watch and record every paired camera (or the ones given with {@code
 * --connect}), on the wall or headless. Each is reached by its ID: on the LAN, at the address it
 * answered on last, or through the rendezvous ({@code peerwall network}); one that cannot be
 * reached says why on its tile and status line, with what fixes it.
 */
@Command(
    name = "station",
    description = {
      "Watch and record every paired camera on the wall (or headless), each reached by its ID:"
          + " on the LAN, at its last address, or through the rendezvous ('peerwall network').",
      "With --connect it watches the cameras at these addresses only."
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
    try (StationReach reach = StationReach.start(dirs, station, clock);
        RecordingIndex index = RecordingIndex.open(dirs.data());
        // The password audit reads each camera's facts as its session comes up (docs/audit.md).
        AuditService audit = AuditService.open(dirs.data(), station, clock);
        RecordingSession recording =
            noRecord ? null : RecordingSession.open(dirs.data(), RecorderConfig.defaults(), out);
        // Closed before the recorder: the feeds added on the wall are closed with it.
        StationPairingService pairing =
            headless
                ? null
                : StationPairingService.start(station, feedsOf(reach, recording, audit))) {
      StationFeeds make = feedsOf(reach, recording, audit);
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
      runner.withAudit(audit);
      StationEvidence evidence = StationEvidence.open(dirs, station, clock);
      runner.withEvidence(evidence);
      out.println(
          evidence
              .key()
              .map(
                  k ->
                      "exports are signed; this station's certificate fingerprint: "
                          + k.fingerprint())
              .orElse("peerwall: exports cannot be signed: " + evidence.keyProblem()));
      if (pairing != null && !reach.lan().enabled()) {
        // mDNS is sent only where the user chose, so "Add camera" lists nothing until then.
        out.println(
            "\"Add camera\" lists cameras on the LAN once this station has a LAN address:"
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

  /**
   * A camera to connect to: its ID and name when it is paired, else a null ID; the address it
   * answered on last (null for a camera reached through the rendezvous so far).
   */
  private record Target(String id, String name, InetSocketAddress address) {}

  /** The --connect addresses, named after the paired camera there; or every paired camera. */
  private List<Target> targets(StationCredentials station, boolean headless) throws Exception {
    List<PairedPeer> paired = station.trust().cameras();
    List<Target> targets = new ArrayList<>();
    if (cameras.isEmpty()) {
      for (PairedPeer peer : paired) {
        targets.add(new Target(peer.id(), peer.name(), lastAddress(peer)));
      }
      if (targets.isEmpty() && !headless) {
        out.println("No camera is paired yet: add one with \"Add camera\" on the wall.");
      } else if (targets.isEmpty()) {
        throw new UserFacingException(
            ExitCode.USAGE,
            "no camera to watch: pair one with 'peerwall pair CAMERA-ID' (or \"Add camera\" on"
                + " the wall), or give --connect HOST:PORT");
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

  /**
   * Where a paired camera answered last, or null: none yet (paired through the rendezvous), or an
   * address that no longer resolves (said in the log; the other ways are still tried).
   */
  private static InetSocketAddress lastAddress(PairedPeer peer) {
    if (peer.address() == null || peer.address().isBlank()) {
      return null;
    }
    try {
      return new HostPort().convert(peer.address());
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(StationCommand.class)
          .warn("camera {}: its last address {} is not usable: {}", peer.name(), peer.address(), e);
      return null;
    }
  }

  /** The feeds of this station: recorded unless --no-record, audited. */
  private StationFeeds feedsOf(StationReach reach, RecordingSession recording, AuditService audit) {
    return new StationFeeds(reach, clock, recording == null ? null : recording::record)
        .watchedBy(audit::watch);
  }
}
