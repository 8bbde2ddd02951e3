package io.peerwall.decoder.mux;

import io.peerwall.decoder.VideoCodec;
import java.nio.file.Path;

/**
 * What one written segment holds, as its writer reports it for the recording index (the index's own
 * row of a segment is {@code recorder.SegmentInfo}).
 *
 * @param file the MPEG-TS file
 * @param codec codec of the stream
 * @param startEpochMicros capture time of the first unit (wall clock); the segment's media time 0
 * @param endEpochMicros capture time of the last unit written
 * @param firstPtsMicros the stream timestamp the segment's media time 0 corresponds to
 * @param durationMicros media time from the first unit to the end of the last one
 * @param frames units written
 * @param keyframes keyframes among them (the first unit is always one)
 * @param bytes coded bytes written (without container overhead)
 */
public record SegmentSummary(
    Path file,
    VideoCodec codec,
    long startEpochMicros,
    long endEpochMicros,
    long firstPtsMicros,
    long durationMicros,
    long frames,
    long keyframes,
    long bytes) {

  /** This segment as the exporter and snapshots need it. */
  public RecordedSegment toRecordedSegment() {
    return new RecordedSegment(file, startEpochMicros);
  }
}
