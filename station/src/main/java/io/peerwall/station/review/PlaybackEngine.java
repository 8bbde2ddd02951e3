package io.peerwall.station.review;

import io.peerwall.recorder.IndexException;
import io.peerwall.recorder.Recordings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Review playback without a screen (issue 14.3-14.4): up to {@value #MAX_CAMERAS} cameras played in
 * sync on one {@link PlaybackClock}, each by its own {@link CameraPlayer} thread into tile-sized
 * picture buffers. Commands are the screen's gestures: scrub (the keyframe at or before, while
 * dragging), seek (the exact frame: a click, the end of a scrub), play at −16× … 16×, pause, step
 * one frame, go live. Every command returns at once (the players do the work), so the FX thread may
 * call them. While playing, a gap that every camera is in is skipped, and playing past the last
 * recorded moment joins live.
 */
public final class PlaybackEngine implements AutoCloseable {
  public static final int MAX_CAMERAS = 16;

  /**
   * @param tileWidth the first pictures' width (each tile asks for its own later)
   * @param nanoTime a monotonic timer ({@code System::nanoTime})
   * @param wall the wall clock ("now", where live is)
   */
  public record Options(int tileWidth, int tileHeight, LongSupplier nanoTime, Clock wall) {
    public static Options defaults() {
      return new Options(640, 360, System::nanoTime, Clock.systemUTC());
    }
  }

  private final PlaybackClock clock;
  private final List<CameraPlayer> players = new ArrayList<>();
  private final AtomicLong numbers = new AtomicLong();
  private final Listener listener = new Listener();
  private int primary;
  private boolean scrubbing;
  private double speedBeforeScrub;
  private long pendingStep = -1;
  private long pendingFollow = -1;
  private long followAt;
  private long lastSkipNanos = Long.MIN_VALUE;
  private final LongSupplier nanoTime;

  private PlaybackEngine(PlaybackClock clock, LongSupplier nanoTime) {
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  /**
   * Opens a player for each camera (its own read-only connection to the data directory's index) and
   * shows the frame at {@code startMicros}, paused.
   *
   * @throws IllegalArgumentException with no camera or more than {@value #MAX_CAMERAS}
   * @throws IndexException when the index cannot be opened
   */
  public static PlaybackEngine open(
      Path dataDir, List<String> cameraIds, long startMicros, Options options) {
    if (cameraIds.isEmpty() || cameraIds.size() > MAX_CAMERAS) {
      throw new IllegalArgumentException(
          "review plays 1 to " + MAX_CAMERAS + " cameras at once, not " + cameraIds.size());
    }
    PlaybackEngine engine =
        new PlaybackEngine(
            new PlaybackClock(options.nanoTime(), options.wall(), startMicros), options.nanoTime());
    try {
      for (int i = 0; i < cameraIds.size(); i++) {
        engine.players.add(
            new CameraPlayer(
                i,
                Objects.requireNonNull(cameraIds.get(i), "camera"),
                Recordings.open(dataDir),
                engine.clock,
                options.tileWidth(),
                options.tileHeight(),
                engine.listener));
      }
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    engine.players.forEach(CameraPlayer::start);
    engine.seek(startMicros);
    return engine;
  }

  public List<CameraPlayer> players() {
    return List.copyOf(players);
  }

  public PlaybackClock clock() {
    return clock;
  }

  /** Where playback is (epoch microseconds). */
  public long position() {
    return clock.position();
  }

  /** The speed, 0 while paused or scrubbing. */
  public double speed() {
    return clock.speed();
  }

  public boolean live() {
    return clock.live();
  }

  public synchronized boolean scrubbing() {
    return scrubbing;
  }

  /** The camera a step counts frames of (the selected tile). */
  public synchronized void setPrimary(int index) {
    if (index >= 0 && index < players.size()) {
      primary = index;
    }
  }

  /** Shows the exact frame at t on every camera (a click); keeps playing if it was. */
  public synchronized void seek(long t) {
    double speed = clock.speed();
    clock.set(t, speed);
    if (speed != 0) {
      broadcast(PlayerCommand.Kind.PLAY, 0);
    } else {
      exactSelectedFirst(clock.position());
    }
  }

  /**
   * The exact frame at t, the selected camera first: decoding a GOP is the costly part, and the
   * others, decoding theirs at the same time on the same cores, would make the one being looked at
   * wait for all. The others start when it is done.
   */
  private void exactSelectedFirst(long t) {
    if (players.size() == 1) {
      broadcast(PlayerCommand.Kind.EXACT, t);
      return;
    }
    long number = numbers.incrementAndGet();
    pendingStep = -1;
    pendingFollow = number;
    followAt = t;
    for (CameraPlayer p : players) {
      p.offer(
          new PlayerCommand(
              number,
              p == players.get(primary) ? PlayerCommand.Kind.EXACT : PlayerCommand.Kind.HOLD,
              t));
    }
  }

  /** While dragging the playhead: the keyframe at or before t, the clock held there. */
  public synchronized void scrub(long t) {
    if (!scrubbing) {
      scrubbing = true;
      speedBeforeScrub = clock.speed();
    }
    clock.set(t, 0);
    broadcast(PlayerCommand.Kind.KEYFRAME, clock.position());
  }

  /** The drag ended at t: the exact frame there; playback resumes if it was playing. */
  public synchronized void endScrub(long t) {
    double resume = scrubbing ? speedBeforeScrub : clock.speed();
    scrubbing = false;
    clock.set(t, resume);
    if (resume != 0) {
      broadcast(PlayerCommand.Kind.PLAY, 0);
    } else {
      exactSelectedFirst(clock.position());
    }
  }

  /**
   * Plays at {@code speed} (the nearest of {@link PlaybackSpeed#ALL}). While live, forward speeds
   * stay live (there is nothing ahead yet).
   */
  public synchronized void play(double speed) {
    double s = PlaybackSpeed.nearest(speed);
    if (clock.live() && s >= 1) {
      return;
    }
    scrubbing = false;
    clock.set(clock.position(), s);
    broadcast(PlayerCommand.Kind.PLAY, 0);
  }

  /**
   * Pauses: every camera shows its exact frame at the paused position (after playing every frame
   * that is the picture on screen or the one decoded ahead of it, so it costs nothing).
   */
  public synchronized void pause() {
    long position = clock.position();
    clock.set(position, 0);
    broadcast(PlayerCommand.Kind.EXACT, position);
  }

  /**
   * One frame of the selected camera forwards ({@code +1}) or backwards ({@code -1}); the other
   * cameras then show their frame at that time. Pauses.
   */
  public synchronized void step(int direction) {
    long position = clock.position();
    clock.set(position, 0);
    CameraPlayer main = players.get(primary);
    long shown = main.status().frameMicros();
    long from = shown >= 0 && Math.abs(shown - position) < 5_000_000 ? shown : position;
    long number = numbers.incrementAndGet();
    pendingStep = number;
    for (CameraPlayer p : players) {
      if (p == main) {
        p.offer(
            direction > 0
                ? new PlayerCommand(number, PlayerCommand.Kind.AFTER, from)
                : new PlayerCommand(number, PlayerCommand.Kind.EXACT, from - 1));
      } else {
        p.offer(new PlayerCommand(number, PlayerCommand.Kind.HOLD, from));
      }
    }
  }

  /** Follows what is being recorded now. */
  public synchronized void goLive() {
    scrubbing = false;
    clock.goLive();
    broadcast(PlayerCommand.Kind.PLAY, 0);
  }

  private void broadcast(PlayerCommand.Kind kind, long micros) {
    long number = numbers.incrementAndGet();
    pendingStep = -1;
    pendingFollow = -1;
    for (CameraPlayer p : players) {
      p.offer(new PlayerCommand(number, kind, micros));
    }
  }

  private final class Listener implements CameraPlayer.Listener {
    @Override
    public void gapReached(CameraPlayer player) {
      skipGapIfAllIn();
    }

    @Override
    public void stepped(CameraPlayer player, PlayerCommand command, long frameMicros) {
      synchronized (PlaybackEngine.this) {
        if (command.number() == pendingFollow) {
          pendingFollow = -1;
          long number = numbers.incrementAndGet();
          for (CameraPlayer p : players) {
            if (p != player) {
              p.offer(new PlayerCommand(number, PlayerCommand.Kind.EXACT, followAt));
            }
          }
          return;
        }
        if (command.number() != pendingStep || frameMicros < 0) {
          return;
        }
        pendingStep = -1;
        clock.set(frameMicros, 0);
        long number = numbers.incrementAndGet();
        for (CameraPlayer p : players) {
          if (p != player) {
            p.offer(new PlayerCommand(number, PlayerCommand.Kind.EXACT, frameMicros));
          }
        }
      }
    }
  }

  /**
   * While playing, when every camera is in a gap: go to where the first one resumes (backwards: the
   * last one before); with nothing ahead anywhere, join live; with nothing behind, pause.
   */
  private synchronized void skipGapIfAllIn() {
    double speed = clock.speed();
    if (speed == 0 || clock.live() || scrubbing) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (lastSkipNanos != Long.MIN_VALUE && now - lastSkipNanos < 300_000_000L) {
      return;
    }
    long position = clock.position();
    long target = speed > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    boolean noneResume = true;
    for (CameraPlayer p : players) {
      PlayerStatus s = p.status();
      if (s.state() != PlayerState.GAP && s.state() != PlayerState.NO_RECORDINGS) {
        return;
      }
      long resume = s.resumeMicros();
      if (resume < 0) {
        continue;
      }
      noneResume = false;
      if (speed > 0 && resume > position + 500_000) {
        target = Math.min(target, resume);
      } else if (speed < 0 && resume < position - 500_000) {
        target = Math.max(target, resume);
      }
    }
    lastSkipNanos = now;
    if (target != Long.MAX_VALUE && target != Long.MIN_VALUE) {
      clock.set(target, speed);
      broadcast(PlayerCommand.Kind.PLAY, 0);
    } else if (noneResume && speed > 0) {
      clock.goLive();
      broadcast(PlayerCommand.Kind.PLAY, 0);
    } else if (noneResume) {
      clock.set(position, 0);
      broadcast(PlayerCommand.Kind.HOLD, position);
    }
  }

  /** Stops every player (each joins within 2 s) and closes their index connections. */
  @Override
  public void close() {
    for (CameraPlayer p : players) {
      p.offer(new PlayerCommand(Long.MAX_VALUE, PlayerCommand.Kind.STOP, 0));
    }
    for (CameraPlayer p : players) {
      p.close();
    }
  }
}
