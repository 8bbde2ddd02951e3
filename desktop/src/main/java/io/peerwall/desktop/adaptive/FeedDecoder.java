package io.peerwall.desktop.adaptive;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.DecodeStatus;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.StreamDecoder;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.desktop.station.FeedStats;
import io.peerwall.desktop.station.TripleBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 *       StreamPolicy}) and the camera offers it ({@link StreamControl}), that stream is started and
 *       decoded next to the old one; the old stream stays on screen until the new one has decoded
 *       its first picture, which is published in the same slot, so there is no black gap. Then the
 *       old stream is stopped. A new stream that shows no picture within {@link
 *       #SWITCH_TIMEOUT_NANOS} is given up.
 * </ul>
 *
 * <p>Threads: {@link #onUnit} runs on the session's frame thread (one per stream; calls are
 * serialised by this object's monitor, which also makes the triple buffer's single-writer rule
 * hold); {@link #setVisible} and {@link #requestOutputSize} may be called from any thread (the FX
 * thread) and only write volatiles.
 */
public final class FeedDecoder implements AutoCloseable {
  static final long SWITCH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final int MIN_SIZE = 16;
  private static final int MAX_WIDTH = 3840;
  private static final int MAX_HEIGHT = 2160;

  private final TripleBuffer<FrameBuffer> frames;
  private final FeedStats stats;
  private final Clock clock;
  private final StreamControl control;
  private final AtomicInteger requestedSize;
  private volatile boolean visible = true;
  private volatile StreamChoice shown = StreamChoice.MAIN;

  // Below: owned by the monitor.
  private final Map<StreamChoice, StreamDecoder> decoders = new EnumMap<>(StreamChoice.class);
  private StreamChoice active;
  private StreamChoice pending;
  private long pendingSinceNanos;
  private boolean decodingHidden;
  private boolean closed;

  public FeedDecoder(
      TripleBuffer<FrameBuffer> frames,
      FeedStats stats,
      Clock clock,
      StreamControl control,
      int initialWidth,
      int initialHeight) {
    this.frames = frames;
    this.stats = stats;
    this.clock = clock;
    this.control = control;
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
    boolean isVisible = visible;
    if (isVisible) {
      considerSwitch();
    }
    if (stream == pending) {
      decodeCandidate(stream, unit);
    } else if (stream == active) {
      if (isVisible) {
        decodeShown(stream, unit);
      } else {
        decodeHidden(stream, unit);
      }
    }
    // Anything else is the tail of a stream that was stopped: nothing to do with it.
  }

  private void considerSwitch() {
    int height = requestedSize.get() & 0xFFFF;
    StreamChoice want = StreamPolicy.choose(active, height, control);
    if (pending != null
        && (want != pending || System.nanoTime() - pendingSinceNanos > SWITCH_TIMEOUT_NANOS)) {
      // The tile changed its mind, or the new stream never showed a picture: stay where we are.
      dropDecoder(pending);
      control.stop(pending);
      pending = null;
    }
    if (want != active && pending == null && control.offers(want)) {
      pending = want;
      pendingSinceNanos = System.nanoTime();
      control.start(want);
      control.requestKeyframe(want);
    }
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
      shown = stream;
      dropDecoder(old);
      control.stop(old);
    }
    afterDecode(stream, unit, status, true);
  }

  private void afterDecode(
      StreamChoice stream, AccessUnit unit, DecodeStatus status, boolean publish) {
    switch (status) {
      case FRAME -> {
        stats.frameDecoded(unit.captureEpochMicros(), nowEpochMicros());
        if (publish) {
          frames.publish();
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
   * Frees the decoders (the session ended); the next unit starts fresh at a keyframe. The tile
   * keeps its last picture.
   */
  public synchronized void reset() {
    decoders.values().forEach(StreamDecoder::close);
    decoders.clear();
    if (pending != null) {
      pending = null;
    }
    decodingHidden = false;
  }

  @Override
  public synchronized void close() {
    closed = true;
    reset();
  }
}
