package io.peerwall.decoder.mux;

import java.nio.file.Path;

/**
 * Told when a {@link SegmentRecorder} starts and finishes segment files, so the recording index can
 * follow. Called on the recording thread; keep it short.
 */
public interface SegmentListener {

  /**
   * A segment file was created and its first unit written. If the process dies now, the file holds
   * everything written until then: index it from {@link SegmentInspector} at the next start.
   */
  default void segmentStarted(Path file, long startEpochMicros) {}

  /** A segment is complete and fsynced. */
  void segmentFinished(SegmentSummary info);
}
