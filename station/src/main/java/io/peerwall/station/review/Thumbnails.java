package io.peerwall.station.review;

import io.peerwall.decoder.DecodeStatus;
import io.peerwall.decoder.DecoderOptions;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.StreamDecoder;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.recorder.Recordings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Thumbnails for the timeline's strip and the event list: the keyframe at or before a time, one
 * frame read from the file at the offset the index gives and decoded small, on a thread of its own
 * at low priority ({@code review-thumbs}), so they never compete with playback. Cached by keyframe
 * (the last {@value #CACHED}, about {@code CACHED * width * height * 4} bytes), so zooming back and
 * forth decodes nothing twice. At most 48 requests wait; older ones are dropped (the strip asks
 * again for what is still visible).
 */
public final class Thumbnails implements AutoCloseable {
  static final int CACHED = 400;

  private final Recordings recordings;
  private final int width;
  private final int height;
  private final BoundedWorker worker;
  private final SegmentCursor cursor = new SegmentCursor();
  private final Map<String, Thumbnail> cache =
      new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Thumbnail> eldest) {
          return size() > CACHED;
        }
      };
  private StreamDecoder decoder;
  private FrameBuffer buffer;

  private Thumbnails(Recordings recordings, int width, int height) {
    this.recordings = recordings;
    this.width = width;
    this.height = height;
    this.worker = new BoundedWorker("review-thumbs", 48, Thread.MIN_PRIORITY);
  }

  /** Opens its own read-only connection to the data directory's index (off the FX thread). */
  public static Thumbnails open(Path dataDir, int width, int height) {
    return new Thumbnails(Recordings.open(dataDir), width, height);
  }

  /**
   * The thumbnail of a camera at a time; empty when nothing is recorded then (or the file is gone).
   * Completes on the thumbnail thread.
   */
  public CompletableFuture<Optional<Thumbnail>> at(String cameraId, long micros) {
    return worker.submit(() -> make(cameraId, micros));
  }

  /** Requests dropped because too many were waiting. */
  public long dropped() {
    return worker.dropped();
  }

  private Optional<Thumbnail> make(String cameraId, long micros) throws IOException {
    Optional<Recordings.SeekPoint> at = recordings.seek(cameraId, micros);
    if (at.isEmpty() || !at.get().inside()) {
      return Optional.empty();
    }
    Recordings.SeekPoint point = at.get();
    String key = point.segment().id() + "@" + point.keyframe().offset();
    Thumbnail cached = cache.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    VideoCodec codec = point.segment().codec();
    if (decoder == null || decoder.codec() != codec) {
      if (decoder != null) {
        decoder.close();
      }
      decoder = new StreamDecoder(codec, DecoderOptions.defaults());
      buffer = new FrameBuffer(width, height);
    }
    decoder.signalLoss(); // each thumbnail starts at its own keyframe
    boolean[] decoded = {false};
    try {
      cursor.fromKeyframe(
          point.segment(),
          point.keyframe(),
          (unit, offset, length) -> {
            decoded[0] = decoder.decode(unit, buffer) == DecodeStatus.FRAME;
            return false;
          });
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty(); // deleted by retention since the index listed it
    }
    if (!decoded[0]) {
      return Optional.empty();
    }
    byte[] pixels = new byte[width * height * 4];
    buffer.pixels().duplicate().get(pixels);
    Thumbnail made = new Thumbnail(cameraId, point.keyframeMicros(), width, height, pixels);
    cache.put(key, made);
    return Optional.of(made);
  }

  @Override
  public void close() {
    worker.close();
    if (decoder != null) {
      decoder.close();
    }
    recordings.close();
  }
}
