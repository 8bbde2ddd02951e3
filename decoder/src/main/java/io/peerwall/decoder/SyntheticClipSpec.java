package io.peerwall.decoder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What synthetic clip to make: the camera name burned into the picture and the encoding parameters.
 *
 * @param cameraName shown large in the picture, so a tile can be matched to its camera by eye
 * @param width picture width, even (4:2:0 chroma), at least 64
 * @param height picture height, even, at least 64
 * @param fps frames per second, 1..120
 * @param frameCount frames in one loop of the clip
 * @param bitrateBps target bit rate of the encoder
 * @param gopFrames keyframe interval in frames (1 = every frame is a keyframe)
 */
public record SyntheticClipSpec(
    String cameraName,
    int width,
    int height,
    int fps,
    int frameCount,
    int bitrateBps,
    int gopFrames) {

  /**
   * Bumped whenever the picture or the encoder settings change, so cached clips made by an older
   * build are not reused (it is part of {@link #cacheKey()}).
   */
  static final int PATTERN_VERSION = 1;

  public SyntheticClipSpec {
    Objects.requireNonNull(cameraName, "cameraName");
    if (width < 64 || height < 64 || width > 4096 || height > 4096) {
      throw new IllegalArgumentException("size must be 64..4096, got " + width + "x" + height);
    }
    if (width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("4:2:0 needs an even size, got " + width + "x" + height);
    }
    if (fps < 1 || fps > 120) {
      throw new IllegalArgumentException("fps must be 1..120, got " + fps);
    }
    if (frameCount < 1) {
      throw new IllegalArgumentException("frameCount must be positive, got " + frameCount);
    }
    if (bitrateBps < 10_000) {
      throw new IllegalArgumentException("bitrate too low: " + bitrateBps);
    }
    if (gopFrames < 1) {
      throw new IllegalArgumentException("gopFrames must be positive, got " + gopFrames);
    }
  }

  /**
   * The demo clip: 640x360 at 15 fps for 4 s, 600 kbit/s, a keyframe every second. Small enough to
   * encode in well under a second and to decode cheaply on a wall of many tiles.
   */
  public static SyntheticClipSpec defaults(String cameraName) {
    return new SyntheticClipSpec(cameraName, 640, 360, 15, 60, 600_000, 15);
  }

  public SyntheticClipSpec withSize(int newWidth, int newHeight) {
    return new SyntheticClipSpec(
        cameraName, newWidth, newHeight, fps, frameCount, bitrateBps, gopFrames);
  }

  /** Changes the frame rate, keeping the clip's duration. */
  public SyntheticClipSpec withFps(int newFps) {
    int frames = (int) Math.max(1, Math.round(frameCount * (double) newFps / fps));
    return new SyntheticClipSpec(cameraName, width, height, newFps, frames, bitrateBps, gopFrames);
  }

  /** Sets the clip's duration; rounded to whole frames (at least one). */
  public SyntheticClipSpec withDuration(Duration duration) {
    int frames = (int) Math.max(1, Math.round(duration.toNanos() * fps / 1e9));
    return new SyntheticClipSpec(cameraName, width, height, fps, frames, bitrateBps, gopFrames);
  }

  public SyntheticClipSpec withBitrate(int newBitrateBps) {
    return new SyntheticClipSpec(
        cameraName, width, height, fps, frameCount, newBitrateBps, gopFrames);
  }

  public SyntheticClipSpec withGop(int newGopFrames) {
    return new SyntheticClipSpec(
        cameraName, width, height, fps, frameCount, bitrateBps, newGopFrames);
  }

  /** Presentation time of frame {@code index} in microseconds: index * 1e6 / fps. */
  public long ptsMicros(long index) {
    return index * 1_000_000L / fps;
  }

  /**
   * A file-name-safe key that changes whenever anything affecting the encoded bytes changes: the
   * spec, and the pattern/encoder version. The camera name is hashed, not embedded, because it is
   * user text.
   */
  public String cacheKey() {
    String identity =
        PATTERN_VERSION
            + "|"
            + cameraName
            + "|"
            + width
            + "x"
            + height
            + "|"
            + fps
            + "|"
            + frameCount
            + "|"
            + bitrateBps
            + "|"
            + gopFrames;
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return width
          + "x"
          + height
          + "-"
          + fps
          + "fps-"
          + frameCount
          + "f-"
          + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
