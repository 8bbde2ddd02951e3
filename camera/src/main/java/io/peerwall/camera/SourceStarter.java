package io.peerwall.camera;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.Redaction;
import io.peerwall.decoder.SourceException;
import io.peerwall.decoder.VideoSource;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the agent's source and keeps trying when it cannot be opened (an RTSP camera that is
 * unreachable or refuses the credentials, a webcam that is busy): retries after 1, 2, 4 … up to 60
 * s (thread {@code camera-source-retry}), each failure logged with the source's redacted reason and
 * kept for {@code camera status}. Once started, the source reconnects by itself (decoder contract).
 */
final class SourceStarter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SourceStarter.class);
  static final long FIRST_DELAY_MILLIS = 1_000;
  static final long MAX_DELAY_MILLIS = 60_000;

  private final VideoSource source;
  private final Consumer<AccessUnit> sink;
  private final ScheduledExecutorService retry;
  private volatile String problem = "";
  private volatile long failures;
  private volatile boolean started;
  private volatile boolean closed;

  SourceStarter(VideoSource source, Consumer<AccessUnit> sink) {
    this.source = source;
    this.sink = sink;
    this.retry =
        Executors.newSingleThreadScheduledExecutor(
            NamedThreadFactory.single("camera-source-retry"));
  }

  /** Tries once now; on failure keeps retrying in the background. Never throws SourceException. */
  void start() {
    attempt(FIRST_DELAY_MILLIS);
  }

  private void attempt(long nextDelay) {
    if (closed) {
      return;
    }
    try {
      source.start(sink);
      started = true;
      if (failures > 0) {
        log.info("source '{}' opened after {} failed attempt(s)", source.name(), failures);
      }
      problem = "";
    } catch (RuntimeException e) {
      // SourceException is the documented failure. Any other RuntimeException is a bug in the
      // source, but thrown from a scheduled retry it would vanish into the task's Future and end
      // the retries for good: logged (its text redacted: it may quote the camera URL) and retried
      // like any failure.
      failures++;
      if (e instanceof SourceException) {
        problem = e.getMessage();
        log.warn(
            "source '{}' cannot be opened: {}; retrying in {} s (attempt {})",
            source.name(),
            problem,
            nextDelay / 1000,
            failures);
      } else {
        problem = "the source failed to start: " + Redaction.redact(e.toString());
        log.error(
            "source '{}': {}; retrying in {} s (attempt {})",
            source.name(),
            problem,
            nextDelay / 1000,
            failures);
        log.debug("source '{}' start failure", source.name(), e);
      }
      try {
        retry.schedule(
            () -> attempt(Math.min(nextDelay * 2, MAX_DELAY_MILLIS)),
            nextDelay,
            TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // closed meanwhile
      }
    }
  }

  boolean started() {
    return started;
  }

  /** The last reason the source could not be opened (redacted by the decoder), empty if none. */
  String problem() {
    return problem;
  }

  long failures() {
    return failures;
  }

  @Override
  public void close() {
    closed = true;
    retry.shutdownNow();
  }
}
