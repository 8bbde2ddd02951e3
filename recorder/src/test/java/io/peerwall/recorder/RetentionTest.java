package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.EncodedClip;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention by age and quota, the reserve, a disk that fills up and recording that resumes by
 * itself, on a real 40 MB tmpfs (index and recordings on it, as on a small disk).
 */
@Timeout(120)
class RetentionTest {
  static final long T0 = RecorderRoundTripTest.T0;
  static final long MB = 1 << 20;

  @TempDir Path parent;

  private static RecorderConfig config(long quota, long reserve, Clock clock) {
    return RecorderConfig.defaults()
        .withSegmentLength(Duration.ofSeconds(2))
        .withMotionFromMainStream(false)
        .withQuota(quota, reserve)
        .withRetentionInterval(Duration.ofMillis(100))
        .withQueueCapacity(20_000)
        .withClock(clock);
  }

  @Test
  void keepsTheQuotaAndTheReserveOldestFirst() throws Exception {
    try (TmpfsDir fs = TmpfsDir.mount(parent, 40)) {
      EncodedClip clip = TestMedia.small();
      long quota = 8 * MB;
      try (Recorder recorder = Recorder.open(fs.dir, config(quota, 4 * MB, Clock.systemUTC()))) {
        RecorderInput a = recorder.camera("cam-a", "A");
        RecorderInput b = recorder.camera("cam-b", "B");
        long frames = 15 * 400; // 400 s per camera, ~7 MB each
        for (long n = 0; n < frames; n++) {
          a.accept(TestMedia.unit(clip, n, T0));
          b.accept(TestMedia.unit(clip, n, T0 + 500_000));
          if (n % 600 == 599) {
            // Every 40 s of video: what was written is indexed, retention has had its turn.
            assertThat(recorder.flush(Duration.ofSeconds(20))).isTrue();
            recorder.enforceRetention();
            // The quota holds for closed segments; open ones grow until the next pass.
            assertThat(recorder.status().recordedBytes()).isLessThanOrEqualTo(quota + 256 * 1024);
            assertThat(fs.usable()).as("usable space").isGreaterThan(4 * MB);
          }
        }
        assertThat(recorder.flush(Duration.ofSeconds(20))).isTrue();
        recorder.enforceRetention();
        RecorderStatus status = recorder.status();
        assertThat(status.state()).isEqualTo(RecorderStatus.State.RECORDING);
        assertThat(status.recordedBytes()).isLessThanOrEqualTo(quota + 256 * 1024);
      }
      try (Recordings recordings = Recordings.open(fs.dir)) {
        long total = recordings.cameras().stream().mapToLong(Recordings.CameraInfo::bytes).sum();
        assertThat(total).isLessThanOrEqualTo(quota + 256 * 1024).isGreaterThan(quota - 2 * MB);
        for (String camera : List.of("cam-a", "cam-b")) {
          List<Recordings.Range> ranges = recordings.ranges(camera, 0, Long.MAX_VALUE);
          assertThat(ranges).as("what is kept is one stretch up to the end").hasSize(1);
          assertThat(ranges.get(0).startMicros()).isGreaterThan(T0 + 60_000_000L);
          assertThat(ranges.get(0).endMicros()).isGreaterThan(T0 + 399_000_000L);
        }
        // Oldest first across cameras: both lost about the same span.
        long startA = recordings.ranges("cam-a", 0, Long.MAX_VALUE).get(0).startMicros();
        long startB = recordings.ranges("cam-b", 0, Long.MAX_VALUE).get(0).startMicros();
        assertThat(Math.abs(startA - startB)).isLessThan(5_000_000L);
        assertFilesMatchIndex(recordings, fs.dir);
      }
    }
  }

  @Test
  void deletesPastTheCamerasMaximumAge() throws Exception {
    EncodedClip clip = TestMedia.small();
    Clock clock = Clock.fixed(Instant.ofEpochSecond(0, (T0 + 600_000_000L) * 1000), ZoneOffset.UTC);
    Path dataDir = parent.resolve("age");
    try (Recorder recorder = Recorder.open(dataDir, config(Long.MAX_VALUE, 0, clock))) {
      RecorderInput aged = recorder.camera("cam-aged", "Aged");
      RecorderInput kept = recorder.camera("cam-kept", "Kept");
      recorder.configure("cam-aged", aged.settings().withMaxAge(Duration.ofSeconds(100)));
      for (long n = 0; n < 15 * 200; n++) {
        aged.accept(TestMedia.unit(clip, n, T0 + 400_000_000L));
        kept.accept(TestMedia.unit(clip, n, T0 + 400_000_000L));
      }
      assertThat(recorder.flush(Duration.ofSeconds(20))).isTrue();
      recorder.enforceRetention();
    }
    try (Recordings recordings = Recordings.open(dataDir)) {
      Recordings.Range aged = recordings.ranges("cam-aged", 0, Long.MAX_VALUE).get(0);
      Recordings.Range kept = recordings.ranges("cam-kept", 0, Long.MAX_VALUE).get(0);
      assertThat(aged.startMicros()).isBetween(T0 + 495_000_000L, T0 + 502_000_000L);
      assertThat(kept.startMicros()).isEqualTo(T0 + 400_000_000L);
      assertFilesMatchIndex(recordings, dataDir);
    }
  }

  @Test
  void aFullDiskPausesRecordingWhichResumesWhenSpaceReturns() throws Exception {
    try (TmpfsDir fs = TmpfsDir.mount(parent, 40)) {
      EncodedClip clip = TestMedia.small();
      Path hog = fs.dir.resolve("someone-elses-file");
      RecorderInput input;
      long writtenWhileFull;
      long firstFedAfterFree;
      // No reserve: the disk really fills up, and writes fail with "No space left on device".
      try (Recorder recorder =
          Recorder.open(fs.dir, config(Long.MAX_VALUE, 0, Clock.systemUTC()))) {
        input = recorder.camera("cam-full", "Full");
        for (; nextFrame[0] < 15 * 20; nextFrame[0]++) {
          input.accept(TestMedia.unit(clip, nextFrame[0], T0));
        }
        awaitWritten(recorder, input, 15 * 20);
        fill(hog, fs.usable() - 512 * 1024);
        await(
            () -> recorder.status().state() == RecorderStatus.State.DISK_FULL,
            () -> {
              for (int i = 0; i < 15; i++) {
                input.accept(TestMedia.unit(clip, nextFrame[0]++, T0));
              }
            });
        RecorderStatus full = recorder.status();
        assertThat(full.message()).contains("disk is full");
        assertThat(full.describe()).contains("PAUSED");
        writtenWhileFull = input.framesWritten();
        long segmentsWhileFull = input.segmentsOpened();
        for (int i = 0; i < 60; i++) {
          input.accept(TestMedia.unit(clip, nextFrame[0]++, T0));
        }
        Thread.sleep(300);
        assertThat(input.framesWritten())
            .as("nothing written while full")
            .isEqualTo(writtenWhileFull);

        Files.delete(hog);
        firstFedAfterFree = nextFrame[0];
        await(
            () -> recorder.status().state() == RecorderStatus.State.RECORDING,
            () -> input.accept(TestMedia.unit(clip, nextFrame[0]++, T0)));
        for (int i = 0; i < 15 * 10; i++) {
          input.accept(TestMedia.unit(clip, nextFrame[0]++, T0));
        }
        // New segments are written after the disk frees, not just counted as waiting.
        awaitWritten(recorder, input, writtenWhileFull + 15 * 8);
        assertThat(input.segmentsOpened())
            .as("segments opened after the disk was freed")
            .isGreaterThan(segmentsWhileFull);
      }
      long written = input.framesWritten(); // final: the recorder is closed
      try (Recordings recordings = Recordings.open(fs.dir)) {
        List<Recordings.Range> ranges = recordings.ranges("cam-full", 0, Long.MAX_VALUE);
        assertThat(ranges).as("before the disk filled, and after it was freed").hasSize(2);
        List<Recordings.Gap> gaps = recordings.gaps("cam-full", 0, Long.MAX_VALUE);
        assertThat(gaps).extracting(Recordings.Gap::reason).containsExactly("disk-full", "stopped");
        // The pause is one gap from the end of what fitted to the first segment after the space
        // came back, and nothing fed before the disk was freed was written after it.
        assertThat(gaps.get(0).startMicros()).isEqualTo(ranges.get(0).endMicros());
        assertThat(gaps.get(0).endMicros()).contains(ranges.get(1).startMicros());
        assertThat(ranges.get(1).startMicros())
            .isGreaterThanOrEqualTo(T0 + firstFedAfterFree * 1_000_000L / clip.fps());
        List<SegmentInfo> segments = recordings.segments("cam-full", 0, Long.MAX_VALUE);
        long indexed = 0;
        long indexedAfter = 0;
        for (SegmentInfo s : segments) {
          assertThat(s.closed()).isTrue();
          assertThat(TestMedia.ffprobeFrames(s.file())).as("%s", s.file()).isEqualTo(s.frames());
          assertThat(TestMedia.decodeErrors(s.file())).as("%s", s.file()).isEmpty();
          indexed += s.frames();
          indexedAfter += s.startMicros() >= ranges.get(1).startMicros() ? s.frames() : 0;
        }
        // Every frame the recorder said it wrote is in a segment that plays: those before the
        // disk filled (the open segment closed at its last whole frame) and those after.
        assertThat(indexed).as("frames in the index vs frames written").isEqualTo(written);
        assertThat(indexed - indexedAfter).isEqualTo(writtenWhileFull);
        assertThat(indexedAfter).isGreaterThanOrEqualTo(15 * 8);
        assertFilesMatchIndex(recordings, fs.dir);
      }
    }
  }

  private final long[] nextFrame = {0};

  private static void fill(Path file, long bytes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      byte[] block = new byte[1 << 20];
      long left = Math.max(0, bytes);
      while (left > 0) {
        int n = (int) Math.min(block.length, left);
        try {
          f.write(block, 0, n);
        } catch (IOException e) {
          return; // full already
        }
        left -= n;
      }
    }
  }

  /** Waits until at least {@code frames} were written; fails after 20 s saying what it saw. */
  static void awaitWritten(Recorder recorder, RecorderInput input, long frames)
      throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (input.framesWritten() < frames) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            String.format(
                "waited 20 s for %d frames written: %d written, %d accepted, %d dropped from the"
                    + " queue, %d skipped waiting for a keyframe; %s",
                frames,
                input.framesWritten(),
                input.framesAccepted(),
                input.framesDropped(),
                input.skippedWaitingForKeyframe.get(),
                recorder.status().describe()));
      }
      Thread.sleep(5);
    }
  }

  private static void await(BooleanSupplier condition, Runnable meanwhile)
      throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
      meanwhile.run();
      Thread.sleep(50);
    }
  }

  static void assertFilesMatchIndex(Recordings recordings, Path dataDir) throws IOException {
    java.util.Set<Path> files = new java.util.HashSet<>();
    try (var walk = Files.walk(dataDir.resolve(SegmentPaths.RECORDINGS))) {
      walk.filter(p -> p.toString().endsWith(".ts")).forEach(files::add);
    }
    java.util.Set<Path> indexed = new java.util.HashSet<>();
    for (Recordings.CameraInfo camera : recordings.cameras()) {
      for (SegmentInfo s : recordings.segments(camera.cameraId(), 0, Long.MAX_VALUE)) {
        indexed.add(s.file());
        assertThat(Files.size(s.file())).isEqualTo(s.bytes());
      }
    }
    assertThat(indexed).isEqualTo(files);
  }
}
