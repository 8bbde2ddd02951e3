package io.peerwall.recorder;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.DecodeStatus;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.StreamDecoder;
import io.peerwall.recorder.motion.MotionDetector;
import io.peerwall.recorder.motion.MotionEvents;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code recorder-motion} thread: decodes each camera's motion stream (its sub stream, or its
 * main stream) straight to 96x54 with FFmpeg, analyses at most five pictures a second, stores
 * motion events and tells the mux when a "motion only" camera must record. Bounded queue: when
 * full, units are dropped (counted) and that camera's decoding waits for its next keyframe.
 */
final class MotionWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MotionWorker.class);
  private static final long ANALYSIS_INTERVAL_MICROS = 200_000;

  private record Pending(RecorderInput input, AccessUnit unit) {}

  private static final Pending STOP = new Pending(null, null);

  private final IndexWriter index;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(2048);
  private final Map<RecorderInput, CameraMotion> cameras = new HashMap<>();
  private final Thread thread;
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;
  private volatile boolean busy;

  MotionWorker(IndexWriter index) {
    this.index = index;
    this.thread = new Thread(this::run, "recorder-motion");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void offer(RecorderInput input, AccessUnit unit) {
    if (closed || !queue.offer(new Pending(input, unit))) {
      dropped.incrementAndGet();
      input.motionGap = true;
    }
  }

  long dropped() {
    return dropped.get();
  }

  /** Whether every unit offered so far has been analysed. */
  boolean idle() {
    return queue.isEmpty() && !busy;
  }

  private void run() {
    try {
      while (true) {
        Pending p = queue.poll(500, TimeUnit.MILLISECONDS);
        if (p == STOP) {
          break;
        }
        busy = true;
        if (p != null) {
          analyse(p.input(), p.unit());
        }
        busy = queue.peek() != null;
        long now = System.nanoTime();
        for (Map.Entry<RecorderInput, CameraMotion> e : cameras.entrySet()) {
          if (now - e.getKey().lastArrivalNanos > StreamWriter.OFFLINE_NANOS) {
            e.getValue().events.finish();
          }
        }
      }
    } catch (InterruptedException e) {
      // close() gave up waiting.
    } finally {
      for (CameraMotion camera : cameras.values()) {
        camera.events.finish();
        camera.close();
      }
    }
  }

  private void analyse(RecorderInput input, AccessUnit unit) {
    CameraMotion camera = cameras.computeIfAbsent(input, i -> new CameraMotion(i));
    if (input.motionGap) {
      input.motionGap = false;
      camera.waitForKeyframe = true;
      camera.detector.reset();
    }
    if (camera.waitForKeyframe && !unit.keyframe()) {
      return;
    }
    camera.waitForKeyframe = false;
    try {
      DecodeStatus status = camera.decoder(unit).decode(unit, camera.frame);
      if (status == DecodeStatus.ERROR_NEEDS_KEYFRAME) {
        camera.waitForKeyframe = true;
        camera.detector.reset();
        return;
      }
      if (status != DecodeStatus.FRAME) {
        return;
      }
    } catch (RuntimeException | LinkageError e) {
      log.warn("{}: motion detection off, cannot decode: {}", input.name, e.toString());
      camera.broken = true;
      return;
    }
    long micros = unit.captureEpochMicros();
    if (micros - camera.lastAnalysisMicros < ANALYSIS_INTERVAL_MICROS) {
      return;
    }
    camera.lastAnalysisMicros = micros;
    CameraSettings settings = input.settings;
    double score =
        camera.detector.score(
            camera.frame.pixels(), settings.motionSensitivity(), settings.motionMask());
    camera.events.observe(
        micros, score, MotionDetector.areaThreshold(settings.motionSensitivity()));
  }

  /** Ends running events, frees the decoders, stops the thread. */
  @Override
  public void close() {
    closed = true;
    queue.clear();
    queue.offer(STOP);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One camera's decoder, picture, detector and event state; owned by the motion thread. */
  private final class CameraMotion implements MotionEvents.Listener {
    final RecorderInput input;
    final FrameBuffer frame = new FrameBuffer(MotionDetector.WIDTH, MotionDetector.HEIGHT);
    final MotionDetector detector = new MotionDetector(MotionDetector.WIDTH, MotionDetector.HEIGHT);
    final MotionEvents events = new MotionEvents(this);
    StreamDecoder decoder;
    boolean waitForKeyframe = true;
    boolean broken;
    long lastAnalysisMicros = Long.MIN_VALUE / 2;

    CameraMotion(RecorderInput input) {
      this.input = input;
    }

    StreamDecoder decoder(AccessUnit unit) {
      if (broken) {
        throw new IllegalStateException("decoder unavailable");
      }
      if (decoder == null || decoder.codec() != unit.codec()) {
        close();
        decoder = new StreamDecoder(unit.codec());
      }
      return decoder;
    }

    @Override
    public void started(long startMicros, double score) {
      long camera = input.cameraRowId;
      index.submit(rows -> rows.motion(camera, startMicros, null, score));
    }

    @Override
    public void moving(long micros) {
      // "Motion only" records until the post-roll after the last moving picture.
      input.motionUntilMicros = micros + input.settings.postRoll().toNanos() / 1000;
    }

    @Override
    public void ended(long startMicros, long endMicros, double peakScore) {
      long camera = input.cameraRowId;
      index.submit(rows -> rows.motion(camera, startMicros, endMicros, peakScore));
    }

    void close() {
      if (decoder != null) {
        decoder.close();
        decoder = null;
      }
    }
  }
}
