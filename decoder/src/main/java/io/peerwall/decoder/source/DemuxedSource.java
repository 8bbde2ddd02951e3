package io.peerwall.decoder.source;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.MediaClock;
import io.peerwall.decoder.RateLimitedLogger;
import io.peerwall.decoder.SourceException;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.decoder.demux.InputException;
import io.peerwall.decoder.demux.MediaInput;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source that passes through the packets of an FFmpeg input (file or network stream) without
 * re-encoding: retimed onto the source's own increasing timeline and stamped with the wall clock,
 * starting at a keyframe after every (re)open.
 *
 * <p>When the input ends or fails, a looping source rewinds (or reopens) at once; any other source
 * reconnects with {@link Backoff}, reporting RECONNECTING, until stopped. Subclasses say how to
 * open the input and which behaviour they want.
 */
abstract class DemuxedSource extends AbstractVideoSource {

  private static final Logger log = LoggerFactory.getLogger(DemuxedSource.class);

  /** A connection counts as healthy, and the backoff is reset, after running this long. */
  static final long HEALTHY_NANOS = 10_000_000_000L;

  private final Set<VideoCodec> passthroughCodecs;
  // A flapping camera must not flood the log: one warning per minute, with a count of the rest.
  private final RateLimitedLogger lossLog = new RateLimitedLogger(log, 60, TimeUnit.SECONDS);
  // Kept across stop/start, so that timestamps keep increasing over the source's whole life.
  private final Retimer retimer = new Retimer();

  DemuxedSource(
      String name,
      String description,
      String threadKind,
      MediaClock clock,
      Set<VideoCodec> passthroughCodecs) {
    super(name, description, threadKind, clock);
    this.passthroughCodecs = Set.copyOf(passthroughCodecs);
  }

  /** Opens the input; {@code cancelled} makes it return early when the source stops. */
  protected abstract MediaInput openInput(AtomicBoolean cancelled) throws InputException;

  /** Whether units are released at the pace of their timestamps (files) or as they come (live). */
  protected abstract boolean paced();

  /** Whether the end of the input means "start again" (files) rather than "connection lost". */
  protected abstract boolean loops();

  /** Whether a keyframe request skips ahead to the input's next keyframe (files only). */
  protected abstract boolean skipsToKeyframe();

  /** Initial and maximum delay between reconnection attempts. */
  protected Duration[] backoffRange() {
    return new Duration[] {Duration.ofMillis(500), Duration.ofSeconds(30)};
  }

  /** The reason to show for an input failure; subclasses add hints (e.g. for wrong passwords). */
  protected String explain(InputException e) {
    return e.reason();
  }

  @Override
  protected final Worker open(Run run) {
    MediaInput input = openChecked(run.cancelled);
    run.format(input.codec(), input.width(), input.height());
    return new PassthroughWorker(input);
  }

  /** Opens and checks the codec; a SourceException names the source and the reason. */
  private MediaInput openChecked(AtomicBoolean cancelled) {
    MediaInput input;
    try {
      input = openInput(cancelled);
    } catch (InputException e) {
      throw new SourceException(description, explain(e), e);
    }
    if (input.codec() == null || !passthroughCodecs.contains(input.codec())) {
      String codecName = input.codecName();
      input.close();
      throw new SourceException(
          description,
          "unsupported codec "
              + codecName
              + " (PeerWall passes "
              + codecList()
              + " through without re-encoding; set the stream to H.264)");
    }
    return input;
  }

  private String codecList() {
    StringBuilder list = new StringBuilder();
    for (VideoCodec codec : VideoCodec.values()) {
      if (passthroughCodecs.contains(codec)) {
        list.append(list.length() == 0 ? "" : ", ").append(codec.ffmpegName());
      }
    }
    return list.toString();
  }

  /** Reads, retimes, paces and delivers; owns the current input. */
  private final class PassthroughWorker implements Worker {
    private final Pacer pacer = new Pacer(clock);
    private final Backoff backoff;
    private MediaInput input;
    private long openedNanos;

    PassthroughWorker(MediaInput input) {
      this.input = input;
      Duration[] range = backoffRange();
      this.backoff = new Backoff(range[0], range[1]);
      this.openedNanos = System.nanoTime();
    }

    @Override
    public void run(Run run) {
      boolean needKeyframe = true;
      while (run.active()) {
        if (input == null) {
          reconnect(run);
          continue;
        }
        AccessUnit unit;
        try {
          unit = input.readUnit();
        } catch (InputException e) {
          if (run.active()) {
            dropInput(run, explain(e));
          }
          continue;
        }
        if (unit == null) {
          if (loops()) {
            restartLoop(run);
          } else {
            dropInput(run, "the stream ended");
          }
          needKeyframe = true;
          continue;
        }
        if (skipsToKeyframe() && run.takeKeyframeRequest()) {
          needKeyframe = true;
        }
        if (needKeyframe) {
          if (!unit.keyframe()) {
            continue; // skipped fast, without pacing: the picture jumps ahead, as after an IDR
          }
          needKeyframe = false;
          // Continue the timeline one frame after the last unit. The pacer keeps its schedule:
          // that next time is exactly when the unit is due.
          retimer.rebase();
        }
        if (System.nanoTime() - openedNanos > HEALTHY_NANOS) {
          backoff.reset();
        }
        deliver(run, unit);
      }
    }

    private void deliver(Run run, AccessUnit unit) {
      if (!run.active()) {
        return; // a stopped run must not touch the timeline the next run continues
      }
      long frame = input.lastDurationMicros();
      if (frame <= 0 && input.frameRate() > 0) {
        frame = (long) (1_000_000 / input.frameRate());
      }
      retimer.frameDuration(frame);
      long inDts =
          input.lastDtsMicros() != Long.MIN_VALUE ? input.lastDtsMicros() : unit.ptsMicros();
      long outDts = retimer.outDts(inDts, run.elapsedMicros());
      long outPts = retimer.outPts(unit.ptsMicros());
      if (paced() && !pacer.awaitDue(outDts, run::active)) {
        return;
      }
      run.deliver(
          new AccessUnit(unit.codec(), unit.data(), outPts, clock.epochMicros(), unit.keyframe()));
    }

    private void restartLoop(Run run) {
      if (input.rewind()) {
        return;
      }
      // Not seekable (some streams): reopening is the other way back to the start.
      input.close();
      input = null;
      try {
        input = openChecked(run.cancelled);
        openedNanos = System.nanoTime();
      } catch (SourceException e) {
        run.lost(e.reason());
        log.warn("Source {} ({}) cannot restart: {}", name, description, e.reason());
      }
    }

    private void dropInput(Run run, String reason) {
      lossLog.warn("Source {} ({}) lost its input: {}; reconnecting", name, description, reason);
      run.lost(reason);
      input.close();
      input = null;
    }

    /** One reconnection attempt after a backoff delay; afterwards input is non-null on success. */
    private void reconnect(Run run) {
      if (!run.sleep(backoff.nextDelayNanos())) {
        return;
      }
      try {
        input = openChecked(run.cancelled);
      } catch (SourceException e) {
        if (run.active()) {
          run.retryFailed(e.reason());
          log.debug("Source {} ({}): reconnection failed: {}", name, description, e.reason());
        }
        return;
      }
      openedNanos = System.nanoTime();
      run.format(input.codec(), input.width(), input.height());
      run.reconnected();
      log.info("Source {} ({}) reconnected", name, description);
    }

    @Override
    public void close() {
      if (input != null) {
        input.close();
        input = null;
      }
    }
  }
}
