package io.peerwall.decoder.source;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_ref;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.H264Encoder;
import io.peerwall.decoder.MediaClock;
import io.peerwall.decoder.VideoCodec;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A camera's sub stream made from the pictures its main stream encodes: a {@link RawPictureSource}
 * shows each picture to this tap before encoding it; the tap takes a reference (no copy on the
 * source thread) into a bounded queue, and this source's own thread ({@code substream-source-NAME})
 * scales it down and encodes it with libopenh264, so the main stream never waits for the sub
 * stream.
 *
 * <p>The queue holds {@link #QUEUE_CAPACITY} pictures; when the encoder falls behind, the oldest
 * waiting picture is dropped (counted in {@link #framesDropped()}) so the sub stream stays live
 * rather than late. Pictures offered while this source is not running are ignored. The sub stream
 * has its own keyframe interval (the main's, in pictures) and answers keyframe requests with an
 * IDR, as the main encoder does.
 */
public final class SubStreamEncoder extends AbstractVideoSource implements Consumer<AVFrame> {

  /** Pictures waiting for the encoder at most; two absorb a slow picture without adding lag. */
  public static final int QUEUE_CAPACITY = 2;

  /** The sub stream is at most this tall (640x360 for a 16:9 camera). */
  public static final int MAX_HEIGHT = 360;

  // Parks between pictures; bounded so a missed unpark costs at most this long.
  private static final long IDLE_PARK_NANOS = 100_000_000L;

  private final int width;
  private final int height;
  private final int fps;
  private final int bitrateBps;
  private final int gopFrames;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>(QUEUE_CAPACITY);
  // Guarded by queue.
  private boolean accepting;
  private volatile Thread worker;
  private volatile long framesOffered;
  private volatile long framesDropped;

  /** A picture waiting to be encoded: our own reference to the source's frame. */
  private record Pending(AVFrame frame, long captureEpochMicros, long offeredNanos) {}

  /**
   * @param name the camera's name (thread {@code substream-source-NAME}, logs)
   * @param width sub stream width, even
   * @param height sub stream height, even
   */
  public SubStreamEncoder(
      String name,
      int width,
      int height,
      int fps,
      int bitrateBps,
      int gopFrames,
      MediaClock clock) {
    super(name, "sub stream " + width + "x" + height + "@" + fps, "substream", clock);
    if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException(
          "sub stream size must be even, got " + width + "x" + height);
    }
    if (fps < 1 || bitrateBps < 10_000 || gopFrames < 1) {
      throw new IllegalArgumentException("bad sub stream settings @" + fps + ", " + bitrateBps);
    }
    this.width = width;
    this.height = height;
    this.fps = fps;
    this.bitrateBps = bitrateBps;
    this.gopFrames = gopFrames;
  }

  /**
   * Makes the sub stream of {@code main} ({@link #sizeFor its size}, the main's frame rate and
   * keyframe interval, {@link #bitrateFor a low bit rate}) and taps the main's pictures. Start and
   * close it like any source; it produces pictures only while the main one does.
   */
  public static SubStreamEncoder attachTo(RawPictureSource main, MediaClock clock) {
    int[] size = sizeFor(main.pictureWidth(), main.pictureHeight());
    SubStreamEncoder sub =
        new SubStreamEncoder(
            main.name(),
            size[0],
            size[1],
            main.fps(),
            bitrateFor(size[0], size[1], main.fps()),
            main.gopFrames(),
            clock);
    main.setPictureTap(sub);
    return sub;
  }

  /**
   * The sub stream size for a main stream of {@code width} x {@code height}: half the height, at
   * most {@link #MAX_HEIGHT}, the aspect ratio kept, both even (1280x720 and 1920x1080 give
   * 640x360, 640x360 gives 320x180).
   */
  public static int[] sizeFor(int width, int height) {
    int h = Math.min(MAX_HEIGHT, height / 2) & ~1;
    int w = (int) Math.round((double) width * h / height) & ~1;
    return new int[] {Math.max(16, w), Math.max(16, h)};
  }

  /** About 0.1 bit per pixel and picture, 100 kbit/s to 2 Mbit/s: a sub stream is for tiles. */
  public static int bitrateFor(int width, int height, int fps) {
    long auto = (long) width * height * fps / 10;
    return (int) Math.max(100_000, Math.min(2_000_000, auto));
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int fps() {
    return fps;
  }

  public int bitrateBps() {
    return bitrateBps;
  }

  /** Pictures the main source offered while this source ran. */
  public long framesOffered() {
    return framesOffered;
  }

  /** Pictures dropped because the encoder was behind (the oldest waiting one goes). */
  public long framesDropped() {
    return framesDropped;
  }

  /** What this sub stream is, for banners and status. */
  public String summary() {
    return width
        + "x"
        + height
        + "@"
        + fps
        + ", scaled from the main pictures and encoded with "
        + H264Encoder.ENCODER_NAME
        + " at "
        + bitrateBps / 1000
        + " kbit/s";
  }

  /**
   * The tap: called by the main source on its thread with the picture it is about to encode. Never
   * blocks and never throws; takes a reference, not a copy.
   */
  @Override
  public void accept(AVFrame picture) {
    Thread wake;
    synchronized (queue) {
      if (!accepting) {
        return;
      }
      AVFrame ref = av_frame_alloc();
      if (ref == null || av_frame_ref(ref, picture) < 0) {
        if (ref != null) {
          av_frame_free(ref);
        }
        framesDropped++;
        return;
      }
      framesOffered++;
      if (queue.size() == QUEUE_CAPACITY) {
        av_frame_free(queue.poll().frame());
        framesDropped++;
      }
      queue.add(new Pending(ref, clock.epochMicros(), clock.monotonicNanos()));
      wake = worker;
    }
    if (wake != null) {
      LockSupport.unpark(wake);
    }
  }

  @Override
  protected Worker open(Run run) {
    H264Encoder encoder = newEncoder(width, height, fps, bitrateBps, gopFrames);
    run.format(VideoCodec.H264, width, height);
    synchronized (queue) {
      accepting = true;
    }
    return new EncodingWorker(encoder);
  }

  private Pending take() {
    synchronized (queue) {
      return queue.poll();
    }
  }

  private final class EncodingWorker implements Worker {
    private final H264Encoder encoder;
    private long frameIndex;
    private long lastPts = -1;

    EncodingWorker(H264Encoder encoder) {
      this.encoder = encoder;
    }

    @Override
    public void run(Run run) {
      worker = Thread.currentThread();
      while (run.active()) {
        Pending p = take();
        if (p == null) {
          LockSupport.parkNanos(IDLE_PARK_NANOS);
          continue;
        }
        try {
          encode(run, p);
        } finally {
          av_frame_free(p.frame());
        }
      }
    }

    private void encode(Run run, Pending p) {
      if (run.takeKeyframeRequest()) {
        encoder.requestKeyframe();
      }
      // The time the picture was offered, on the source's clock: queueing adds no jitter.
      long waitedMicros = (clock.monotonicNanos() - p.offeredNanos()) / 1000;
      long pts = Math.max(lastPts + 1, run.elapsedMicros() - waitedMicros);
      lastPts = pts;
      encoder.encodeFrame(
          p.frame(),
          frameIndex++,
          unit ->
              run.deliver(
                  new AccessUnit(
                      unit.codec(), unit.data(), pts, p.captureEpochMicros(), unit.keyframe())));
    }

    @Override
    public void close() {
      synchronized (queue) {
        accepting = false;
        worker = null;
        for (Pending p : queue) {
          av_frame_free(p.frame());
        }
        queue.clear();
      }
      encoder.close();
    }
  }
}
