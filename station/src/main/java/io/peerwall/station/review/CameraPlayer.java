package io.peerwall.station.review;

import io.peerwall.decoder.FrameBuffer;
import io.peerwall.p2p.util.NamedThreadFactory;
import io.peerwall.recorder.IndexException;
import io.peerwall.recorder.Recordings;
import io.peerwall.station.feed.TripleBuffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one camera's recordings on its own thread ({@code review-play-N}), by the review's shared
 * {@link PlaybackClock}: still pictures (the keyframe at or before a time while scrubbing, the
 * exact frame on release, a step), and playback (every frame up to 4×, keyframes only above and
 * backwards). Pictures go to the screen through {@link #frames()}. Commands come through a queue of
 * one where the newest wins ({@link CommandSlot}); a long task checks it between frames, so a new
 * command is obeyed within a frame.
 *
 * <p>Its own {@link Recordings} (a read-only connection) answers seeks from the index; files are
 * read from a keyframe's byte offset, never scanned from the start. A file deleted by retention
 * while it plays, a damaged segment, a gap and an unreadable disk are reported in {@link #status()}
 * and skipped or stopped on, never thrown at the screen.
 */
public final class CameraPlayer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CameraPlayer.class);

  /** What the engine hears from a player. Called on the player's thread: must be quick. */
  interface Listener {
    /** The player reached a time with no recording while playing. */
    void gapReached(CameraPlayer player);

    /** A step (AFTER, or EXACT for a step back) found its frame. */
    void stepped(CameraPlayer player, PlayerCommand command, long frameMicros);
  }

  private final int index;
  private final String cameraId;
  private final Recordings recordings;
  private final PlaybackClock clock;
  private final CommandSlot slot = new CommandSlot();
  private final FrameOutput output;
  private final Listener listener;
  private final Thread thread;
  private final DecoderPosition decoder;
  private final StillPictures still;
  private final PlayLoop loop;
  private volatile PlayerStatus status = PlayerStatus.IDLE;
  private volatile PlayerStatus lastProblem;
  private volatile boolean liveShownElsewhere;
  volatile long keyframesDue;
  volatile long keyframesShown;

  CameraPlayer(
      int index,
      String cameraId,
      Recordings recordings,
      PlaybackClock clock,
      int width,
      int height,
      Listener listener) {
    this.index = index;
    this.cameraId = cameraId;
    this.recordings = recordings;
    this.clock = clock;
    this.output = new FrameOutput(width, height);
    this.listener = listener;
    this.decoder = new DecoderPosition(output);
    this.still = new StillPictures(this, decoder);
    this.loop = new PlayLoop(this, decoder, still);
    this.thread = NamedThreadFactory.single("review-play-" + index).newThread(this::run);
  }

  void start() {
    thread.start();
  }

  public int index() {
    return index;
  }

  public String cameraId() {
    return cameraId;
  }

  /** The newest picture; the screen (one reader) takes it once per pulse. */
  public TripleBuffer<FrameBuffer> frames() {
    return output.frames();
  }

  /** Scale pictures to this size from the next one on. Any thread. */
  public void requestOutputSize(int width, int height) {
    output.requestSize(width, height);
  }

  public PlayerStatus status() {
    return status;
  }

  /**
   * The last thing skipped or failed (a deleted or damaged segment, unreadable recordings), which
   * the status may have moved on from already; null when nothing went wrong.
   */
  public PlayerStatus lastProblem() {
    return lastProblem;
  }

  /**
   * While live, the screen shows the station's own live feed of this camera: the player then
   * decodes nothing. Any thread.
   */
  public void showLiveElsewhere(boolean elsewhere) {
    liveShownElsewhere = elsewhere;
  }

  boolean liveShownElsewhere() {
    return liveShownElsewhere;
  }

  public PlayerStats stats() {
    return new PlayerStats(
        output.published(),
        output.frames().dropped(),
        slot.replacedCount(),
        keyframesDue,
        keyframesShown,
        output.decodeErrors());
  }

  void offer(PlayerCommand command) {
    slot.offer(command);
  }

  // ---- for the loops (player thread) ----

  Recordings recordings() {
    return recordings;
  }

  PlaybackClock clock() {
    return clock;
  }

  FrameOutput output() {
    return output;
  }

  CommandSlot slot() {
    return slot;
  }

  void setStatus(PlayerState state, long resumeMicros, String detail) {
    PlayerStatus was = status;
    status = new PlayerStatus(state, output.lastPublishedMicros(), resumeMicros, detail);
    if (state.ordinal() >= PlayerState.SEGMENT_DELETED.ordinal()) {
      lastProblem = status;
    }
    if (state == PlayerState.GAP && was.state() != PlayerState.GAP) {
      listener.gapReached(this);
    }
  }

  /**
   * A missing segment file is retention's doing, unless the recordings folder itself is gone or
   * empty: its disk was unplugged or unmounted (the mount point stays, empty), so no segment can be
   * played and skipping them one by one would only say "deleted" over and over.
   *
   * @throws IOException saying so, when the folder is gone or empty
   */
  void checkRecordingsThere(NoSuchFileException missing) throws IOException {
    Path dir = recordings.recordingsDir();
    boolean there;
    try (Stream<Path> entries = Files.list(dir)) {
      there = entries.findAny().isPresent();
    } catch (IOException e) {
      there = false;
    }
    if (!there) {
      throw new IOException(
          "the recordings folder " + dir + " is gone or empty; is its disk connected?", missing);
    }
  }

  /** Publishes the picture just decoded and says so. */
  void publish(PlayerState state, long frameMicros) {
    output.publish(frameMicros);
    status = new PlayerStatus(state, frameMicros, -1, "");
  }

  void stepped(PlayerCommand command, long frameMicros) {
    listener.stepped(this, command, frameMicros);
  }

  private void run() {
    try {
      while (true) {
        PlayerCommand command = slot.take();
        if (command.kind() == PlayerCommand.Kind.STOP) {
          return;
        }
        execute(command);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      output.close();
    }
  }

  private void execute(PlayerCommand command) throws InterruptedException {
    try {
      switch (command.kind()) {
        case KEYFRAME -> still.showKeyframe(command);
        case EXACT, AFTER -> still.showExact(command);
        case PLAY -> loop.play(command);
        case HOLD ->
            setStatus(
                status.state() == PlayerState.PLAYING || status.state() == PlayerState.LIVE
                    ? PlayerState.SHOWING
                    : status.state(),
                status.resumeMicros(),
                status.detail());
        case STOP -> {}
      }
      return;
    } catch (NoSuchFileException e) {
      // Retention (or a person) deleted the file after the index listed it (playback skips such a
      // segment itself; this is a still picture).
      decoder.reset();
      try {
        checkRecordingsThere(e);
        setStatus(PlayerState.SEGMENT_DELETED, -1, e.getFile());
        log.info("review of {}: {} was deleted before it could be shown", cameraId, e.getFile());
      } catch (IOException gone) {
        setStatus(PlayerState.UNREADABLE, -1, gone.getMessage());
        log.warn("review of {} stopped: {}", cameraId, gone.getMessage());
      }
    } catch (IOException | IndexException e) {
      decoder.reset();
      setStatus(PlayerState.UNREADABLE, -1, String.valueOf(e.getMessage()));
      log.warn("review of {} stopped: the recordings cannot be read: {}", cameraId, e.toString());
    } catch (RuntimeException e) {
      decoder.reset();
      setStatus(PlayerState.FAILED, -1, e.toString());
      log.error("review of {} failed", cameraId, e);
    }
    if (command.kind() == PlayerCommand.Kind.EXACT || command.kind() == PlayerCommand.Kind.AFTER) {
      listener.stepped(this, command, -1); // it failed: the cameras waiting for it go on
    }
  }

  /** Stops the thread (waits up to 2 s) and closes the index connection. */
  @Override
  public void close() {
    slot.offer(new PlayerCommand(Long.MAX_VALUE, PlayerCommand.Kind.STOP, 0));
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
    try {
      recordings.close();
    } catch (IndexException e) {
      log.debug("closing the review's index connection: {}", e.getMessage());
    }
  }
}
