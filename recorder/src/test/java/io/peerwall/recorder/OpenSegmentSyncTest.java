package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.EncodedClip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A segment being written is fsynced periodically, not only when it closes (power loss). */
@Timeout(60)
class OpenSegmentSyncTest {
  @TempDir Path dataDir;

  @Test
  void theOpenSegmentIsSyncedWhileItIsStillBeingWritten() throws Exception {
    EncodedClip clip = TestMedia.small();
    RecorderConfig config =
        RecorderRoundTripTest.config()
            .withSegmentLength(Duration.ofMinutes(10))
            .withOpenSyncInterval(Duration.ofMillis(20));
    try (Recorder recorder = Recorder.open(dataDir, config)) {
      RecorderInput input = recorder.camera("cam-s", "Synced");
      for (int n = 0; n < 30; n++) {
        input.accept(TestMedia.unit(clip, n, RecorderRoundTripTest.T0));
      }
      // The segment stays open (10-minute segments): only the periodic sync can touch it.
      while (recorder.openSegmentSyncs() < 3) {
        Thread.sleep(10);
      }
      assertThat(recorder.status().segments()).as("no segment closed yet").isZero();
      assertThat(segmentFiles()).hasSize(1);
    }
    try (Recordings recordings = Recordings.open(dataDir)) {
      List<SegmentInfo> segments = recordings.segments("cam-s", 0, Long.MAX_VALUE);
      assertThat(segments).hasSize(1);
      assertThat(segments.get(0).frames()).isEqualTo(30);
    }
  }

  @Test
  void withoutFramesNothingIsSynced() throws Exception {
    RecorderConfig config =
        RecorderRoundTripTest.config().withOpenSyncInterval(Duration.ofMillis(10));
    try (Recorder recorder = Recorder.open(dataDir, config)) {
      recorder.camera("cam-idle", "Idle");
      Thread.sleep(200); // many intervals pass; there is no open segment to sync
      assertThat(recorder.openSegmentSyncs()).isZero();
    }
  }

  private List<Path> segmentFiles() throws Exception {
    try (Stream<Path> files = Files.walk(dataDir.resolve("recordings"))) {
      return files.filter(f -> f.toString().endsWith(".ts")).toList();
    }
  }
}
