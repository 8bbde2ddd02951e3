package io.peerwall.bench.wall;

import io.peerwall.desktop.wall.PulseProbe;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.FeedStats;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The wall benchmark's counters at one moment, and the figures between two of them. */
final class WallBenchFigures {
  private WallBenchFigures() {}

  /** Sums over every camera and feed. */
  record Counters(
      long nanos,
      long cpuNanos,
      long sent,
      long sentMain,
      long sentSub,
      long sentShown,
      long received,
      long decoded,
      long displayed,
      long droppedBeforeDisplay,
      long bytes,
      Histogram latencyMicros) {

    static Counters take(WallBenchRig rig) {
      long received = 0;
      long decoded = 0;
      long displayed = 0;
      long dropped = 0;
      long bytes = 0;
      Histogram latency = new Histogram(60_000_000L, 2);
      for (CameraFeed feed : rig.feeds()) {
        FeedStats.Snapshot s = feed.stats().snapshot();
        received += s.framesReceived();
        decoded += s.framesDecoded();
        displayed += s.framesDisplayed();
        bytes += s.bytesReceived();
        dropped += feed.frames().dropped();
        latency.add(feed.stats().displayLatencyCopy());
      }
      return new Counters(
          System.nanoTime(),
          processCpuNanos(),
          rig.framesSent(),
          rig.framesSent("main"),
          rig.framesSent("sub"),
          rig.framesSentOfShownStreams(),
          received,
          decoded,
          displayed,
          dropped,
          bytes,
          latency);
    }
  }

  static Map<String, Object> compute(
      int tiles,
      int fps,
      Duration duration,
      Counters a,
      Counters b,
      PulseProbe pulses,
      MemoryProbe.Sample before,
      MemoryProbe.Sample after) {
    long sent = b.sent() - a.sent();
    long shown = b.sentShown() - a.sentShown();
    long displayed = b.displayed() - a.displayed();
    long decoded = b.decoded() - a.decoded();
    double seconds = (b.nanos() - a.nanos()) / 1e9;
    Histogram latency = b.latencyMicros().copy();
    latency.subtract(a.latencyMicros());
    int cores = Runtime.getRuntime().availableProcessors();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("bench", "wall");
    f.put("tiles", tiles);
    f.put("fps", fps);
    f.put("seconds", round(seconds, 1));
    f.put("framesSent", sent);
    f.put("framesSentMain", b.sentMain() - a.sentMain());
    f.put("framesSentSub", b.sentSub() - a.sentSub());
    f.put("framesSentOfShownStreams", shown);
    f.put("framesReceived", b.received() - a.received());
    f.put("framesDecoded", decoded);
    f.put("framesDisplayed", displayed);
    f.put("framesDroppedBeforeDisplay", b.droppedBeforeDisplay() - a.droppedBeforeDisplay());
    // Of the frames of the streams on screen: a recorded main stream under a small tile is not
    // there to be displayed.
    f.put("displayedPercent", percent(displayed, shown));
    f.put("decodedPercent", percent(decoded, shown));
    f.put("fxPulseP50Ms", millis(pulses.work(), 50));
    f.put("fxPulseP95Ms", millis(pulses.work(), 95));
    f.put("fxPulseMaxMs", round(pulses.work().getMaxValue() / 1e6, 2));
    f.put("uploadsP95Ms", millis(pulses.uploads(), 95));
    f.put("pulseIntervalP50Ms", millis(pulses.interval(), 50));
    f.put("pulseIntervalP95Ms", millis(pulses.interval(), 95));
    f.put("pulses", pulses.work().getTotalCount());
    f.put(
        "latencyP50Ms",
        latency.getTotalCount() == 0 ? null : round(latency.getValueAtPercentile(50) / 1e3, 1));
    f.put(
        "latencyP95Ms",
        latency.getTotalCount() == 0 ? null : round(latency.getValueAtPercentile(95) / 1e3, 1));
    f.put("kbpsTotal", round((b.bytes() - a.bytes()) * 8 / 1000.0 / seconds, 0));
    f.put(
        "cpuPercentOfMachine",
        round(100.0 * (b.cpuNanos() - a.cpuNanos()) / (seconds * 1e9 * cores), 1));
    f.put("cores", cores);
    // Other work on the machine skews every figure here: say how busy it was.
    f.put(
        "loadAverage1m",
        round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2));
    f.put("rssMB", mb(after.rssBytes()));
    f.put("memoryPerTileMB", mb((after.rssBytes() - before.rssBytes()) / tiles));
    f.put("heapPerTileMB", mb((after.heapBytes() - before.heapBytes()) / tiles));
    f.put("directPerTileMB", mb((after.directBytes() - before.directBytes()) / tiles));
    f.put("measured", duration.toString());
    return f;
  }

  static void print(PrintStream out, Map<String, Object> f) {
    out.printf(
        Locale.ROOT,
        "frames: %s sent (%s main, %s sub; %s of the streams shown), %s decoded, %s displayed (%s"
            + " %%), %s replaced before display%n",
        f.get("framesSent"),
        f.get("framesSentMain"),
        f.get("framesSentSub"),
        f.get("framesSentOfShownStreams"),
        f.get("framesDecoded"),
        f.get("framesDisplayed"),
        f.get("displayedPercent"),
        f.get("framesDroppedBeforeDisplay"));
    out.printf(
        Locale.ROOT,
        "FX pulse: p50 %s ms, p95 %s ms, max %s ms (uploads p95 %s ms); pulse interval p95 %s ms%n",
        f.get("fxPulseP50Ms"),
        f.get("fxPulseP95Ms"),
        f.get("fxPulseMaxMs"),
        f.get("uploadsP95Ms"),
        f.get("pulseIntervalP95Ms"));
    out.printf(
        Locale.ROOT,
        "capture to screen: p50 %s ms, p95 %s ms; CPU %s %% of %s cores (load average %s); %s kbit/s%n",
        f.get("latencyP50Ms"),
        f.get("latencyP95Ms"),
        f.get("cpuPercentOfMachine"),
        f.get("cores"),
        f.get("loadAverage1m"),
        f.get("kbpsTotal"));
    out.printf(
        Locale.ROOT,
        "memory: %s MB resident; per tile %s MB (heap %s MB, direct %s MB)%n",
        f.get("rssMB"),
        f.get("memoryPerTileMB"),
        f.get("heapPerTileMB"),
        f.get("directPerTileMB"));
    if (f.containsKey("tilesOnSubStream")) {
      out.printf(
          Locale.ROOT,
          "streams: %s of %s tiles (%s px high) show the sub stream (%s when measuring began);"
              + " recording %s%n",
          f.get("tilesOnSubStream"),
          f.get("tiles"),
          f.get("tileHeight"),
          f.get("tilesOnSubStreamAtStart"),
          f.get("recording"));
    }
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static Double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? null : round(h.getValueAtPercentile(percentile) / 1e6, 2);
  }

  private static double percent(long part, long whole) {
    return whole == 0 ? 0 : round(100.0 * part / whole, 1);
  }

  private static double mb(long bytes) {
    return round(bytes / (1024.0 * 1024.0), 1);
  }

  private static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }
}
