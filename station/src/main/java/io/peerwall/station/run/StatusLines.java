package io.peerwall.station.run;

import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.FeedProblem;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.feed.FeedStats;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The headless display: every few seconds, one line per camera with its state and the rates since
 * the previous report. Called from one scheduled thread only.
 */
public final class StatusLines {
  private final PrintStream out;
  private final List<CameraFeed> feeds;
  private final Map<CameraFeed, FeedStats.Snapshot> previous = new HashMap<>();
  private final long startNanos = System.nanoTime();
  private long previousNanos = startNanos;

  public StatusLines(PrintStream out, List<CameraFeed> feeds) {
    this.out = out;
    this.feeds = feeds;
  }

  public void print() {
    long now = System.nanoTime();
    double interval = Math.max(1e-3, (now - previousNanos) / 1e9);
    previousNanos = now;
    int width = feeds.stream().mapToInt(f -> f.name().length()).max().orElse(6);
    StringBuilder text = new StringBuilder();
    long live = feeds.stream().filter(f -> f.state() == FeedState.LIVE).count();
    text.append(
        String.format(
            Locale.ROOT,
            "[%s] %d of %d cameras live%n",
            elapsed(now - startNanos),
            live,
            feeds.size()));
    for (CameraFeed feed : feeds) {
      FeedStats.Snapshot s = feed.stats().snapshot();
      FeedStats.Snapshot before = previous.getOrDefault(feed, FeedStats.Snapshot.ZERO);
      previous.put(feed, s);
      double fps = (s.framesDecoded() - before.framesDecoded()) / interval;
      double kbps = (s.bytesReceived() - before.bytesReceived()) * 8 / 1000.0 / interval;
      text.append(
          String.format(
              Locale.ROOT,
              "  %-" + width + "s  %-12s %5.1f fps %6.0f kbit/s  %-6s  decoded %d of %d%s%s%n",
              feed.name(),
              stateText(feed),
              fps,
              kbps,
              feed.path(),
              s.framesDecoded(),
              s.framesReceived(),
              latency(s),
              problem(feed)));
    }
    out.print(text);
    out.flush();
  }

  private static String stateText(CameraFeed feed) {
    FeedState state = feed.state();
    if (state == FeedState.RECONNECTING) {
      return "reconnecting " + feed.reconnects();
    }
    // A refusal stops the feed until a person acts: loud, as on the wall.
    return state.refusal() ? state.label().toUpperCase(Locale.ROOT) + "!" : state.label();
  }

  /** Why a camera that is not live is not, and the fix: never silent about a camera. */
  private static String problem(CameraFeed feed) {
    if (feed.state() == FeedState.LIVE || feed.state().refusal()) {
      return ""; // refusals are said at once, with what to do (RefusalWatch)
    }
    FeedProblem p = feed.problem();
    if (p.kind() == FeedProblem.Kind.NONE) {
      return "";
    }
    return "  — " + p.describe() + (p.fix().isEmpty() ? "" : "; to fix: " + p.fix());
  }

  private static String latency(FeedStats.Snapshot s) {
    if (s.decodeLatencyP50Ms() == null) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "  latency p50 %.1f ms p95 %.1f ms",
        s.decodeLatencyP50Ms(),
        s.decodeLatencyP95Ms());
  }

  private static String elapsed(long nanos) {
    long seconds = nanos / 1_000_000_000L;
    return String.format(
        Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
}
