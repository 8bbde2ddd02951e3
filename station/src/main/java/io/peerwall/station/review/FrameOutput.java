package io.peerwall.station.review;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.DecodeStatus;
import io.peerwall.decoder.DecoderOptions;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.station.feed.TripleBuffer;

/**
 * One player's decoder and its hand-off to the screen: pictures are scaled by FFmpeg straight into
 * a tile-sized BGRA buffer of a {@link TripleBuffer} (as on the live wall), so the FX thread never
 * sees a full-size frame; a picture published before the screen took the previous one replaces it
 * and is counted. Player thread only, except {@link #requestSize} and the buffer's reader side.
 */
final class FrameOutput implements AutoCloseable {
  private static final int MIN_SIDE = 16;
  private static final int MAX_SIDE = 3840;

  private final TripleBuffer<FrameBuffer> frames;
  private volatile long wantedSize;
  private io.peerwall.decoder.StreamDecoder decoder;
  private long published;
  private long lastPublishedMicros = -1;

  FrameOutput(int width, int height) {
    int w = clamp(width);
    int h = clamp(height);
    this.wantedSize = pack(w, h);
    this.frames = new TripleBuffer<>(() -> new FrameBuffer(w, h));
  }

  TripleBuffer<FrameBuffer> frames() {
    return frames;
  }

  /** Scale to this size from the next picture on (the tile was resized). Any thread. */
  void requestSize(int width, int height) {
    wantedSize = pack(clamp(width) & ~1, clamp(height) & ~1);
  }

  /**
   * Decodes a unit; with {@code show} its picture goes into the write slot (publish it when due),
   * without it only the decoder's references advance (a frame on the way to the one wanted).
   */
  DecodeStatus decode(AccessUnit unit, boolean show) {
    if (decoder == null || decoder.codec() != unit.codec()) {
      closeDecoder();
      // One thread, low delay: a picture out for every unit in, as on the live wall.
      decoder = new io.peerwall.decoder.StreamDecoder(unit.codec(), DecoderOptions.defaults());
    }
    FrameBuffer out = null;
    if (show) {
      long size = wantedSize;
      out = frames.writeSlot();
      if (out.width() != (int) (size >>> 32) || out.height() != (int) size) {
        out = new FrameBuffer((int) (size >>> 32), (int) size);
        frames.replaceWriteSlot(out);
      }
    }
    return decoder.decode(unit, out);
  }

  /** Makes the picture in the write slot the newest. */
  void publish(long frameMicros) {
    frames.publish();
    published++;
    lastPublishedMicros = frameMicros;
  }

  /** Forgets the reference chain: the next unit decoded must be a keyframe. */
  void reset() {
    if (decoder != null) {
      decoder.signalLoss();
    }
  }

  long published() {
    return published;
  }

  long lastPublishedMicros() {
    return lastPublishedMicros;
  }

  long decodeErrors() {
    return decoder == null ? 0 : decoder.decodeErrors();
  }

  private void closeDecoder() {
    if (decoder != null) {
      decoder.close();
      decoder = null;
    }
  }

  @Override
  public void close() {
    closeDecoder();
  }

  private static int clamp(int side) {
    return Math.max(MIN_SIDE, Math.min(MAX_SIDE, side));
  }

  private static long pack(int width, int height) {
    return ((long) width << 32) | (height & 0xFFFFFFFFL);
  }
}
