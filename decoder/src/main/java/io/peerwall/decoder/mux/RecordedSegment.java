package io.peerwall.decoder.mux;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A segment file on disk and where it sits in wall-clock time: its media time 0 is at {@code
 * startEpochMicros}. This is all the recording index must keep per segment for exports and
 * snapshots ({@link SegmentSummary#toRecordedSegment()}).
 */
public record RecordedSegment(Path file, long startEpochMicros) {
  public RecordedSegment {
    Objects.requireNonNull(file, "file");
  }
}
