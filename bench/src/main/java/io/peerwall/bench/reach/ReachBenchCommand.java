package io.peerwall.bench.reach;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peerwall bench reach}: reaching a paired camera by its ID across NATs, in the NAT lab
 * (network namespaces, root), with PeerWall's own commands for everything but the timing station
 * ({@link ReachProbe}, which runs the classes {@code peerwall station} runs):
 *
 * <ul>
 *   <li>paired ID to first decoded frame, over {@code --tries} feeds each: through two
 *       port-restricted NATs (direct, target p95 ≤ 1.5 s), through TURN (the station behind a
 *       symmetric NAT, target p95 ≤ 2.5 s), and on the camera's LAN, the reference the two are
 *       compared with in the same run (ratio);
 *   <li>a station that moves networks (its office NAT to a hotspot's and back) to live again
 *       (target ≤ 5 s);
 *   <li>the routers' non-STUN UDP bytes by path: 0 through the relay in the direct runs.
 * </ul>
 *
 * <p>The first feed of each station is timed apart ("cold": ice4j loading, the rendezvous's grant);
 * the percentiles are over the others. Last line: one JSON object.
 */
@Command(
    name = "reach",
    mixinStandardHelpOptions = true,
    description = {
      "Reach by ID across NATs in the NAT lab (needs root): paired ID to first frame direct and"
          + " through TURN, network change to live again, relay bytes. Last line: one JSON object."
    })
public final class ReachBenchCommand implements Callable<Integer> {
  static final long DIRECT_P95_TARGET_MS = 1500;
  static final long RELAY_P95_TARGET_MS = 2500;
  static final long CHANGE_TARGET_MS = 5000;

  @Option(names = "--tries", defaultValue = "20", description = "Feeds timed per path.")
  int tries;

  @Option(names = "--changes", defaultValue = "4", description = "Network changes timed.")
  int changes;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    String why = NatLab.unavailableReason();
    if (why != null) {
      throw new UserFacingException(ExitCode.FAILURE, "bench reach: " + why);
    }
    if (!CoturnProcess.installed()) {
      throw new UserFacingException(
          ExitCode.FAILURE, "bench reach needs coturn (Debian: apt-get install coturn)");
    }
    Path dir = Files.createTempDirectory("peerwall-bench-reach");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bench", "reach");
    json.put("tries", tries);
    try (ReachLab lab =
        ReachLab.start(
            "br",
            List.of(
                NatLab.SiteSpec.of("cam", NatType.PORT_RESTRICTED),
                new NatLab.SiteSpec("office", NatType.PORT_RESTRICTED, "hotspot"),
                NatLab.SiteSpec.of("hotspot", NatType.PORT_RESTRICTED),
                NatLab.SiteSpec.of("mobile", NatType.SYMMETRIC)),
            dir)) {
      ReachLab.Camera camera = lab.startCamera("cam", "Bench camera");
      out.println("NAT lab up; camera " + camera.id() + " registered with the rendezvous.");
      LabHost lan = lab.station("cam", "lan");
      pair(lab.pair(lan, camera, lab.lab().site("cam").hostIp() + ":7700"));
      LabHost direct = lab.station("office", "direct");
      pair(lab.pair(direct, camera));
      LabHost relay = lab.station("mobile", "relay");
      pair(lab.pair(relay, camera));

      Timing lanT = firstFrames(lab, lan, "lan", "cam", null);
      Timing directT = firstFrames(lab, direct, "direct", "cam", "office");
      Timing relayT = firstFrames(lab, relay, "relay", "cam", "mobile");
      long[] change = networkChanges(lab, direct);

      put(json, "lan", lanT);
      put(json, "direct", directT);
      put(json, "relay", relayT);
      json.put("directVsLanP95", ratio(directT.p95(), lanT.p95()));
      json.put("relayVsLanP95", ratio(relayT.p95(), lanT.p95()));
      json.put("networkChangeMs", Arrays.stream(change).boxed().toList());
      long worstChange = Arrays.stream(change).max().orElse(-1);
      json.put("networkChangeMaxMs", worstChange);
      json.put(
          "targets",
          Map.of(
              "directP95Ms", DIRECT_P95_TARGET_MS,
              "relayP95Ms", RELAY_P95_TARGET_MS,
              "networkChangeMs", CHANGE_TARGET_MS,
              "relayBytesInDirect", 0));
      boolean pass =
          directT.p95() <= DIRECT_P95_TARGET_MS
              && directT.allPaths("direct")
              && directT.relayBytes() == 0
              && relayT.p95() <= RELAY_P95_TARGET_MS
              && relayT.allPaths("relay")
              && worstChange >= 0
              && worstChange <= CHANGE_TARGET_MS;
      json.put("pass", pass);
      out.printf(
          Locale.ROOT,
          "direct p95 %d ms (target %d), relay p95 %d ms (target %d), LAN p95 %d ms;"
              + " network change worst %d ms (target %d); relay bytes in direct runs %d%n",
          directT.p95(),
          DIRECT_P95_TARGET_MS,
          relayT.p95(),
          RELAY_P95_TARGET_MS,
          lanT.p95(),
          worstChange,
          CHANGE_TARGET_MS,
          directT.relayBytes());
    } finally {
      deleteQuietly(dir);
    }
    out.println(new ObjectMapper().writeValueAsString(json));
    return ExitCode.OK;
  }

  private static void pair(LabHost.Result r) throws IOException {
    if (r.exitCode() != 0) {
      throw new IOException("pairing failed:\n" + r.all());
    }
  }

  /** One path's figures. */
  record Timing(
      long coldMs,
      long p50,
      long p95,
      long max,
      List<String> paths,
      long relayBytes,
      long directBytes,
      int failed) {
    boolean allPaths(String kind) {
      return failed == 0 && paths.stream().allMatch(kind::equals);
    }
  }

  private Timing firstFrames(
      ReachLab lab, LabHost station, String name, String cameraSite, String stationSite)
      throws IOException, InterruptedException {
    lab.lab().zeroCounters(cameraSite);
    if (stationSite != null) {
      lab.lab().zeroCounters(stationSite);
    }
    LabHost.Running probe =
        station.startJava(ReachProbe.class.getName(), "first-frame", Integer.toString(tries));
    List<Long> warm = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    long cold = -1;
    int failed = 0;
    for (int i = 0; i <= tries; i++) {
      String line = probe.await("TRY ", 60_000);
      if (line == null) {
        throw new IOException(name + ": the probe stopped:\n" + probe.output());
      }
      String[] f = line.split(" ");
      long ms = Long.parseLong(f[2]);
      if (ms < 0) {
        failed++;
      }
      if (i == 0) {
        cold = ms;
      } else {
        warm.add(ms < 0 ? Long.MAX_VALUE / 4 : ms);
        paths.add(f[3]);
      }
    }
    probe.waitFor(30);
    NatLab.PathBytes bytes = lab.lab().counters(cameraSite);
    if (stationSite != null) {
      bytes = bytes.plus(lab.lab().counters(stationSite));
    }
    long[] sorted = warm.stream().mapToLong(Long::longValue).sorted().toArray();
    Timing t =
        new Timing(
            cold,
            percentile(sorted, 0.50),
            percentile(sorted, 0.95),
            sorted.length == 0 ? -1 : sorted[sorted.length - 1],
            paths,
            bytes.relay(),
            bytes.direct(),
            failed);
    out.printf(
        Locale.ROOT,
        "%-7s first frame: p50 %d ms, p95 %d ms, max %d ms (cold JVM %d ms); paths %s;"
            + " bytes direct %d, relay %d%n",
        name,
        t.p50(),
        t.p95(),
        t.max(),
        t.coldMs(),
        paths.stream().distinct().toList(),
        t.directBytes(),
        t.relayBytes());
    return t;
  }

  /** The office laptop moves to the hotspot and back, {@code changes} times. */
  private long[] networkChanges(ReachLab lab, LabHost station)
      throws IOException, InterruptedException {
    LabHost.Running probe = station.startJava(ReachProbe.class.getName(), "watch");
    if (probe.await("LIVE ", 60_000) == null) {
      throw new IOException("the watching probe never went live:\n" + probe.output());
    }
    long[] ms = new long[changes];
    for (int i = 0; i < changes; i++) {
      Thread.sleep(2000);
      long t0 = System.nanoTime();
      if (i % 2 == 0) {
        lab.lab().moveHost("office", "hotspot");
      } else {
        lab.lab().returnHost("office");
      }
      String live = probe.await("LIVE ", 20_000);
      ms[i] = live == null ? -1 : (System.nanoTime() - t0) / 1_000_000;
      out.printf(
          Locale.ROOT,
          "network change %d (%s): live again after %d ms (%s)%n",
          i + 1,
          i % 2 == 0 ? "office -> hotspot" : "hotspot -> office",
          ms[i],
          live);
    }
    probe.kill();
    return ms;
  }

  private static void put(Map<String, Object> json, String name, Timing t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p50Ms", t.p50());
    m.put("p95Ms", t.p95());
    m.put("maxMs", t.max());
    m.put("coldMs", t.coldMs());
    m.put("failed", t.failed());
    m.put("paths", t.paths().stream().distinct().toList());
    m.put("directBytes", t.directBytes());
    m.put("relayBytes", t.relayBytes());
    json.put(name, m);
  }

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ratio(long a, long b) {
    return b <= 0 ? -1 : Math.round(100.0 * a / b) / 100.0;
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // a leftover temporary file
                }
              });
    } catch (IOException e) {
      // a leftover temporary directory
    }
  }
}
