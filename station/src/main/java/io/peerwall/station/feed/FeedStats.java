package io.peerwall.station.feed;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Counters of one camera feed at the station, written from the receive, decode and display threads
 * and read by whoever reports them. Latency is capture (camera wall clock) to decoded, and capture
 * to shown on the wall; both are kept in HDR histograms with 0.1 ms resolution.
 *
 * <p><b>Live video, not the join burst.</b> A station joining a stream first gets the camera's
 * cached GOP (up to a GOP of frames captured before it joined), all at once. Those frames are
 * decoded and counted, but their "latency" is their age in the cache and their rate is the link's,
 * not the camera's. So the decode latency and the live frame rate count only frames decoded once
 * the stream caught up with the live edge: the first frame that arrives at least half its capture
 * interval after the one before it (a burst arrives faster than it was captured; live video at its
 * own pace). The rule compares intervals, not clocks, so a camera whose clock is off by any
 * constant does not fool it. Each new stream (session start, main/sub switch) starts a new burst.
 */
public final class FeedStats {
  private static final long MAX_TRACKED_MICROS = TimeUnit.SECONDS.toMicros(60);

  final AtomicLong framesReceived = new AtomicLong();
  final AtomicLong bytesReceived = new AtomicLong();
  final AtomicLong framesDecoded = new AtomicLong();
  final AtomicLong framesDisplayed = new AtomicLong();
  final AtomicLong decodeErrors = new AtomicLong();
  final AtomicLong queueDrops = new AtomicLong();
  final AtomicLong keyframeRequests = new AtomicLong();
  private final Histogram decodeLatencyMicros = new ConcurrentHistogram(MAX_TRACKED_MICROS, 2);
  private final Histogram displayLatencyMicros = new ConcurrentHistogram(MAX_TRACKED_MICROS, 2);
  private final LiveEdge liveEdge = new LiveEdge();

  public void frameReceived(int bytes) {
    frameReceived(bytes, true);
  }

  /**
   * A frame arrived. Its bytes always count (bandwidth); the frame counts as received only if it
   * belongs to the stream on screen, so that "decoded of received" compares like with like when a
   * session also carries a stream that is only recorded (main under a small tile showing sub).
   */
  public void frameReceived(int bytes, boolean ofShownStream) {
    if (ofShownStream) {
      framesReceived.incrementAndGet();
    }
    bytesReceived.addAndGet(bytes);
  }

  /**
   * A frame of the shown stream was decoded. Decoding thread only (one at a time).
   *
   * @param stream which stream it belongs to (frames of a new stream start a new join burst)
   */
  public void frameDecoded(Object stream, long captureEpochMicros, long nowEpochMicros) {
    framesDecoded.incrementAndGet();
    if (liveEdge.decoded(stream, captureEpochMicros, nowEpochMicros)) {
      record(decodeLatencyMicros, captureEpochMicros, nowEpochMicros);
    }
  }

  /** The session ended: the next frames are a new session's join burst. */
  public void streamStopped() {
    liveEdge.stop();
  }

  public void frameDisplayed(long captureEpochMicros, long nowEpochMicros) {
    framesDisplayed.incrementAndGet();
    record(displayLatencyMicros, captureEpochMicros, nowEpochMicros);
  }

  public void decodeError() {
    decodeErrors.incrementAndGet();
  }

  public void queueDrop() {
    queueDrops.incrementAndGet();
  }

  public void keyframeRequested() {
    keyframeRequests.incrementAndGet();
  }

  private static void record(Histogram histogram, long captureEpochMicros, long nowEpochMicros) {
    if (captureEpochMicros <= 0) {
      return; // the sender did not say when it captured this frame
    }
    long latency = nowEpochMicros - captureEpochMicros;
    // Clocks of two machines can disagree; a negative or absurd value says nothing about latency.
    if (latency >= 0 && latency <= MAX_TRACKED_MICROS) {
      histogram.recordValue(latency);
    }
  }

  /** A copy of the capture-to-shown latencies so far, in microseconds (for the wall benchmark). */
  public Histogram displayLatencyCopy() {
    return displayLatencyMicros.copy();
  }

  /**
   * Frames per second of live video (after each join burst) up to {@code nowEpochMicros}, or null
   * before the feed reached the live edge.
   */
  public Double liveFps(long nowEpochMicros) {
    return liveEdge.fps(nowEpochMicros);
  }

  /** A consistent-enough copy for reporting (each counter is read once). */
  public Snapshot snapshot() {
    return new Snapshot(
        framesReceived.get(),
        bytesReceived.get(),
        framesDecoded.get(),
        framesDisplayed.get(),
        decodeErrors.get(),
        queueDrops.get(),
        keyframeRequests.get(),
        percentileMillis(decodeLatencyMicros, 50),
        percentileMillis(decodeLatencyMicros, 95),
        percentileMillis(displayLatencyMicros, 50),
        percentileMillis(displayLatencyMicros, 95));
  }

  private static Double percentileMillis(Histogram histogram, double percentile) {
    if (histogram.getTotalCount() == 0) {
      return null;
    }
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  /** Counter values at one moment; latencies in milliseconds, {@code null} when unmeasured. */
  public record Snapshot(
      long framesReceived,
      long bytesReceived,
      long framesDecoded,
      long framesDisplayed,
      long decodeErrors,
      long queueDrops,
      long keyframeRequests,
      Double decodeLatencyP50Ms,
      Double decodeLatencyP95Ms,
      Double displayLatencyP50Ms,
      Double displayLatencyP95Ms) {
    /** Before anything happened. */
    public static final Snapshot ZERO = new Snapshot(0, 0, 0, 0, 0, 0, 0, null, null, null, null);
  }
}
