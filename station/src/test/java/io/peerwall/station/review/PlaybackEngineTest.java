package io.peerwall.station.review;

import static io.peerwall.station.review.ReviewRecordings.FRAME;
import static io.peerwall.station.review.ReviewRecordings.S;
import static io.peerwall.station.review.ReviewRecordings.T0;
import static io.peerwall.station.review.ReviewRecordings.frameTime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.peerwall.decoder.FrameBuffer;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.SegmentInfo;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playback engine on a minute of four cameras the real recorder wrote: exact frames, scrubbing,
 * steps, playback at 1×, 4× and keyframes-only speeds in sync on one clock, gaps skipped, a segment
 * deleted while it plays, a damaged segment, and the recordings' disk unplugged.
 */
@Timeout(120)
class PlaybackEngineTest {
  @TempDir static Path dataDir;
  private PlaybackEngine engine;

  @BeforeAll
  static void record() throws Exception {
    ReviewRecordings.make(dataDir);
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private PlaybackEngine open(List<String> cameras, long start) {
    engine = PlaybackEngine.open(dataDir, cameras, start, PlaybackEngine.Options.defaults());
    return engine;
  }

  /** Takes pictures as the screen would, until one shows {@code micros} (or times out). */
  private static FrameBuffer awaitPicture(CameraPlayer player, long micros) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    FrameBuffer last = null;
    while (System.nanoTime() < deadline) {
      FrameBuffer f = player.frames().takeLatest();
      if (f != null) {
        last = f;
        // 90 kHz ticks: a frame's time reads back within a few microseconds of what was fed.
        if (Math.abs(f.ptsMicros() - micros) <= 20) {
          return f;
        }
      }
      Thread.sleep(2);
    }
    throw new AssertionError(
        "no picture at " + micros + "; last " + (last == null ? "none" : last.ptsMicros()));
  }

  private static void await(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void aSeekShowsTheLastFrameAtOrBeforeTheTime() throws Exception {
    open(List.of("cam-2"), T0 + 5 * S);
    CameraPlayer player = engine.players().get(0);
    awaitPicture(player, frameTime(75)); // 5 s = frame 75 exactly
    for (long n : new long[] {80, 97, 3, 150, 899}) {
      engine.seek(frameTime(n) + FRAME / 2);
      FrameBuffer f = awaitPicture(player, frameTime(n));
      assertThat(f.hasFrame()).isTrue();
      assertThat(player.status().state()).isEqualTo(PlayerState.SHOWING);
    }
  }

  @Test
  void scrubbingShowsKeyframesAndTheReleaseTheExactFrame() throws Exception {
    open(List.of("cam-2", "cam-3"), T0);
    CameraPlayer player = engine.players().get(0);
    awaitPicture(player, T0);
    engine.scrub(frameTime(37)); // keyframes every 15 frames: 30
    awaitPicture(player, frameTime(30));
    engine.scrub(frameTime(52));
    awaitPicture(player, frameTime(45));
    assertThat(engine.scrubbing()).isTrue();
    engine.endScrub(frameTime(52));
    awaitPicture(player, frameTime(52));
    awaitPicture(engine.players().get(1), frameTime(52));
    assertThat(engine.scrubbing()).isFalse();
    assertThat(engine.speed()).isZero();
  }

  @Test
  void stepsGoOneFrameForwardAndBack() throws Exception {
    open(List.of("cam-3", "cam-4"), frameTime(44));
    CameraPlayer main = engine.players().get(0);
    awaitPicture(main, frameTime(44));
    engine.step(+1);
    awaitPicture(main, frameTime(45)); // across a keyframe
    awaitPicture(engine.players().get(1), frameTime(45));
    engine.step(+1);
    awaitPicture(main, frameTime(46));
    engine.step(-1);
    awaitPicture(main, frameTime(45));
    engine.step(-1);
    awaitPicture(main, frameTime(44)); // back into the previous GOP
    assertThat(engine.position())
        .isCloseTo(frameTime(44), org.assertj.core.api.Assertions.within(20L));
  }

  @Test
  void fourCamerasPlayInSyncOnOneClock() throws Exception {
    open(ReviewRecordings.CAMERAS.subList(1, 4).stream().toList(), T0 + 2 * S);
    List<CameraPlayer> players = engine.players();
    engine.play(1);
    SyncSamples samples = new SyncSamples();
    long[] shown = new long[players.size()];
    long end = System.nanoTime() + 2_500_000_000L;
    while (System.nanoTime() < end) {
      for (int i = 0; i < players.size(); i++) {
        FrameBuffer f = players.get(i).frames().takeLatest();
        if (f != null) {
          shown[i] = f.ptsMicros();
        }
      }
      samples.add(engine.position(), shown.clone());
      Thread.sleep(16);
    }
    samples.assertInSync(FRAME);
    assertThat(engine.position()).isBetween(T0 + 4 * S, T0 + 5 * S);
    for (CameraPlayer p : players) {
      assertThat(p.stats().published()).isGreaterThan(25);
      assertThat(p.status().state()).isEqualTo(PlayerState.PLAYING);
    }
  }

  @Test
  void fourTimesShowsEveryFrameAndSixteenTimesKeyframes() throws Exception {
    open(List.of("cam-3"), T0 + S);
    CameraPlayer player = engine.players().get(0);
    awaitPicture(player, T0 + S);
    long publishedBefore = player.stats().published();
    engine.play(4);
    Thread.sleep(1_500);
    engine.pause();
    long at = engine.position();
    assertThat(at).isBetween(T0 + 6 * S, T0 + 8 * S);
    long published = player.stats().published() - publishedBefore;
    assertThat(published).as("frames in %d µs at 4×", at - T0 - S).isGreaterThan(60);
    // Paused: the exact frame at the paused position (the last at or before it).
    long n = (at - T0) * ReviewRecordings.FPS / S;
    long expected =
        Math.abs(frameTime(n) - at) <= 20 || frameTime(n) < at ? frameTime(n) : frameTime(n - 1);
    awaitPicture(player, expected);

    engine.seek(T0 + 2 * S);
    awaitPicture(player, T0 + 2 * S);
    engine.play(16);
    Thread.sleep(1_500);
    engine.pause();
    PlayerStats stats = player.stats();
    assertThat(stats.keyframesDue()).isGreaterThanOrEqualTo(15);
    assertThat(stats.keyframesShown()).isGreaterThanOrEqualTo(stats.keyframesDue() * 9 / 10);

    long before = engine.position();
    engine.play(-8);
    Thread.sleep(1_000);
    long backAt = engine.position();
    assertThat(backAt).isLessThan(before - 5 * S);
    FrameBuffer f = null;
    for (int i = 0; i < 20 && f == null; i++) {
      f = player.frames().takeLatest();
      Thread.sleep(10);
    }
    assertThat(player.status().frameMicros()).isLessThan(before);
  }

  @Test
  void afterFastPlayASeekShowsTheSameMomentOnEveryCameraTheSelectedFirst() throws Exception {
    open(ReviewRecordings.CAMERAS.subList(1, 4).stream().toList(), T0 + 2 * S);
    engine.play(16);
    Thread.sleep(1_000);
    engine.pause();
    engine.setPrimary(1);
    long t = frameTime(300) + FRAME / 3; // 20 s
    engine.seek(t);
    for (CameraPlayer p : engine.players()) {
      awaitPicture(p, frameTime(300));
      assertThat(p.status().frameMicros()).isCloseTo(frameTime(300), within(20L));
    }
  }

  @Test
  void aGapEveryCameraIsInIsSkipped() throws Exception {
    open(List.of("cam-1"), T0 + 19 * S);
    CameraPlayer player = engine.players().get(0);
    engine.play(2);
    // cam-1 is offline 20-30 s: playing on reaches 30 s in well under the 5 s the gap would take.
    await(() -> player.status().frameMicros() >= T0 + 30 * S, "playback after the gap");
    assertThat(engine.position()).isLessThan(T0 + 33 * S);
  }

  @Test
  void aCameraWithoutRecordingsSaysSo() throws Exception {
    open(List.of("cam-2", "nobody"), T0 + 5 * S);
    await(
        () -> engine.players().get(1).status().state() == PlayerState.NO_RECORDINGS,
        "no recordings");
    engine.seek(T0 - 60 * S);
    await(() -> engine.players().get(0).status().state() == PlayerState.GAP, "a gap");
    assertThat(engine.players().get(0).status().resumeMicros()).isEqualTo(T0);
  }

  @Test
  void aSegmentDeletedWhilePlayingIsSkippedAndSaid() throws Exception {
    Path copy = Files.createTempDirectory("review-deleted");
    copyTree(dataDir, copy);
    SegmentInfo third;
    try (Recordings recordings = Recordings.open(copy)) {
      third = recordings.segments("cam-3", T0 + 25 * S, T0 + 26 * S).get(0);
    }
    engine =
        PlaybackEngine.open(copy, List.of("cam-3"), T0 + 18 * S, PlaybackEngine.Options.defaults());
    CameraPlayer player = engine.players().get(0);
    awaitPicture(player, T0 + 18 * S);
    Files.delete(third.file()); // as retention would, after the index listed it
    engine.play(4);
    await(() -> player.status().frameMicros() >= third.endMicros(), "playback after it");
    assertThat(player.lastProblem().state()).isEqualTo(PlayerState.SEGMENT_DELETED);
    assertThat(player.lastProblem().detail()).endsWith(third.file().getFileName().toString());
  }

  @Test
  void aDamagedSegmentIsSkippedAndSaid() throws Exception {
    Path copy = Files.createTempDirectory("review-damaged");
    copyTree(dataDir, copy);
    SegmentInfo fourth;
    try (Recordings recordings = Recordings.open(copy)) {
      fourth = recordings.segments("cam-2", T0 + 35 * S, T0 + 36 * S).get(0);
    }
    // The second half of the file overwritten with zeros: the TS sync is lost there.
    try (FileChannel file = FileChannel.open(fourth.file(), StandardOpenOption.WRITE)) {
      long half = file.size() / 2;
      file.write(ByteBuffer.allocate((int) (file.size() - half)), half);
    }
    engine =
        PlaybackEngine.open(copy, List.of("cam-2"), T0 + 31 * S, PlaybackEngine.Options.defaults());
    CameraPlayer player = engine.players().get(0);
    awaitPicture(player, frameTime(31 * 15));
    engine.play(4);
    await(() -> player.status().frameMicros() >= fourth.endMicros(), "playback after it");
    assertThat(player.lastProblem().state()).isEqualTo(PlayerState.DAMAGED);
    assertThat(player.lastProblem().detail()).isEqualTo(fourth.file().getFileName().toString());
  }

  @Test
  void recordingsWhoseDiskIsGoneAreSaidAndPlaybackStops() throws Exception {
    Path copy = Files.createTempDirectory("review-unplugged");
    copyTree(dataDir, copy);
    engine =
        PlaybackEngine.open(copy, List.of("cam-3"), T0 + 12 * S, PlaybackEngine.Options.defaults());
    CameraPlayer player = engine.players().get(0);
    awaitPicture(player, T0 + 12 * S);
    // As an unplugged disk leaves its mount point: the folder there, empty.
    Path recordingsDir = copy.resolve("recordings");
    Files.move(recordingsDir, copy.resolve("unplugged"));
    Files.createDirectory(recordingsDir);
    engine.play(4);
    await(() -> player.status().state() == PlayerState.UNREADABLE, "the recordings said gone");
    assertThat(player.status().detail())
        .isEqualTo(
            "the recordings folder " + recordingsDir + " is gone or empty; is its disk connected?");
    assertThat(player.lastProblem().state()).isEqualTo(PlayerState.UNREADABLE);
    // The disk back: the next seek shows its picture (nothing was given up for good).
    Files.delete(recordingsDir);
    Files.move(copy.resolve("unplugged"), recordingsDir);
    engine.seek(T0 + 45 * S);
    awaitPicture(player, T0 + 45 * S);
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
