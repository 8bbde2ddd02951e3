package io.peerwall.station.feed;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.DecodeStatus;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.StreamDecoder;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.station.adaptive.StreamChoice;
import io.peerwall.station.adaptive.StreamControl;
import io.peerwall.station.adaptive.StreamPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The station-side decoding of one camera for one tile: decodes the stream on screen straight into
 * the tile's {@link TripleBuffer} at the size the tile asked for, and handles what the wall wants
 * from a tile without it knowing how.
 *
 * <ul>
 *   <li><b>Hidden tiles</b> ({@link #setVisible} false): only keyframes are decoded, without
 *       converting, so a hidden camera costs almost nothing; when it shows again the decoder is
 *       reset and a keyframe requested, since the skipped frames broke its reference chain.
 *   <li><b>Adaptive streams</b>: when the tile's size calls for the other stream ({@link
 *       StreamPolicy}) and the camera offers it ({@link StreamControl}), that stream is started.
 *       Nothing is published until the new stream has decoded its first picture, which goes into
 *       the same slot, so the old picture stays on screen and there is no black gap; the old stream
 *       is then stopped. Units of a stream that is neither shown nor switched to are ignored: a
 *       recording feed's session carries the main stream all along (decision 0037) while a small
 *       tile shows the sub stream. This also holds when a camera switches from the old stream to
 *       the new at once rather than sending both for a while. A new stream that shows no picture
 *       within {@link #SWITCH_TIMEOUT_NANOS} is given up: the old one is asked for again (the
 *       camera may have switched already) and the failed stream is not tried again for a while
 *       ({@link #RETRY_BASE_NANOS}, doubling). If the camera sends only a stream the tile did not
 *       ask for (it answered a switch after it was given up), that stream is shown rather than
 *       freezing.
 *   <li>The sub stream's real height, once decoded, replaces the camera's announcement in the
 *       policy; before that, half the main stream's height is assumed when that is less than {@link
 *       StreamPolicy#DEFAULT_SUB_HEIGHT}.
 * </ul>
 *
 * <p>Threads: {@link #onUnit} runs on the session's frame thread (one per stream; calls are
 * serialised by this object's monitor, which also makes the triple buffer's single-writer rule
 * hold); {@link #setVisible} and {@link #requestOutputSize} may be called from any thread (the FX
 * thread) and only write volatiles.
 */
public final class FeedDecoder implements AutoCloseable {
  static final long SWITCH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
  static final long RETRY_BASE_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final long RETRY_MAX_NANOS = TimeUnit.MINUTES.toNanos(5);
  private static final int MIN_SIZE = 16;
  private static final int MAX_WIDTH = 3840;
  private static final int MAX_HEIGHT = 2160;

  private final TripleBuffer<FrameBuffer> frames;
  private final FeedStats stats;
  private final Clock clock;
  private final LongSupplier nanoClock;
  private final StreamControl control;
  private final AtomicInteger requestedSize;
  private volatile boolean visible = true;
  private volatile StreamChoice shown = StreamChoice.MAIN;

  // Below: owned by the monitor.
  private final Map<StreamChoice, StreamDecoder> decoders = new EnumMap<>(StreamChoice.class);
  private StreamChoice active;
  private StreamChoice pending;
  private long pendingSinceNanos;
  private long lastActiveUnitNanos;
  private StreamChoice failedStream;
  private int failedSwitches;
  private long retryNotBeforeNanos;
  private final int[] decodedHeight = new int[StreamChoice.values().length];
  private boolean decodingHidden;
  private boolean closed;

  public FeedDecoder(
      TripleBuffer<FrameBuffer> frames,
      FeedStats stats,
      Clock clock,
      StreamControl control,
      int initialWidth,
      int initialHeight) {
    this(frames, stats, clock, System::nanoTime, control, initialWidth, initialHeight);
  }

  /** With a monotonic clock of its own, for tests of the switch timeout. */
  FeedDecoder(
      TripleBuffer<FrameBuffer> frames,
      FeedStats stats,
      Clock clock,
      LongSupplier nanoClock,
      StreamControl control,
      int initialWidth,
      int initialHeight) {
    this.frames = frames;
    this.stats = stats;
    this.clock = clock;
    this.nanoClock = nanoClock;
    this.control = control;
    this.lastActiveUnitNanos = nanoClock.getAsLong();
    this.requestedSize = new AtomicInteger(pack(initialWidth, initialHeight));
    this.active = StreamPolicy.choose(StreamChoice.MAIN, initialHeight, control);
    this.shown = active;
  }

  /** The tile's picture size from the next frame on; clamped to sane bounds. Any thread. */
  public void requestOutputSize(int width, int height) {
    int w = Math.max(MIN_SIZE, Math.min(MAX_WIDTH, width)) & ~1;
    int h = Math.max(MIN_SIZE, Math.min(MAX_HEIGHT, height)) & ~1;
    requestedSize.set(pack(w, h));
  }

  /** Whether the tile is on screen; hidden tiles decode keyframes only. Any thread. */
  public void setVisible(boolean isVisible) {
    this.visible = isVisible;
  }

  public boolean visible() {
    return visible;
  }

  /** The stream whose pictures the tile shows now. Any thread. */
  public StreamChoice activeStream() {
    return shown;
  }

  /** The stream being switched to, or null. */
  public synchronized StreamChoice pendingStream() {
    return pending;
  }

  /** Decodes one access unit of {@code stream}. The session's frame thread. */
  public synchronized void onUnit(StreamChoice stream, AccessUnit unit) {
    if (closed) {
      return;
    }
    long now = nanoClock.getAsLong();
    boolean isVisible = visible;
    if (isVisible || !control.offers(active)) {
      // A hidden tile keeps its stream, unless the camera (or a recording) no longer allows it.
      considerSwitch(now);
    }
    if (stream != pending && stream != active && now - lastActiveUnitNanos > SWITCH_TIMEOUT_NANOS) {
      // Only this stream comes (a switch answered after it was given up): show it, not a freeze.
      dropDecoder(active);
      active = stream;
    }
    if (stream == pending) {
      decodeCandidate(stream, unit);
    } else if (stream == active) {
      lastActiveUnitNanos = now;
      if (isVisible) {
        decodeShown(stream, unit);
      } else {
        decodeHidden(stream, unit);
      }
    }
    // Anything else is the tail of a stream that was stopped: nothing to do with it.
  }

  private void considerSwitch(long now) {
    int height = requestedSize.get() & 0xFFFF;
    StreamChoice want = StreamPolicy.choose(active, height, control, knownSubHeight());
    if (pending != null) {
      boolean timedOut = now - pendingSinceNanos > SWITCH_TIMEOUT_NANOS;
      if (want != pending || timedOut) {
        abandonSwitch(timedOut, now);
      }
    }
    boolean backingOff = want == failedStream && now - retryNotBeforeNanos < 0;
    if (want != active && pending == null && control.offers(want) && !backingOff) {
      pending = want;
      pendingSinceNanos = now;
      control.start(want);
      control.requestKeyframe(want);
    }
  }

  /** The tile changed its mind, or the new stream never showed a picture: stay where we are. */
  private void abandonSwitch(boolean timedOut, long now) {
    StreamChoice given = pending;
    pending = null;
    dropDecoder(given);
    control.stop(given);
    // Make sure the shown stream is still asked for (a camera may have dropped it already).
    control.start(active);
    lastActiveUnitNanos = now;
    if (timedOut) {
      failedStream = given;
      failedSwitches++;
      long wait = RETRY_BASE_NANOS << Math.min(failedSwitches - 1, 5);
      retryNotBeforeNanos = now + Math.min(wait, RETRY_MAX_NANOS);
    }
  }

  /** The sub stream's height as far as it is known for sure or by a fair guess; 0 if not. */
  private int knownSubHeight() {
    int sub = decodedHeight[StreamChoice.SUB.ordinal()];
    if (sub > 0 || control.announcedHeight(StreamChoice.SUB) > 0) {
      return sub;
    }
    int main = decodedHeight[StreamChoice.MAIN.ordinal()];
    return main > 0 ? Math.min(StreamPolicy.DEFAULT_SUB_HEIGHT, main / 2) : 0;
  }

  private void decodeShown(StreamChoice stream, AccessUnit unit) {
    StreamDecoder decoder = decoderFor(stream);
    if (decodingHidden) {
      // Frames were skipped while hidden: the references are gone, start over at a keyframe.
      decodingHidden = false;
      decoder.signalLoss();
      control.requestKeyframe(stream);
    }
    DecodeStatus status = decoder.decode(unit, writeSlotSized());
    afterDecode(stream, unit, status, true);
  }

  private void decodeHidden(StreamChoice stream, AccessUnit unit) {
    decodingHidden = true;
    if (!unit.keyframe()) {
      return;
    }
    DecodeStatus status = decoderFor(stream).decode(unit, null);
    afterDecode(stream, unit, status, false);
  }

  private void decodeCandidate(StreamChoice stream, AccessUnit unit) {
    DecodeStatus status = decoderFor(stream).decode(unit, writeSlotSized());
    if (status == DecodeStatus.FRAME) {
      // The first picture of the new stream replaces the old stream's in the same slot: no gap.
      StreamChoice old = active;
      active = stream;
      pending = null;
      failedStream = null;
      failedSwitches = 0;
      lastActiveUnitNanos = nanoClock.getAsLong();
      dropDecoder(old);
      control.stop(old);
    }
    afterDecode(stream, unit, status, true);
  }

  private void afterDecode(
      StreamChoice stream, AccessUnit unit, DecodeStatus status, boolean publish) {
    switch (status) {
      case FRAME -> {
        stats.frameDecoded(stream, unit.captureEpochMicros(), nowEpochMicros());
        StreamDecoder decoder = decoders.get(stream);
        if (decoder != null && decoder.sourceHeight() > 0) {
          decodedHeight[stream.ordinal()] = decoder.sourceHeight();
        }
        if (publish) {
          frames.publish();
          shown = stream;
        }
      }
      case ERROR_NEEDS_KEYFRAME, WAITING_FOR_KEYFRAME -> {
        if (status == DecodeStatus.ERROR_NEEDS_KEYFRAME) {
          stats.decodeError();
        }
        control.requestKeyframe(stream);
      }
      default -> {
        // NO_FRAME / SKIPPED: nothing to show for this unit.
      }
    }
  }

  private StreamDecoder decoderFor(StreamChoice stream) {
    return decoders.computeIfAbsent(stream, s -> new StreamDecoder(VideoCodec.H264));
  }

  private void dropDecoder(StreamChoice stream) {
    StreamDecoder decoder = decoders.remove(stream);
    if (decoder != null) {
      decoder.close();
    }
  }

  private FrameBuffer writeSlotSized() {
    int size = requestedSize.get();
    int width = size >>> 16;
    int height = size & 0xFFFF;
    FrameBuffer slot = frames.writeSlot();
    if (slot.width() != width || slot.height() != height) {
      slot = new FrameBuffer(width, height);
      frames.replaceWriteSlot(slot);
    }
    return slot;
  }

  private long nowEpochMicros() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private static int pack(int width, int height) {
    return (width << 16) | height;
  }

  /**
   * Frees the decoders (the session ended); the next unit starts fresh at a keyframe, on the main
   * stream, which is what a new session starts with. The tile keeps its last picture until then.
   */
  public synchronized void reset() {
    stats.streamStopped();
    decoders.values().forEach(StreamDecoder::close);
    decoders.clear();
    pending = null;
    active = StreamChoice.MAIN;
    lastActiveUnitNanos = nanoClock.getAsLong();
    decodingHidden = false;
  }

  @Override
  public synchronized void close() {
    closed = true;
    reset();
  }
}
