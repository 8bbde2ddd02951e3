package io.peerwall.decoder.mux;

import io.peerwall.decoder.VideoCodec;
import java.nio.file.Path;

/**
 * What a segment file holds, read back from the file itself (after a crash, or to check it).
 *
 * @param file the segment
 * @param codec its video codec
 * @param width coded width
 * @param height coded height
 * @param frames complete pictures in the file
 * @param keyframes keyframes among them
 * @param firstPtsMicros media time of the first picture
 * @param lastPtsMicros media time of the last picture
 * @param bytes file size
 */
public record SegmentStats(
    Path file,
    VideoCodec codec,
    int width,
    int height,
    long frames,
    long keyframes,
    long firstPtsMicros,
    long lastPtsMicros,
    long bytes) {

  /** Media time covered, the last picture counted with the average picture spacing. */
  public long durationMicros() {
    if (frames == 0) {
      return 0;
    }
    long span = lastPtsMicros - firstPtsMicros;
    return frames > 1 ? span + span / (frames - 1) : 0;
  }
}
