package io.peerwall.decoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A short, pre-encoded video clip: the access units of one stream, in decode order, starting with a
 * keyframe. Simulated cameras loop it ({@link ClipReplaySource}) because encoding live costs far
 * more CPU than a many-camera test can afford.
 *
 * <p>Immutable. The access units' byte arrays are shared with every consumer (a replay of 64
 * cameras does not copy them), so nobody may modify them.
 */
public final class EncodedClip {

  private final VideoCodec codec;
  private final int width;
  private final int height;
  private final int fps;
  private final List<AccessUnit> units;
  private final int[] keyframeIndices;

  /**
   * @param codec codec of every unit
   * @param width coded picture width in pixels
   * @param height coded picture height in pixels
   * @param fps frames per second the clip was made for; unit i is shown at i/fps seconds
   * @param units access units in decode order; the first must be a keyframe
   * @throws IllegalArgumentException if the clip is empty, does not start with a keyframe, mixes
   *     codecs or has non-increasing timestamps
   */
  public EncodedClip(VideoCodec codec, int width, int height, int fps, List<AccessUnit> units) {
    this.codec = Objects.requireNonNull(codec, "codec");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("bad size " + width + "x" + height);
    }
    if (fps <= 0) {
      throw new IllegalArgumentException("bad fps " + fps);
    }
    this.units = List.copyOf(units);
    if (this.units.isEmpty()) {
      throw new IllegalArgumentException("clip has no access units");
    }
    if (!this.units.get(0).keyframe()) {
      throw new IllegalArgumentException("clip must start with a keyframe");
    }
    List<Integer> keys = new ArrayList<>();
    long lastPts = Long.MIN_VALUE;
    for (int i = 0; i < this.units.size(); i++) {
      AccessUnit unit = this.units.get(i);
      if (unit.codec() != codec) {
        throw new IllegalArgumentException("unit " + i + " is " + unit.codec() + ", not " + codec);
      }
      if (unit.data() == null || unit.data().length == 0) {
        throw new IllegalArgumentException("unit " + i + " is empty");
      }
      if (unit.ptsMicros() <= lastPts) {
        throw new IllegalArgumentException("unit " + i + " pts does not increase");
      }
      lastPts = unit.ptsMicros();
      if (unit.keyframe()) {
        keys.add(i);
      }
    }
    this.width = width;
    this.height = height;
    this.fps = fps;
    this.keyframeIndices = keys.stream().mapToInt(Integer::intValue).toArray();
  }

  public VideoCodec codec() {
    return codec;
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

  /** The access units, unmodifiable, in decode order. */
  public List<AccessUnit> units() {
    return units;
  }

  public int frameCount() {
    return units.size();
  }

  /** Length of one loop of the clip: frame count / fps. */
  public long durationMicros() {
    return units.size() * 1_000_000L / fps;
  }

  /** Indices of the keyframes, ascending; the first is always 0. */
  public int[] keyframeIndices() {
    return keyframeIndices.clone();
  }

  /**
   * The index of the first keyframe at or after {@code index}, wrapping to 0 past the end (the clip
   * starts with a keyframe). Used to answer a keyframe request in a looping replay.
   */
  public int nextKeyframeIndex(int index) {
    for (int key : keyframeIndices) {
      if (key >= index) {
        return key;
      }
    }
    return 0;
  }

  /** Total bytes of coded video in one loop. */
  public long sizeBytes() {
    long total = 0;
    for (AccessUnit unit : units) {
      total += unit.data().length;
    }
    return total;
  }

  @Override
  public String toString() {
    return "EncodedClip["
        + codec
        + " "
        + width
        + "x"
        + height
        + "@"
        + fps
        + ", "
        + units.size()
        + " units, "
        + keyframeIndices.length
        + " keyframes, "
        + sizeBytes()
        + " bytes]";
  }
}
