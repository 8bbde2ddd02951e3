package io.peerwall.recorder;

import io.peerwall.decoder.AccessUnit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records cameras to {@code <data>/recordings/} with the index in {@code <data>/index.db}; see
 * docs/storage.md for the files, the write order and the crash guarantees.
 *
 * <p>{@link #open} recovers what a previous run left (or rebuilds a damaged index) and starts the
 * recorder's threads: {@code recorder-mux} (segment files), {@code recorder-sync} (fsync), {@code
 * recorder-index} (all index writes, batched), {@code recorder-retention} (age, quota, reserve,
 * disk full) and {@code recorder-motion} (motion detection). {@link #camera} registers a camera and
 * gives the {@link RecorderInput} its access units go to. {@link #close} writes and closes every
 * open segment.
 */
public final class Recorder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  private final Path dataDir;
  private final Path recordings;
  private final RecorderConfig config;
  private final RecordingIndex index;
  private final IndexWriter writer;
  private final SegmentSync sync;
  private final DiskGuard guard = new DiskGuard();
  private final Retention retention;
  private final MuxLoop mux;
  private final MotionWorker motion;
  private final Recovery.Report recovery;
  private final List<String> startupMessages;
  private final Map<String, RecorderInput> inputs = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private Recorder(
      Path dataDir,
      RecorderConfig config,
      RecordingIndex index,
      Recovery.Report recovery,
      List<String> messages) {
    this.dataDir = dataDir;
    this.recordings = dataDir.resolve(SegmentPaths.RECORDINGS);
    this.config = config;
    this.index = index;
    this.recovery = recovery;
    this.startupMessages = List.copyOf(messages);
    this.writer = new IndexWriter(new SegmentRows(index.connection()));
    this.sync = new SegmentSync(writer, config.openSyncInterval());
    this.retention = new Retention(writer, recordings, config, guard);
    guard.onBlocked(retention::poke);
    this.mux =
        new MuxLoop(
            new MuxContext(
                recordings,
                new AtomicLong(recovery.maxSegmentId() + 1),
                writer,
                sync,
                guard,
                config,
                retention::poke));
    this.motion = new MotionWorker(writer);
  }

  /**
   * Opens the recorder on a data directory: opens (or rebuilds) the index, runs start-up recovery,
   * then starts recording threads.
   *
   * @throws IndexException when the index cannot be opened or recovered, naming the file and why
   */
  public static Recorder open(Path dataDir, RecorderConfig config) {
    Objects.requireNonNull(config, "config");
    Path recordings = dataDir.resolve(SegmentPaths.RECORDINGS);
    try {
      Files.createDirectories(recordings);
    } catch (IOException e) {
      throw new IndexException("cannot create " + recordings + ": " + e.getMessage(), null);
    }
    loadMuxer();
    List<String> messages = new ArrayList<>();
    RecordingIndex index = IndexOpener.open(dataDir, recordings, messages);
    Recovery.Report report;
    try {
      report = new Recovery(index, recordings).run();
    } catch (SQLException | IOException | RuntimeException e) {
      index.close();
      throw new IndexException("start-up recovery failed: " + e.getMessage(), e);
    }
    messages.addAll(report.messages());
    Recorder recorder = new Recorder(dataDir, config, index, report, messages);
    recorder.start();
    return recorder;
  }

  /**
   * Loads FFmpeg's muxer natives now: the first load takes up to a second, and frames waiting for
   * it would be lost in a crash.
   */
  private static void loadMuxer() {
    try {
      org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
    } catch (LinkageError e) {
      throw new IllegalStateException(
          "the FFmpeg libraries (JavaCV) cannot be loaded, so nothing can be recorded: "
              + e.getMessage(),
          e);
    }
  }

  private void start() {
    writer.start();
    sync.start();
    retention.start();
    mux.start();
    motion.start();
    log.info("recorder started in {}", recordings);
  }

  /**
   * Registers a camera (or renames it) and returns where its access units go. Waits for the index
   * (milliseconds); call it when setting a camera up, not on the frame path.
   */
  public RecorderInput camera(String cameraId, String name) {
    if (closed) {
      throw new IllegalStateException("the recorder is closed");
    }
    String dirName = SegmentPaths.cameraDir(name, cameraId);
    long now = config.clock().millis() * 1000;
    Object[] found =
        join(
            writer.call(
                rows -> {
                  long row = index.upsertCamera(cameraId, name, now);
                  RecordingIndex.StreamRow stream =
                      index.ensureStream(row, "main", dirName + "/main");
                  return new Object[] {row, stream, index.settings(cameraId)};
                }));
    RecordingIndex.StreamRow stream = (RecordingIndex.StreamRow) found[1];
    try {
      Path cameraDir = recordings.resolve(stream.dir()).getParent();
      IndexOpener.writeCameraFile(cameraDir, cameraId, name);
    } catch (IOException e) {
      log.warn("cannot write camera.txt for {}: {}", name, e.toString());
    }
    return inputs.compute(
        cameraId,
        (id, existing) ->
            existing != null
                ? existing
                : new RecorderInput(
                    this,
                    cameraId,
                    name,
                    (Long) found[0],
                    stream.id(),
                    stream.dir(),
                    (CameraSettings) found[2]));
  }

  /** Changes how a registered camera is recorded; applies from the next frame. */
  public void configure(String cameraId, CameraSettings settings) {
    join(
        writer.call(
            rows -> {
              index.saveSettings(cameraId, settings);
              return null;
            }));
    RecorderInput input = inputs.get(cameraId);
    if (input != null) {
      input.settings = settings;
    }
  }

  /** The state for the user: recording, or paused and why. */
  public RecorderStatus status() {
    long written = 0;
    long dropped = 0;
    long segments = 0;
    for (RecorderInput input : inputs.values()) {
      written += input.framesWritten();
      dropped += input.framesDropped();
      segments += input.segmentsOpened();
    }
    RecorderStatus.State state = state();
    String message =
        switch (state) {
          case DISK_FULL -> Objects.requireNonNullElse(guard.blockedReason(), "");
          case INDEX_FAILING -> "cannot write the index: " + writer.failure();
          default -> "";
        };
    return new RecorderStatus(
        state,
        message,
        written,
        dropped,
        sync.segmentsSynced(),
        writer.backlog(),
        retention.recordedBytes(),
        retention.usableBytes(),
        retention.reserveBytes(),
        retention.lockedBytes(),
        retention.warning());
  }

  /** How many times a segment being written was fsynced (see {@link RecorderConfig}). */
  long openSegmentSyncs() {
    return sync.openSyncs();
  }

  /**
   * Just the state of {@link #status()}: a few volatile reads, cheap enough for every tile's
   * refresh (the full status also sums every camera's counters).
   */
  public RecorderStatus.State state() {
    if (closed) {
      return RecorderStatus.State.CLOSED;
    } else if (guard.blocked()) {
      return RecorderStatus.State.DISK_FULL;
    } else if (writer.failure() != null) {
      return RecorderStatus.State.INDEX_FAILING;
    }
    return RecorderStatus.State.RECORDING;
  }

  /** Messages for the user from start-up: recovery after a crash, a rebuilt index, damage found. */
  public List<String> startupMessages() {
    return startupMessages;
  }

  /** Whether start-up recovery changed anything (a crash, files cut or deleted by hand). */
  public boolean recoveredAnything() {
    return recovery.changedAnything();
  }

  public Path dataDir() {
    return dataDir;
  }

  public RecorderConfig config() {
    return config;
  }

  /**
   * Waits until every frame accepted so far is written, every segment closed so far is synced and
   * every index change so far is committed (segments stay open). For tests and benchmarks.
   *
   * @return false if that did not happen within the timeout
   */
  public boolean flush(java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!(mux.idle() && sync.idle() && motion.idle())) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(2);
    }
    try {
      writer
          .call(rows -> null)
          .get(
              Math.max(1, (deadline - System.nanoTime()) / 1_000_000),
              java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  /** Waits (up to 5 s) until motion analysis and the mux have caught up; for tests. */
  void awaitQuiet() throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!(motion.idle() && mux.idle()) && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }

  /** Runs a retention pass now and waits for it (tests and the CLI). */
  public void enforceRetention() throws IOException, InterruptedException {
    retention.pass();
  }

  boolean enqueue(RecorderInput input, AccessUnit unit, long sequence) {
    return !closed && mux.offer(input, unit, sequence);
  }

  boolean analysesMainStream(CameraSettings settings) {
    return !closed && (settings.mode() == RecordingMode.MOTION || config.motionFromMainStream());
  }

  void analyseMotion(RecorderInput input, AccessUnit unit) {
    if (!closed) {
      motion.offer(input, unit);
    }
  }

  /**
   * Stops recording: ends motion events, writes queued frames, closes and syncs every segment,
   * writes the index, closes it. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    motion.close();
    retention.close();
    mux.close();
    sync.close();
    retention.refreshRecordedBytes(); // runs after the queued "closed" rows: the final total
    writer.close();
    index.close();
    log.info("recorder closed");
  }

  private static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IndexException ie) {
        throw ie;
      }
      throw new IndexException("index write failed: " + cause.getMessage(), cause);
    }
  }
}
