package io.peerwall.decoder.source;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.H264Encoder;
import io.peerwall.decoder.MediaClock;
import io.peerwall.decoder.TestPatternPainter;
import io.peerwall.decoder.VideoCodec;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.locks.LockSupport;

/**
 * A live synthetic camera: paints the test pattern (colour bars, the camera name, a moving block
 * and the wall clock to the millisecond) and encodes it with H.264 as it goes, at the configured
 * size, frame rate, bit rate and keyframe interval. A keyframe request makes the next picture an
 * IDR.
 *
 * <p>Live encoding is expensive (libopenh264 manages about 32 fps of 720p on one core here): use it
 * for a single demo camera or to check latency, and {@link io.peerwall.decoder.ClipReplaySource} or
 * {@link FileSource} for many simulated cameras. When encoding cannot keep up, frames are skipped
 * (the timestamps stay true to the wall clock) rather than falling further behind.
 *
 * <p>A {@link SubStreamEncoder} can tap the pictures before they are encoded, for a sub stream.
 */
public final class TestPatternSource extends EncodingSource {

  private static final DateTimeFormatter WALL_CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  // Continues across stop/start so timestamps keep increasing (touched by one run at a time).
  private long nextFrameIndex;
  private volatile long framesSkipped;

  /**
   * @throws IllegalArgumentException for a size that is odd or outside 64..4096, an fps outside
   *     1..120, a bit rate under 10 kbit/s or a GOP under one frame
   */
  public TestPatternSource(
      String name,
      int width,
      int height,
      int fps,
      int bitrateBps,
      int gopFrames,
      MediaClock clock) {
    super(
        name,
        "testpattern:" + width + "x" + height + "@" + fps,
        "testpattern",
        clock,
        width,
        height,
        fps,
        bitrateBps,
        gopFrames);
    if (width < 64 || height < 64 || width > 4096 || height > 4096) {
      throw new IllegalArgumentException("size must be 64..4096, got " + width + "x" + height);
    }
    if (width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("4:2:0 needs an even size, got " + width + "x" + height);
    }
    if (fps < 1 || fps > 120) {
      throw new IllegalArgumentException("fps must be 1..120, got " + fps);
    }
    if (bitrateBps < 10_000) {
      throw new IllegalArgumentException("bit rate too low: " + bitrateBps);
    }
    if (gopFrames < 1) {
      throw new IllegalArgumentException("GOP must be at least one frame, got " + gopFrames);
    }
  }

  /** Pictures not encoded because encoding fell behind real time. */
  public long framesSkipped() {
    return framesSkipped;
  }

  @Override
  protected Worker open(Run run) {
    H264Encoder encoder = newTappedEncoder(width, height, fps);
    run.format(VideoCodec.H264, width, height);
    return new EncodingWorker(encoder, new TestPatternPainter(name, width, height, fps));
  }

  private final class EncodingWorker implements Worker {
    private final H264Encoder encoder;
    private final TestPatternPainter painter;
    private final BufferedImage picture;

    EncodingWorker(H264Encoder encoder, TestPatternPainter painter) {
      this.encoder = encoder;
      this.painter = painter;
      this.picture = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    }

    @Override
    public void run(Run run) {
      long frameNanos = 1_000_000_000L / fps;
      long runStart = clock.monotonicNanos();
      long firstIndex = nextFrameIndex;
      long index = firstIndex;
      while (run.active()) {
        long due = runStart + (index - firstIndex) * frameNanos;
        long now = clock.monotonicNanos();
        if (now - due > frameNanos) {
          // Behind by more than a frame: skip to the picture that is due now.
          long current = firstIndex + (now - runStart) / frameNanos;
          framesSkipped += current - index;
          index = current;
        } else {
          while (run.active() && due - clock.monotonicNanos() > 0) {
            LockSupport.parkNanos(due - clock.monotonicNanos());
          }
        }
        if (!run.active()) {
          break;
        }
        if (run.takeKeyframeRequest()) {
          encoder.requestKeyframe();
        }
        long capture = clock.epochMicros();
        painter.paint(picture, index, WALL_CLOCK.format(Instant.ofEpochMilli(capture / 1000)));
        encoder.encode(
            picture,
            index,
            unit ->
                run.deliver(
                    new AccessUnit(
                        unit.codec(), unit.data(), unit.ptsMicros(), capture, unit.keyframe())));
        index++;
        nextFrameIndex = index;
      }
    }

    @Override
    public void close() {
      encoder.close();
    }
  }
}
