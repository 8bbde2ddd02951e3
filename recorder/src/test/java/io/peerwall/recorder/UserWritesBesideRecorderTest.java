package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.EncodedClip;
import io.peerwall.recorder.custody.EvidenceLocks;
import io.peerwall.recorder.custody.ExportLog;
import io.peerwall.recorder.custody.ExportRecord;
import io.peerwall.recorder.review.Bookmark;
import io.peerwall.recorder.review.ReviewIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * User actions (bookmarks, locks, the export log) written from their own connections while the
 * recorder records and retention runs: every action succeeds, the recorder's index writer never
 * fails (its batches and the actions take the write lock in turn), and the recording is whole.
 */
@Timeout(120)
class UserWritesBesideRecorderTest {
  static final long T0 = RecorderRoundTripTest.T0;

  @TempDir Path dataDir;

  @Test
  void actionsAndRecordingShareTheIndexWithoutFailing() throws Exception {
    EncodedClip clip = TestMedia.small();
    RecorderConfig config =
        RecorderRoundTripTest.config()
            .withSegmentLength(Duration.ofSeconds(1))
            .withRetentionInterval(Duration.ofMillis(20))
            .withQuota(2L << 20, 0);
    AtomicBoolean failing = new AtomicBoolean();
    AtomicReference<Throwable> actionFailure = new AtomicReference<>();
    AtomicInteger actions = new AtomicInteger();
    try (Recorder recorder = Recorder.open(dataDir, config)) {
      List<RecorderInput> inputs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        inputs.add(recorder.camera("cam-" + i, "Camera " + i));
      }
      AtomicBoolean stop = new AtomicBoolean();
      Thread user =
          new Thread(
              () -> {
                try (ReviewIndex review = ReviewIndex.open(dataDir);
                    EvidenceLocks locks = EvidenceLocks.open(dataDir);
                    ExportLog exports = ExportLog.open(dataDir)) {
                  for (int i = 0; !stop.get(); i++) {
                    long t = T0 + i * 100_000L;
                    Bookmark b =
                        review.createBookmark("cam-" + (i % 4), t, t + 1, "b" + i, "", "u");
                    review.editBookmark(b.id(), t, t + 2, "b" + i, "edited", "u");
                    if (i % 5 == 0) {
                      long id =
                          locks
                              .lock(
                                  List.of("cam-" + (i % 4)),
                                  t,
                                  t + 1000,
                                  Optional.empty(),
                                  "r",
                                  "u")
                              .id();
                      locks.release(id, "done", "u");
                    }
                    exports.append(
                        "u",
                        List.of(new ExportRecord.Camera("cam-0", "Camera 0")),
                        t,
                        t + 1,
                        "f" + i,
                        new byte[32],
                        false);
                    actions.incrementAndGet();
                  }
                } catch (Throwable e) {
                  actionFailure.set(e);
                }
              },
              "test-user-actions");
      user.start();
      for (long n = 0; n < 15 * 30; n++) {
        for (RecorderInput input : inputs) {
          input.accept(TestMedia.unit(clip, n, T0));
        }
        if (recorder.status().state() == RecorderStatus.State.INDEX_FAILING) {
          failing.set(true);
        }
        Thread.sleep(2);
      }
      assertThat(recorder.flush(Duration.ofSeconds(20))).isTrue();
      stop.set(true);
      user.join(10_000);
      assertThat(recorder.status().state()).isEqualTo(RecorderStatus.State.RECORDING);
    }
    assertThat(actionFailure.get()).as("a user action failed").isNull();
    assertThat(actions.get()).isGreaterThan(20);
    assertThat(failing.get()).as("the recorder's index writer failed meanwhile").isFalse();
    try (ExportLog exports = ExportLog.open(dataDir)) {
      assertThat(exports.verifyChain().intact()).isTrue();
      assertThat(exports.verifyChain().rows()).isEqualTo(actions.get());
    }
    try (Recordings recordings = Recordings.open(dataDir)) {
      RetentionTest.assertFilesMatchIndex(recordings, dataDir);
    }
  }
}
