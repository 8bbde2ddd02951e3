package io.peerwall.bench;

import io.peerwall.camera.CameraAgent;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.control.CameraInfo;
import io.peerwall.p2p.control.PasswordFacts;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.pairing.Argon2Params;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.CameraPairingStore;
import io.peerwall.p2p.pairing.PairingThrottle;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.station.audit.AuditReport;
import io.peerwall.station.audit.AuditService;
import io.peerwall.station.audit.AuditTexts;
import io.peerwall.station.audit.FactsReading;
import io.peerwall.station.db.StationDatabase;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peerwall bench audit}: the password audit's two targets (docs/benchmarks.md). (1) Reading
 * the facts of N online cameras (real agents in this process, real sessions) and building the
 * audit: target ≤ 2 s for 64; the reference, measured in the same run, is reading only their info
 * over the same sessions with as many threads (what a station asked before the audit). (2) The
 * Audit screen's data from stored facts, with a year of daily readings per camera in {@code
 * station.db}: target ≤ 200 ms; the reference is reading every stored row once (a full scan).
 */
@Command(
    name = "audit",
    description = {
      "Time the password audit: N online cameras read and judged (target: 64 in <= 2 s), and the",
      "Audit screen's rows from a year of stored facts (target: <= 200 ms). Last line: JSON."
    })
public final class AuditBenchCommand implements Callable<Integer> {
  private static final Argon2Params ARGON = new Argon2Params(8 * 1024, 1, 1);

  @Option(names = "--cameras", defaultValue = "64", description = "Online cameras (default 64).")
  int cameras;

  @Option(names = "--days", defaultValue = "365", description = "Days of stored readings.")
  int days;

  @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds (median kept).")
  int rounds;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("peerwall-bench-audit");
    List<AutoCloseable> toClose = new ArrayList<>();
    try {
      EncodedClip clip =
          SyntheticClipEncoder.encode(
              SyntheticClipSpec.defaults("Audit").withSize(160, 90).withFps(5));
      StationCredentials station = StationCredentials.ephemeral("Bench station");
      SignalingClient client =
          new SignalingClient(SignalingClient.Config.loopback().withCredentials(station));
      List<CameraAgent> agents = new ArrayList<>();
      for (int i = 0; i < cameras; i++) {
        String name = String.format(Locale.ROOT, "Cam %02d", i + 1);
        CameraPairingStore store = CameraPairingStore.inMemory();
        CameraCredentials c =
            new CameraCredentials(Identity.generate(), store, new PairingThrottle(store), ARGON);
        String password = "bench audit " + name.toLowerCase(Locale.ROOT) + " quietly lanterns";
        c.setPassword(password.toCharArray(), List.of(name));
        CameraAgent a =
            new CameraAgent(
                SignalingServer.Config.loopback(name, c), new ClipReplaySource(name, clip));
        toClose.add(a);
        a.start();
        agents.add(a);
        client.pair(at(a), a.cameraId(), password.toCharArray());
      }
      List<StationSession> sessions = new ArrayList<>();
      long c0 = System.nanoTime();
      for (CameraAgent a : agents) {
        StationSession s = client.connect(at(a), f -> {});
        toClose.add(s);
        sessions.add(s);
      }
      out.printf(Locale.ROOT, "%d cameras online in %.1f s%n", cameras, secs(c0));

      AuditService audit =
          new AuditService(StationDatabase.open(dir.resolve("live")), station, Clock.systemUTC());
      toClose.add(audit);
      AuditTexts texts = AuditTexts.of(Locale.ENGLISH, ZoneOffset.UTC);
      long f0 = System.nanoTime();
      List<CompletableFuture<Void>> first = new ArrayList<>();
      for (int i = 0; i < cameras; i++) {
        first.add(audit.attach(agents.get(i).cameraId(), sessions.get(i)));
      }
      CompletableFuture.allOf(first.toArray(CompletableFuture[]::new)).join();
      double firstSeconds = secs(f0);
      out.printf(
          Locale.ROOT,
          "first audit with the site key spread to every camera: %.2f s%n",
          firstSeconds);

      int answered = 0;
      double[] live = new double[rounds];
      double[] reference = new double[rounds];
      ExecutorService infoPool = Executors.newFixedThreadPool(4);
      try {
        for (int r = 0; r < rounds; r++) {
          long t0 = System.nanoTime();
          audit.refreshAll().join();
          AuditReport report = audit.report(texts);
          live[r] = secs(t0);
          if (report.rows().size() != cameras) {
            throw new IllegalStateException("the audit has " + report.rows().size() + " rows");
          }
          long r0 = System.nanoTime();
          List<CompletableFuture<CameraInfo>> infos = new ArrayList<>();
          for (StationSession s : sessions) {
            infos.add(CompletableFuture.supplyAsync(() -> info(s), infoPool));
          }
          CompletableFuture.allOf(infos.toArray(CompletableFuture[]::new)).join();
          reference[r] = secs(r0);
          answered = (int) infos.stream().filter(f -> f.join() != null).count();
        }
      } finally {
        infoPool.shutdownNow();
      }
      double liveMedian = Stats.median(live);
      double refMedian = Stats.median(reference);
      out.printf(
          Locale.ROOT,
          "audit of %d online cameras (%d answering): median %.3f s (target <= 2 s); info only: %.3f"
              + " s; ratio %.2f%n",
          cameras,
          answered,
          liveMedian,
          refMedian,
          liveMedian / refMedian);

      // The screen's data from stored facts: a year of daily readings per camera.
      Map<String, FactsReading> latest = audit.history().latest();
      audit.close();
      toClose.remove(audit);
      StationDatabase db = StationDatabase.open(dir.resolve("stored"));
      AuditService stored = new AuditService(db, station, Clock.systemUTC());
      toClose.add(stored);
      long s0 = System.nanoTime();
      seed(stored, latest, days);
      out.printf(
          Locale.ROOT,
          "stored %d readings (%d cameras x %d days) in %.1f s%n",
          stored.history().size(),
          cameras,
          days,
          secs(s0));
      double[] screen = new double[rounds];
      double[] scan = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        AuditReport report = stored.report(texts);
        screen[r] = secs(t0) * 1000;
        if (report.rows().size() != cameras) {
          throw new IllegalStateException("the stored audit has " + report.rows().size() + " rows");
        }
        long r0 = System.nanoTime();
        long rows =
            db.read(
                c -> {
                  long n = 0;
                  try (Statement st = c.createStatement();
                      ResultSet rs = st.executeQuery("SELECT * FROM facts_reading")) {
                    while (rs.next()) {
                      n += rs.getLong("failed_attempts") >= 0 ? 1 : 0;
                    }
                  }
                  return n;
                });
        scan[r] = secs(r0) * 1000;
        if (rows == 0) {
          throw new IllegalStateException("no stored rows");
        }
      }
      double screenMedian = Stats.median(screen);
      double scanMedian = Stats.median(scan);
      out.printf(
          Locale.ROOT,
          "audit screen from stored facts: median %.1f ms (target <= 200 ms); full scan of the"
              + " history: %.1f ms; ratio %.2f%n",
          screenMedian,
          scanMedian,
          screenMedian / scanMedian);

      Map<String, Object> json = Json.object();
      json.put("bench", "audit");
      json.put("cameras", cameras);
      json.put("firstAuditSeconds", firstSeconds);
      json.put("camerasAnswering", answered);
      json.put("liveAuditSeconds", liveMedian);
      json.put("infoOnlySeconds", refMedian);
      json.put("liveRatio", liveMedian / refMedian);
      json.put("liveTargetMet", liveMedian <= 2.0);
      json.put("storedDays", days);
      json.put("storedReadings", stored.history().size());
      json.put("screenMillis", screenMedian);
      json.put("fullScanMillis", scanMedian);
      json.put("screenRatio", screenMedian / scanMedian);
      json.put("screenTargetMet", screenMedian <= 200.0);
      json.put("load", MachineLoad.loadAverage());
      out.println(Json.write(json));
      return 0;
    } finally {
      for (int i = toClose.size() - 1; i >= 0; i--) {
        try {
          toClose.get(i).close();
        } catch (Exception e) {
          out.println("closing failed: " + e);
        }
      }
    }
  }

  /** Daily readings back from now: the latest facts, counters growing a little each day. */
  private static void seed(AuditService stored, Map<String, FactsReading> latest, int days)
      throws Exception {
    long now = System.currentTimeMillis();
    for (int d = days; d >= 0; d--) {
      List<FactsReading> day = new ArrayList<>();
      for (FactsReading r : latest.values()) {
        CameraInfo i = r.info();
        long failed = (days - d) / 30;
        CameraInfo then =
            new CameraInfo(
                i.name(),
                "",
                List.of(),
                0,
                i.passwordSetAtMillis(),
                i.passwordStrength(),
                failed,
                0,
                0,
                1,
                0,
                0,
                0);
        PasswordFacts f = r.facts();
        day.add(new FactsReading(r.cameraId(), r.name(), now - d * 86_400_000L, then, f));
      }
      stored.history().recordAll(day);
    }
  }

  /** The camera's info, or null when its session is gone (a busy machine may lose one). */
  private static CameraInfo info(StationSession s) {
    try {
      return s.cameraInfo();
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static InetSocketAddress at(CameraAgent a) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), a.port());
  }

  private static double secs(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
