package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.EncodedClip;
import io.peerwall.recorder.custody.EvidenceLock;
import io.peerwall.recorder.custody.EvidenceLocks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence locks against retention on a real 40 MB tmpfs that fills up (issue 15.5, decision 0050):
 * locked segments survive while everything else is recycled, a released lock's segments go, locked
 * bytes are reported, locks larger than the quota suspend it, and a disk full of locked recordings
 * pauses recording until a lock is released.
 */
@Timeout(180)
class EvidenceLockRetentionTest {
  static final long T0 = RecorderRoundTripTest.T0;
  static final long S = 1_000_000;
  static final long MB = 1 << 20;
  static final int FPS = 15;

  @TempDir Path parent;

  private static RecorderConfig config(long quota, long reserve) {
    return RecorderConfig.defaults()
        .withSegmentLength(Duration.ofSeconds(2))
        .withMotionFromMainStream(false)
        .withQuota(quota, reserve)
        .withRetentionInterval(Duration.ofMillis(100))
        .withQueueCapacity(20_000)
        .withClock(Clock.systemUTC());
  }

  /** Two cameras fed frames [from, to) (frame n at T0 + n / 15 s), retention run every 40 s. */
  private static void record(
      Recorder recorder, List<RecorderInput> inputs, long from, long to, Runnable check)
      throws Exception {
    EncodedClip clip = TestMedia.small();
    for (long n = from; n < to; n++) {
      for (RecorderInput input : inputs) {
        input.accept(TestMedia.unit(clip, n, T0));
      }
      if (n % 600 == 599) {
        assertThat(recorder.flush(Duration.ofSeconds(20))).isTrue();
        recorder.enforceRetention();
        check.run();
      }
    }
    assertThat(recorder.flush(Duration.ofSeconds(20))).isTrue();
    recorder.enforceRetention();
  }

  @Test
  void lockedSegmentsSurviveAFillingDiskWhileTheRestIsRecycled() throws Exception {
    try (TmpfsDir fs = TmpfsDir.mount(parent, 40)) {
      long reserve = 4 * MB;
      EvidenceLock keptA;
      EvidenceLock keptB;
      EvidenceLock released;
      try (Recorder recorder = Recorder.open(fs.dir, config(Long.MAX_VALUE, reserve));
          EvidenceLocks locks = EvidenceLocks.open(fs.dir)) {
        List<RecorderInput> inputs =
            List.of(recorder.camera("cam-a", "A"), recorder.camera("cam-b", "B"));
        record(recorder, inputs, 0, 200 * FPS, () -> {});
        keptA = lock(locks, "cam-a", 20, 60);
        keptB = lock(locks, "cam-b", 100, 120);
        released = lock(locks, "cam-b", 140, 160);
        long[] checks = {0};
        // ~2000 s of two cameras at ~17 KB/s each: several times what the disk holds.
        record(
            recorder,
            inputs,
            200 * FPS,
            1000 * FPS,
            () -> {
              // The reserve holds, give or take the segments being written since the pass.
              assertThat(usable(fs)).as("usable space").isGreaterThan(reserve - 256 * 1024);
              RecorderStatus status = recorder.status();
              assertThat(status.state()).isEqualTo(RecorderStatus.State.RECORDING);
              assertThat(status.lockedBytes()).isEqualTo(locks.lockedBytes()).isPositive();
              assertThat(status.describe()).contains("MB locked");
              checks[0]++;
            });
        assertThat(checks[0]).isGreaterThan(10);
        // What is under the third lock goes once it is released.
        assertThat(ranges(fs, "cam-b", 140, 160)).hasSize(1);
        locks.release(released.id(), "not needed after all", "ana");
        record(recorder, inputs, 1000 * FPS, 1400 * FPS, () -> {});
      }
      try (Recordings recordings = Recordings.open(fs.dir)) {
        for (EvidenceLock lock : List.of(keptA, keptB)) {
          String camera = lock.cameraIds().get(0);
          // Everything that overlaps the lock is still there, as one stretch, and plays.
          List<Recordings.Range> kept =
              recordings.ranges(camera, lock.fromMicros(), lock.toMicros());
          assertThat(kept)
              .as("%s under lock %d", camera, lock.id())
              .containsExactly(new Recordings.Range(camera, lock.fromMicros(), lock.toMicros()));
          for (SegmentInfo s : recordings.segments(camera, lock.fromMicros(), lock.toMicros())) {
            assertThat(TestMedia.ffprobeFrames(s.file())).isEqualTo(s.frames());
          }
          // ... and nothing else from that time: the first stretch of the camera is the locked
          // one (give or take the 2 s segments that reach over its ends), then the recent past.
          List<Recordings.Range> all = recordings.ranges(camera, 0, Long.MAX_VALUE);
          assertThat(all).hasSize(2);
          assertThat(all.get(0).startMicros())
              .isBetween(lock.fromMicros() - 3 * S, lock.fromMicros());
          assertThat(all.get(0).endMicros()).isBetween(lock.toMicros(), lock.toMicros() + 3 * S);
          assertThat(all.get(1).startMicros()).isGreaterThan(T0 + 170 * S);
          assertThat(all.get(1).endMicros()).isGreaterThan(T0 + 1399 * S);
        }
        assertThat(recordings.ranges("cam-b", T0 + 130 * S, T0 + 170 * S))
            .as("the released lock's recordings")
            .isEmpty();
        RetentionTest.assertFilesMatchIndex(recordings, fs.dir);
      }
    }
  }

  @Test
  void locksOverTheQuotaSuspendItAndADiskFullOfLocksPausesRecordingUntilOneIsReleased()
      throws Exception {
    try (TmpfsDir fs = TmpfsDir.mount(parent, 40)) {
      long quota = 8 * MB;
      long reserve = 4 * MB;
      try (Recorder recorder = Recorder.open(fs.dir, config(quota, reserve));
          EvidenceLocks locks = EvidenceLocks.open(fs.dir)) {
        List<RecorderInput> inputs =
            List.of(recorder.camera("cam-a", "A"), recorder.camera("cam-b", "B"));
        record(
            recorder,
            inputs,
            0,
            300 * FPS,
            () ->
                assertThat(recorder.status().recordedBytes())
                    .as("the quota holds before anything is locked")
                    .isLessThanOrEqualTo(quota + 256 * 1024));
        // Lock everything kept so far (about the quota) and the next 20 s, then record on.
        EvidenceLock incident =
            locks.lock(
                List.of("cam-a", "cam-b"), T0, T0 + 320 * S, Optional.empty(), "everything", "ana");
        record(recorder, inputs, 300 * FPS, 440 * FPS, () -> {});
        RecorderStatus suspended = recorder.status();
        assertThat(suspended.lockedBytes()).isGreaterThanOrEqualTo(quota);
        assertThat(suspended.state()).isEqualTo(RecorderStatus.State.RECORDING);
        assertThat(suspended.warning()).contains("exceed the quota").contains("suspended");
        assertThat(suspended.recordedBytes())
            .as("recording goes on past the quota")
            .isGreaterThan(suspended.lockedBytes() + MB);

        // Now lock the future too: new recordings are locked as they are written, the disk fills
        // to the reserve with nothing left to delete, and recording pauses, saying why.
        EvidenceLock everything =
            locks.lock(
                List.of("cam-a", "cam-b"),
                T0 + 320 * S,
                Long.MAX_VALUE,
                Optional.empty(),
                "hold all",
                "ana");
        EncodedClip clip = TestMedia.small();
        long[] n = {440 * FPS};
        long deadline = System.nanoTime() + 90 * 1_000_000_000L;
        while (recorder.status().state() != RecorderStatus.State.DISK_FULL) {
          assertThat(System.nanoTime()).as("the disk fills with locked video").isLessThan(deadline);
          for (int i = 0; i < 150; i++, n[0]++) {
            for (RecorderInput input : inputs) {
              input.accept(TestMedia.unit(clip, n[0], T0));
            }
          }
          recorder.flush(Duration.ofSeconds(20));
          recorder.enforceRetention();
        }
        RecorderStatus full = recorder.status();
        assertThat(full.message()).contains("disk is full").contains("under evidence locks");
        assertThat(locks.list(false)).hasSize(2);
        long lockedBefore = full.lockedBytes();

        // Releasing the first lock gives its recordings back: recording resumes by itself.
        locks.release(incident.id(), "handed to the police", "bo");
        deadline = System.nanoTime() + 30 * 1_000_000_000L;
        while (recorder.status().state() != RecorderStatus.State.RECORDING) {
          assertThat(System.nanoTime()).as("recording resumes").isLessThan(deadline);
          recorder.enforceRetention();
          Thread.sleep(100);
        }
        assertThat(recorder.status().lockedBytes()).isLessThan(lockedBefore);
        assertThat(locks.get(everything.id()).orElseThrow().activeAt(Long.MAX_VALUE - 1)).isTrue();
      }
    }
  }

  private static EvidenceLock lock(EvidenceLocks locks, String camera, long fromS, long toS) {
    return locks.lock(
        List.of(camera), T0 + fromS * S, T0 + toS * S, Optional.empty(), "incident", "ana");
  }

  private static List<Recordings.Range> ranges(TmpfsDir fs, String camera, long fromS, long toS) {
    try (Recordings recordings = Recordings.open(fs.dir)) {
      return recordings.ranges(camera, T0 + fromS * S, T0 + toS * S);
    }
  }

  private static long usable(TmpfsDir fs) {
    try {
      return fs.usable();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
