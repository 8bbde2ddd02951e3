package io.peerwall.station.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peerwall.station.adaptive.StreamChoice;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.FeedStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/** Builds {@link FeedReport}s from live feeds and writes the stats file. */
public final class FeedReports {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private FeedReports() {}

  /**
   * The report of one feed; {@code framesSent} is the camera's count of the stream the tile shows
   * when the camera runs in this process (the demo), otherwise {@code null}.
   */
  public static FeedReport of(CameraFeed feed, Long framesSent, boolean displayed) {
    FeedStats.Snapshot s = feed.stats().snapshot();
    double seconds = feed.secondsSinceFirstLive();
    Double live = feed.liveFps();
    double fps = live != null ? live : 0;
    double kbps = seconds > 0 ? s.bytesReceived() * 8 / 1000.0 / seconds : 0;
    return new FeedReport(
        feed.cameraId(),
        feed.name(),
        feed.state().label(),
        feed.everLive(),
        feed.path(),
        feed.pathType(),
        feed.route(),
        feed.millisToFirstLive(),
        feed.millisToFirstFrame(),
        feed.reconnects(),
        feed.problem().describe(),
        feed.problem().fix(),
        framesSent,
        s.framesReceived(),
        s.framesDecoded(),
        s.framesDisplayed(),
        displayed ? feed.frames().dropped() : null,
        s.decodeErrors(),
        s.keyframeRequests(),
        round1(fps),
        round1(kbps),
        name(feed.activeStream()),
        feed.carriedStreams().stream().map(FeedReports::name).toList(),
        new FeedReport.Latency(
            s.decodeLatencyP50Ms(),
            s.decodeLatencyP95Ms(),
            s.displayLatencyP50Ms(),
            s.displayLatencyP95Ms()));
  }

  private static String name(StreamChoice c) {
    return c.name().toLowerCase(Locale.ROOT);
  }

  public static List<FeedReport> of(
      List<CameraFeed> feeds, ToLongFunction<CameraFeed> sent, boolean displayed) {
    return feeds.stream()
        .map(f -> of(f, sent == null ? null : sent.applyAsLong(f), displayed))
        .toList();
  }

  /** Writes the stats file atomically (temp file + rename), so a reader never sees half of it. */
  public static void write(Path file, Map<String, Object> header, List<FeedReport> cameras)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>(header);
    root.put("cameras", cameras);
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path temp = Files.createTempFile(dir, ".stats-", ".json");
    try {
      JSON.writeValue(temp.toFile(), root);
      Files.move(
          temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
