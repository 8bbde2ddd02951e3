package io.peerwall.recorder;

import io.peerwall.decoder.VideoCodec;
import io.peerwall.recorder.ts.TsProfile;
import java.nio.file.Path;

/**
 * A segment as the index describes it.
 *
 * @param file the segment file (absolute)
 * @param startMicros wall-clock time of its first frame (µs since the epoch)
 * @param endMicros end of its last frame
 * @param closed whether it is complete (an open one is being written)
 * @param keyframes the compact keyframe index ({@link KeyframeIndex})
 * @param sha256 SHA-256 of the file once closed, else null
 * @param flags 1 = recovered after a crash, 2 = damaged
 * @param parameterSets the codec configuration (Annex B) of its frames
 */
public record SegmentInfo(
    long id,
    String cameraId,
    long streamId,
    Path file,
    long startMicros,
    long endMicros,
    boolean closed,
    long bytes,
    long frames,
    byte[] keyframes,
    byte[] sha256,
    int flags,
    VideoCodec codec,
    int width,
    int height,
    byte[] parameterSets) {

  public long durationMicros() {
    return endMicros - startMicros;
  }

  public boolean recovered() {
    return (flags & SegmentRows.FLAG_RECOVERED) != 0;
  }

  public boolean damaged() {
    return (flags & SegmentRows.FLAG_DAMAGED) != 0;
  }

  /** Wall-clock time of a point {@code ticks} (90 kHz) after the segment's first frame. */
  public long microsOfTicks(long ticks) {
    return startMicros + TsProfile.toMicros(ticks);
  }

  /** 90 kHz ticks from the segment's first frame to a wall-clock time. */
  public long ticksOfMicros(long micros) {
    return TsProfile.toTicks(micros - startMicros);
  }
}
