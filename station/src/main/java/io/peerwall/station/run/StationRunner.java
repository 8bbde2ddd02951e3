package io.peerwall.station.run;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.StopSignal;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.util.NamedThreadFactory;
import io.peerwall.station.audit.AuditService;
import io.peerwall.station.evidence.StationEvidence;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.pairing.PairingService;
import io.peerwall.station.recordings.DiskUse;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a station over a set of camera feeds until told to stop: shows them on its display (the
 * wall, found as a {@link StationDisplay}), or prints status lines when headless; at the end writes
 * the stats file and closes every feed.
 */
public final class StationRunner {
  private static final Logger log = LoggerFactory.getLogger(StationRunner.class);

  /**
   * @param headless no window; status lines every {@code statusInterval}
   * @param duration stop after this long; {@code null} runs until Ctrl-C or the window closes
   * @param statsJson where to write the figures at exit, or {@code null}
   */
  public record Options(
      String title, boolean headless, Duration duration, Path statsJson, Duration statusInterval) {}

  private final List<CameraFeed> feeds;
  private final Options options;
  private final Clock clock;
  private final PrintStream out;
  private AppDirs dirs;
  private PairingService pairing;
  private Supplier<DiskUse> disk;
  private AuditService audit;
  private StationEvidence evidence;

  public StationRunner(List<CameraFeed> feeds, Options options, Clock clock, PrintStream out) {
    this.feeds = feeds;
    this.options = options;
    this.clock = clock;
    this.out = out;
  }

  /**
   * What the display gets besides the feeds: the station's directories (settings, snapshots,
   * network), "add camera" (or null) and the recorder's disk use (or null).
   */
  public StationRunner withDisplayServices(
      AppDirs dirs, PairingService pairing, Supplier<DiskUse> disk) {
    this.dirs = dirs;
    this.pairing = pairing;
    this.disk = disk;
    return this;
  }

  /** The password audit the display's Audit screen shows (or null: no Audit screen). */
  public StationRunner withAudit(AuditService audit) {
    this.audit = audit;
    return this;
  }

  /** Signed exports, locks, the export log and the verifier for the display (null: none). */
  public StationRunner withEvidence(StationEvidence services) {
    this.evidence = services;
    return this;
  }

  /**
   * Starts the feeds, runs until {@code stop} fires or the duration passes, then shuts down.
   *
   * @param framesSent the camera-side count per feed when known (the demo), else {@code null}
   * @return the reports of every feed at the end
   */
  public List<FeedReport> run(StopSignal stop, ToLongFunction<CameraFeed> framesSent)
      throws InterruptedException, IOException {
    long startedAt = clock.millis();
    if (options.headless()) {
      RefusalWatch.watch(out, feeds, stop);
      ChangeLines.watch(out, feeds, clock);
    }
    feeds.forEach(CameraFeed::start);
    ScheduledExecutorService status = null;
    StationDisplay.Window window = null;
    List<FeedReport> reports;
    try {
      if (options.headless()) {
        status = startStatusLines();
      } else {
        StationDisplay display =
            StationDisplay.find()
                .orElseThrow(
                    () ->
                        new UserFacingException(
                            ExitCode.FAILURE,
                            "no wall in this installation (desktop/ is not on the class path);"
                                + " run with --headless"));
        window =
            display.open(
                new StationDisplay.Request(
                    options.title(),
                    feeds,
                    clock,
                    () -> stop.trigger("window closed"),
                    dirs,
                    pairing,
                    disk,
                    audit,
                    evidence));
      }
      String why = stop.await(options.duration());
      log.info("station stopping: {}", why);
    } finally {
      if (status != null) {
        status.shutdownNow();
        status.awaitTermination(2, TimeUnit.SECONDS);
      }
      if (window != null) {
        window.close();
      }
      // Figures are taken before the sessions close, so the states say how the run ended.
      reports = FeedReports.of(feeds, framesSent, !options.headless());
      feeds.forEach(CameraFeed::close);
    }
    if (options.statsJson() != null) {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("startedAtEpochMillis", startedAt);
      header.put("seconds", (clock.millis() - startedAt) / 1000.0);
      header.put("headless", options.headless());
      header.put("camerasEverLive", reports.stream().filter(FeedReport::everLive).count());
      FeedReports.write(options.statsJson(), header, reports);
    }
    return reports;
  }

  private ScheduledExecutorService startStatusLines() {
    StatusLines lines = new StatusLines(out, feeds);
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(NamedThreadFactory.single("station-status"));
    long period = options.statusInterval().toMillis();
    Runnable printSafely =
        () -> {
          try {
            lines.print();
          } catch (RuntimeException e) {
            // A failing status line must not stop the next ones (the executor would cancel them).
            log.warn("status line failed: {}", e.toString(), e);
          }
        };
    executor.scheduleAtFixedRate(printSafely, period, period, TimeUnit.MILLISECONDS);
    return executor;
  }
}
