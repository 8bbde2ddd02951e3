package io.peerwall.desktop.wall;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.CameraAgent;
import io.peerwall.decoder.ClipCache;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.desktop.ui.Texts;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.Recordings;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.RecordingState;
import io.peerwall.station.reach.StationFeeds;
import io.peerwall.station.recordings.RecordingSession;
import io.peerwall.testsupport.Environment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tile's recording dot against a real recorder (real SQLite index, real segment files) fed by a
 * real camera session, on a small tmpfs that really fills up: the dot is off while recording is
 * only set up, on once frames are written, off with "the disk is full" on the tile while the
 * recorder is paused, on again when space returns, and off once the camera's frames stop.
 */
@Timeout(180)
class RecordingDotTest {
  private static final String PASSWORD = "harbor lantern quietly 42 tides";

  @TempDir Path parent;

  @Test
  void theDotFollowsWhatIsActuallyWritten() throws Exception {
    Path data = mountTmpfs(parent.resolve("tmpfs"), 40);
    try {
      CameraCredentials credentials = CameraCredentials.ephemeral();
      credentials.setPassword(PASSWORD.toCharArray(), List.of("Garage"));
      ClipCache cache = new ClipCache(parent.resolve("clips"));
      StationCredentials station = StationCredentials.ephemeral("test station");
      // No reserve and a fast free-space check, so the disk really fills and is seen soon.
      RecorderConfig config =
          RecorderConfig.defaults()
              .withQuota(Long.MAX_VALUE, 0)
              .withRetentionInterval(Duration.ofMillis(200));
      // Others' files leave 6 MB: too little for the recorder's 4 MB ballast, which it would give
      // up when the disk fills and so resume for a while.
      fill(data.resolve("others-files"), Files.getFileStore(data).getUsableSpace() - (6L << 20));
      Path hog = data.resolve("someone-elses-file");
      try (CameraAgent garage =
              new CameraAgent(
                  SignalingServer.Config.loopback("Garage", credentials),
                  new ClipReplaySource(
                      "Garage", cache.getOrEncode(SyntheticClipSpec.defaults("Garage"))));
          RecordingSession recording = RecordingSession.open(data, config, quiet());
          StationFeeds feeds = new StationFeeds(station, Clock.systemUTC(), recording::record)) {
        garage.start();
        garage.pairLocally(
            new SignalingClient(SignalingClient.Config.loopback().withCredentials(station)),
            PASSWORD.toCharArray());
        CameraFeed feed =
            feeds.create(
                garage.cameraId(),
                "Garage",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), garage.port()));
        TileViewModel tile = new TileViewModel(feed, Texts.of(Locale.ENGLISH), ZoneOffset.UTC);

        refresh(tile);
        assertThat(feed.recordingState()).isEqualTo(RecordingState.WAITING);
        assertThat(tile.recordingProperty().get()).as("set up, nothing written yet").isFalse();
        assertThat(tile.recordingNoteProperty().get()).isEmpty();

        feed.start();
        waitUntil(() -> refresh(tile) && tile.recordingProperty().get(), 60);
        assertThat(recording.recorder().flush(Duration.ofSeconds(30))).isTrue();
        try (Recordings index = Recordings.open(data)) {
          assertThat(index.segments(garage.cameraId(), 0, Long.MAX_VALUE))
              .as("a segment in the SQLite index while the dot is on")
              .isNotEmpty();
        }

        fill(hog, Files.getFileStore(data).getUsableSpace() - 256 * 1024);
        waitUntil(() -> refresh(tile) && !tile.recordingNoteProperty().get().isEmpty(), 60);
        assertThat(tile.recordingProperty().get()).isFalse();
        assertThat(feed.recordingState()).isEqualTo(RecordingState.DISK_FULL);
        assertThat(tile.recordingNoteProperty().get())
            .isEqualTo("Not recording: the disk is full. Recording resumes when space is freed.");

        Files.delete(hog);
        waitUntil(() -> refresh(tile) && tile.recordingProperty().get(), 60);
        assertThat(tile.recordingNoteProperty().get()).isEmpty();

        feed.close(); // the camera's frames stop; recording is still set up
        waitUntil(() -> refresh(tile) && !tile.recordingProperty().get(), 30);
        assertThat(feed.recordingState()).isEqualTo(RecordingState.WAITING);
        assertThat(tile.recordingNoteProperty().get()).isEmpty();
      }
    } finally {
      unmount(data);
    }
  }

  /** Refreshes the tile as the wall's timer does; true so it can lead a wait condition. */
  private static boolean refresh(TileViewModel tile) {
    tile.refresh(System.nanoTime(), System.currentTimeMillis());
    return true;
  }

  private static void fill(Path file, long bytes) throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < bytes; written += block.length) {
        out.write(block, 0, (int) Math.min(block.length, bytes - written));
      }
    }
  }

  /** A tmpfs of its own (needs root): a real file system that really fills up; else skipped. */
  private static Path mountTmpfs(Path dir, int megabytes) throws Exception {
    Files.createDirectories(dir);
    Process mount =
        new ProcessBuilder(
                "mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = mount.waitFor(20, TimeUnit.SECONDS) && mount.exitValue() == 0;
    Environment.require(
        done, "cannot mount a tmpfs here (needs root and mount permission): " + out.trim());
    return dir;
  }

  private static void unmount(Path dir) throws Exception {
    Process umount = new ProcessBuilder("umount", dir.toString()).redirectErrorStream(true).start();
    umount.getInputStream().readAllBytes();
    if (!umount.waitFor(20, TimeUnit.SECONDS) || umount.exitValue() != 0) {
      new ProcessBuilder("umount", "-l", dir.toString()).start().waitFor(20, TimeUnit.SECONDS);
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  private static void waitUntil(BooleanSupplier condition, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + seconds + " s");
      }
      Thread.sleep(100);
    }
  }
}
