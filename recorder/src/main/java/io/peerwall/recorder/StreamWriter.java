package io.peerwall.recorder;

import io.peerwall.decoder.AccessUnit;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's recording state on the mux thread: which segment is open, when to cut it, the
 * stream's clock, the pre-roll of "motion only", and what to do after a gap, a clock jump, a codec
 * change or a failed write (docs/storage.md sections 2 to 5).
 */
final class StreamWriter {
  private static final Logger log = LoggerFactory.getLogger(StreamWriter.class);
  private static final double GOLDEN = 0.6180339887498949;

  /** A camera that sent nothing for this long is offline: its segment is closed. */
  static final long OFFLINE_NANOS = 3_000_000_000L;

  private final RecorderInput input;
  private final MuxContext ctx;
  private final Path streamDir;
  private final long segmentMicros;
  private final long phaseMicros;
  private final StreamClock clock = new StreamClock();
  private final PreRoll preRoll = new PreRoll();

  private OpenSegment open;
  private long cutAtMicros;
  private long lastEndMicros = Long.MIN_VALUE;
  private long lastStartMicros = Long.MIN_VALUE;
  private boolean needKeyframe = true;
  private boolean gapOpen;
  private long expectedSequence;
  private long lastProgressNanos;
  private boolean warnedCodec;

  StreamWriter(RecorderInput input, MuxContext ctx) {
    this.input = input;
    this.ctx = ctx;
    this.streamDir = ctx.recordings().resolve(input.dir);
    this.segmentMicros = ctx.config().segmentLength().toNanos() / 1000;
    // Spread the cut points of different streams over the segment length (staggered rotation).
    this.phaseMicros = (long) (((input.streamId * GOLDEN) % 1.0) * segmentMicros);
  }

  void accept(AccessUnit unit, long sequence) {
    if (sequence != expectedSequence) {
      interrupt("overload");
    }
    expectedSequence = sequence + 1;
    if (!unit.codec().usesNalUnits()) {
      if (!warnedCodec) {
        log.warn("{}: {} cannot be recorded (only H.264 and H.265)", input.name, unit.codec());
        warnedCodec = true;
      }
      return;
    }
    RecordingMode mode = input.settings.mode();
    if (mode == RecordingMode.OFF) {
      closeOpen(open == null ? 0 : open.naturalEndMicros());
      preRoll.clear();
      needKeyframe = true;
      clock.reset();
      return;
    }
    if (clock.anchored()) {
      String reason = clock.breakReason(unit);
      if (reason != null) {
        log.info("{}: timeline break ({}), new segment at the next keyframe", input.name, reason);
        interrupt(reason);
      }
    }
    if (needKeyframe && !unit.keyframe()) {
      input.skippedWaitingForKeyframe.incrementAndGet();
      return;
    }
    if (!clock.anchored() && clock.anchor(unit, lastEndMicros)) {
      log.warn("{}: the camera clock is behind the recording; times clamped", input.name);
    }
    needKeyframe = false;
    long micros = clock.timeOf(unit);
    ParameterSets params = unit.keyframe() ? ParameterSets.of(unit.codec(), unit.data()) : null;
    if (mode == RecordingMode.MOTION) {
      motionOnly(unit, micros, params);
    } else {
      preRoll.clear();
      write(unit, micros, params);
    }
  }

  private void motionOnly(AccessUnit unit, long micros, ParameterSets params) {
    boolean active = micros <= input.motionUntilMicros;
    if (open == null) {
      preRoll.add(unit, micros, params, input.settings.preRoll().toNanos() / 1000);
      if (active) {
        for (PreRoll.Entry e : preRoll.drain()) {
          write(e.unit(), e.micros(), e.params());
        }
      }
    } else if (active) {
      write(unit, micros, params);
    } else {
      closeOpen(micros);
      preRoll.add(unit, micros, params, input.settings.preRoll().toNanos() / 1000);
    }
  }

  private void write(AccessUnit unit, long micros, ParameterSets params) {
    if (open != null && unit.keyframe()) {
      if (params != null && !params.isEmpty() && !params.sameAs(open.params)) {
        log.info("{}: codec parameters changed, new segment", input.name);
        closeOpen(micros);
      } else if (micros >= cutAtMicros) {
        closeOpen(micros);
      }
    }
    if (open == null) {
      if (!unit.keyframe()) {
        needKeyframe = true;
        return;
      }
      if (ctx.guard().blocked()) {
        startGap("disk-full");
        needKeyframe = true;
        return;
      }
      if (!openSegment(micros, params, unit)) {
        return;
      }
    }
    try {
      open.write(unit, micros - open.startMicros);
      input.written.incrementAndGet();
    } catch (IOException e) {
      writeFailed(e);
      return;
    }
    long now = System.nanoTime();
    if (open.frames() == 1 || now - lastProgressNanos >= 1_000_000_000L) {
      lastProgressNanos = now;
      SegmentState progress = open.progress();
      ParameterSets p = open.params;
      ctx.index().submit(rows -> rows.upsert(progress, p));
    }
  }

  private boolean openSegment(long micros, ParameterSets params, AccessUnit unit) {
    ParameterSets p = params != null ? params : ParameterSets.of(unit.codec(), unit.data());
    // Starts strictly increase (I4): after a one-frame segment (end = start) and a clamped clock,
    // the next one starts a microsecond later rather than at the same time.
    long start = Math.max(micros, Math.max(lastEndMicros, lastStartMicros + 1));
    long id = ctx.nextSegmentId().getAndIncrement();
    try {
      open = OpenSegment.create(streamDir, id, input.streamId, start, p);
      ctx.sync().opened(open);
    } catch (IOException e) {
      writeFailed(e);
      return false;
    }
    input.segments.incrementAndGet();
    lastStartMicros = start;
    cutAtMicros = nextCut(start);
    lastProgressNanos = System.nanoTime();
    if (start != lastEndMicros || gapOpen) {
      ctx.index().submit(rows -> rows.endGap(input.streamId, start));
      gapOpen = false;
    }
    return true;
  }

  /** The first staggered boundary at least half a segment after {@code start}. */
  long nextCut(long start) {
    long earliest = start + segmentMicros / 2;
    long k = Math.floorDiv(earliest - phaseMicros + segmentMicros - 1, segmentMicros);
    return k * segmentMicros + phaseMicros;
  }

  /** Ends the open segment at {@code endMicros}; the file goes to the sync thread. */
  private void closeOpen(long endMicros) {
    if (open == null) {
      return;
    }
    OpenSegment closing = open;
    open = null;
    if (closing.frames() == 0) {
      ctx.sync().forget(closing);
      closing.discard();
      return;
    }
    SegmentState state = closing.closing(endMicros);
    lastEndMicros = state.endMicros();
    ctx.sync().submit(closing, state);
  }

  /** The stream's timeline broke: close at the last frame, wait for a keyframe, note a gap. */
  private void interrupt(String reason) {
    if (open != null) {
      closeOpen(open.naturalEndMicros());
      startGap(reason);
    }
    preRoll.clear();
    clock.reset();
    needKeyframe = true;
  }

  private void startGap(String reason) {
    if (gapOpen || lastEndMicros == Long.MIN_VALUE) {
      return;
    }
    gapOpen = true;
    long at = lastEndMicros;
    ctx.index().submit(rows -> rows.startGap(input.streamId, at, reason));
  }

  private void writeFailed(IOException e) {
    log.warn(
        "{}: writing {} failed: {}",
        input.name,
        open == null ? streamDir : open.file,
        e.toString());
    closeOpen(open == null ? 0 : open.naturalEndMicros());
    ctx.guard().writeFailed(e);
    startGap(DiskGuard.isNoSpace(e) ? "disk-full" : "io-error");
    needKeyframe = true;
    ctx.lowSpace().run();
  }

  /** Called by the mux about twice a second: closes the segment of a camera that went quiet. */
  void tick(long nowNanos) {
    if (open != null && nowNanos - input.lastArrivalNanos > OFFLINE_NANOS) {
      log.info(
          "{}: no frames for {} s, segment closed", input.name, OFFLINE_NANOS / 1_000_000_000L);
      interrupt("offline");
    }
  }

  /** The recorder stops: close the open segment and note why the recording ends here. */
  void stop() {
    if (open != null) {
      closeOpen(open.naturalEndMicros());
      startGap("stopped");
    }
    preRoll.clear();
  }
}
