package io.peerwall.station.recordings;

import io.peerwall.recorder.Recorder;
import io.peerwall.recorder.RecorderInput;
import io.peerwall.station.feed.RecordingState;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Says whether one camera is being recorded now, for its tile's dot: only when the recorder wrote
 * some of its frames since shortly before the last look. Merely being set up to record is not
 * enough: a camera that is down, or a recorder paused by a full disk, is not recording, and the dot
 * must not claim otherwise.
 *
 * <p>Called from the FX thread (tile refresh, 2 Hz) and the status-line thread; it reads an atomic
 * counter and the recorder's volatile state, so it never blocks for long.
 */
final class RecordingWatch implements Supplier<RecordingState> {
  /**
   * How long after the last written frame the camera still counts as recorded: longer than the
   * slowest camera's frame interval plus the mux's queueing, shorter than a person would trust a
   * stale dot.
   */
  static final long QUIET_NANOS = 3_000_000_000L;

  private final Recorder recorder;
  private final RecorderInput input;
  private final LongSupplier nanoTime;
  private long lastWritten;
  private long lastProgressNanos;
  private boolean everWritten;

  RecordingWatch(Recorder recorder, RecorderInput input, LongSupplier nanoTime) {
    this.recorder = recorder;
    this.input = input;
    this.nanoTime = nanoTime;
  }

  @Override
  public synchronized RecordingState get() {
    long now = nanoTime.getAsLong();
    long written = input.framesWritten();
    if (written != lastWritten) {
      lastWritten = written;
      lastProgressNanos = now;
      everWritten = true;
    }
    return switch (recorder.state()) {
      case CLOSED -> RecordingState.OFF;
      case DISK_FULL -> RecordingState.DISK_FULL;
      // Segments are still written while only the index lags: frames are on disk.
      case RECORDING, INDEX_FAILING ->
          everWritten && now - lastProgressNanos <= QUIET_NANOS
              ? RecordingState.WRITING
              : RecordingState.WAITING;
    };
  }
}
