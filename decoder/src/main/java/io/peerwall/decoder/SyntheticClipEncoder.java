package io.peerwall.decoder;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the clip a simulated camera loops: paints the test pattern for every frame ({@link
 * TestPatternPainter}) and encodes it to H.264 ({@link H264Encoder}).
 *
 * <p>Done once per camera and cached ({@link ClipCache}): libopenh264 is too slow to encode dozens
 * of cameras live, while replaying pre-encoded access units costs almost nothing. The 640x360, 15
 * fps, 4 s demo clip encodes in a fraction of a second.
 */
public final class SyntheticClipEncoder {

  private static final Logger log = LoggerFactory.getLogger(SyntheticClipEncoder.class);

  private SyntheticClipEncoder() {}

  /**
   * Encodes the clip described by {@code spec}. Unit i has ptsMicros = i * 1e6 / fps,
   * captureEpochMicros 0, and every keyframe carries SPS and PPS.
   *
   * @throws IllegalStateException if the H.264 encoder is unavailable or fails
   */
  public static EncodedClip encode(SyntheticClipSpec spec) {
    long started = System.nanoTime();
    TestPatternPainter painter =
        new TestPatternPainter(spec.cameraName(), spec.width(), spec.height(), spec.fps());
    BufferedImage picture =
        new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_3BYTE_BGR);
    List<AccessUnit> units = new ArrayList<>(spec.frameCount());
    try (H264Encoder encoder =
        new H264Encoder(
            spec.width(), spec.height(), spec.fps(), spec.bitrateBps(), spec.gopFrames())) {
      for (int i = 0; i < spec.frameCount(); i++) {
        painter.paint(picture, i);
        encoder.encode(picture, i, units::add);
      }
      encoder.finish(units::add);
    }
    if (units.size() != spec.frameCount()) {
      // The encoder is configured never to skip; a mismatch means a setting did not take.
      throw new IllegalStateException(
          "encoder produced " + units.size() + " units for " + spec.frameCount() + " frames");
    }
    EncodedClip clip =
        new EncodedClip(VideoCodec.H264, spec.width(), spec.height(), spec.fps(), units);
    log.debug("Encoded {} in {} ms", clip, (System.nanoTime() - started) / 1_000_000);
    return clip;
  }
}
