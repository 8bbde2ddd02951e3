package io.peerwall.station.recordings;

import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.recorder.IndexException;
import io.peerwall.recorder.Recorder;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.RecorderInput;
import io.peerwall.recorder.RecorderStatus;
import io.peerwall.station.feed.CameraFeed;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder as a station runs it (demo, {@code station --headless}): opened on the data
 * directory (start-up recovery included, its messages printed), each camera feed teed into it,
 * closed after the feeds. See docs/storage.md.
 */
public final class RecordingSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RecordingSession.class);

  private final Recorder recorder;
  private RecorderStatus.State lastState = RecorderStatus.State.RECORDING;

  private RecordingSession(Recorder recorder) {
    this.recorder = recorder;
  }

  /**
   * Opens the recorder in {@code dataDir} with the default configuration.
   *
   * @throws UserFacingException with a clear message when the FFmpeg natives or the index cannot be
   *     opened
   */
  public static RecordingSession open(Path dataDir, RecorderConfig config, PrintStream out) {
    Recorder recorder;
    try {
      recorder = Recorder.open(dataDir, config);
    } catch (IllegalStateException e) {
      throw new UserFacingException(ExitCode.NATIVES, e.getMessage(), e);
    } catch (IndexException e) {
      throw new UserFacingException(ExitCode.DATA_DIR, "cannot record: " + e.getMessage(), e);
    }
    for (String message : recorder.startupMessages()) {
      out.println("peerwall: " + message);
    }
    return new RecordingSession(recorder);
  }

  /** The input for one camera (registered in the index if new). */
  public RecorderInput input(String cameraId, String name) {
    return recorder.camera(cameraId, name);
  }

  /**
   * Records every feed: its access units are teed to the recorder on the frame thread, and the
   * feed's recording state (the tile's dot) follows what the recorder actually writes of them.
   */
  public void record(List<CameraFeed> feeds) {
    for (CameraFeed feed : feeds) {
      RecorderInput input = input(feed.cameraId(), feed.name());
      feed.recordTo(input::accept, new RecordingWatch(recorder, input, System::nanoTime));
    }
  }

  public Recorder recorder() {
    return recorder;
  }

  /**
   * One status line ("recording | 1234 frames, ..."); logs a change of state once (a full disk is a
   * warning with the reason and what happens next).
   */
  public String statusLine() {
    RecorderStatus status = recorder.status();
    if (status.state() != lastState) {
      if (status.state() == RecorderStatus.State.RECORDING) {
        log.info("recording again");
      } else {
        log.warn("recording: {}", status.describe());
      }
      lastState = status.state();
    }
    return "recorder: " + status.describe();
  }

  /**
   * Closes the recorder (every open segment is finished and indexed) and returns the final status
   * line, whose counts then include the last segment. Call once the feeds are closed.
   */
  public String closeAndReport() {
    close();
    return "recorder: " + recorder.status().describe();
  }

  /** Closes the recorder: call after the feeds are closed (no more frames). Idempotent. */
  @Override
  public void close() {
    recorder.close();
  }
}
