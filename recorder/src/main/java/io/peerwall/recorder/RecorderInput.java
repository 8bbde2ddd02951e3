package io.peerwall.recorder;

import io.peerwall.decoder.AccessUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where one camera's access units enter the recorder. {@link #accept} is meant for the frame path
 * (p2p's frame thread or a source thread): it never blocks, never throws and does no I/O; it only
 * queues the unit for the {@code recorder-mux} thread. The units' byte arrays must not be changed
 * afterwards (the recorder keeps references, as every consumer of access units does).
 */
public final class RecorderInput {
  final String cameraId;
  final String name;
  final long cameraRowId;
  final long streamId;
  final String dir;

  private final Recorder recorder;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  final AtomicLong written = new AtomicLong();
  final AtomicLong skippedWaitingForKeyframe = new AtomicLong();
  final AtomicLong segments = new AtomicLong();

  volatile CameraSettings settings;

  /** The mux records a "motion only" stream while frame times are at or before this. */
  volatile long motionUntilMicros = Long.MIN_VALUE;

  volatile long lastArrivalNanos = System.nanoTime();
  volatile long lastSubStreamNanos = Long.MIN_VALUE / 2;

  /** Set when a unit for motion analysis was dropped: decoding must restart at a keyframe. */
  volatile boolean motionGap;

  RecorderInput(
      Recorder recorder,
      String cameraId,
      String name,
      long cameraRowId,
      long streamId,
      String dir,
      CameraSettings settings) {
    this.recorder = recorder;
    this.cameraId = cameraId;
    this.name = name;
    this.cameraRowId = cameraRowId;
    this.streamId = streamId;
    this.dir = dir;
    this.settings = settings;
  }

  public String cameraId() {
    return cameraId;
  }

  public String name() {
    return name;
  }

  public CameraSettings settings() {
    return settings;
  }

  /** Records a unit of the camera's main stream (and analyses it for motion if so configured). */
  public void accept(AccessUnit unit) {
    if (unit == null) {
      return;
    }
    long now = System.nanoTime();
    lastArrivalNanos = now;
    accepted.incrementAndGet();
    if (!recorder.enqueue(this, unit, sequence.getAndIncrement())) {
      dropped.incrementAndGet();
    }
    boolean noSubStream = now - lastSubStreamNanos > 5_000_000_000L;
    if (noSubStream && recorder.analysesMainStream(settings)) {
      recorder.analyseMotion(this, unit);
    }
  }

  /** Analyses a unit of the camera's low-resolution sub stream for motion (not recorded). */
  public void acceptSubStream(AccessUnit unit) {
    if (unit == null) {
      return;
    }
    lastSubStreamNanos = System.nanoTime();
    recorder.analyseMotion(this, unit);
  }

  /** Units given to {@link #accept}. */
  public long framesAccepted() {
    return accepted.get();
  }

  /** Units dropped because the mux queue was full. */
  public long framesDropped() {
    return dropped.get();
  }

  /** Units written to segment files. */
  public long framesWritten() {
    return written.get();
  }

  /** Segments opened for this camera since the recorder started. */
  public long segmentsOpened() {
    return segments.get();
  }

  @Override
  public String toString() {
    return "RecorderInput[" + name + " (" + cameraId + "), stream " + streamId + "]";
  }
}
