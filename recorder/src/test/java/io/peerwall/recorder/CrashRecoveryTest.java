package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.EncodedClipFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording process killed with SIGKILL at random moments (while recording, while rotating
 * segments, while recovering from the previous kill): after each restart the index matches the
 * files, every segment plays, and at most one second is lost (docs/storage.md section 4).
 */
@Timeout(240)
class CrashRecoveryTest {
  private static final int ROUNDS = 10;
  private static final long MAX_LOSS_MICROS = 1_000_000;

  @TempDir Path dataDir;
  @TempDir Path work;

  @Test
  void killNineAtRandomMomentsLosesAtMostOneSecond() throws Exception {
    Path clipFile = work.resolve("clip.pwclip");
    EncodedClipFile.write(TestMedia.small(), clipFile);
    Random random = new Random(7);
    List<String> report = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      // Most kills while recording; every third one early: during JVM start-up or during the
      // start-up recovery of the previous kill.
      boolean early = round % 3 == 2;
      long killAfterMillis = early ? 300 + random.nextInt(1200) : 200 + random.nextInt(1800);
      long[] fed = runAndKill(clipFile, early, killAfterMillis);
      long firstFed = fed[0];
      long lastFed = fed[1];
      try (Recorder recorder = Recorder.open(dataDir, RecorderRoundTripTest.config())) {
        // Start-up recovery ran; nothing to record.
      }
      long end = lastRecordedEnd();
      report.add(
          "round "
              + round
              + ": killed after "
              + killAfterMillis
              + " ms"
              + (early ? " (early)" : "")
              + ", last fed "
              + lastFed
              + ", recorded to "
              + end);
      if (lastFed > 0) {
        // What this run fed and the index does not cover (the restart gap is not a loss).
        long lost = lastFed - Math.max(end, firstFed);
        assertThat(lost).as("lost in round %d: %s", round, report).isLessThan(MAX_LOSS_MICROS);
      }
      assertIndexMatchesFiles(report);
    }
    System.out.println(String.join("\n", report));
    try (Recordings recordings = Recordings.open(dataDir)) {
      List<SegmentInfo> segments = recordings.segments("cam-crash", 0, Long.MAX_VALUE);
      assertThat(segments).isNotEmpty();
      assertThat(segments).anyMatch(SegmentInfo::recovered);
      for (SegmentInfo s : segments) {
        assertThat(s.closed()).isTrue();
        assertThat(TestMedia.ffprobeFrames(s.file())).as("%s", s.file()).isEqualTo(s.frames());
        assertThat(TestMedia.decodeErrors(s.file())).as("%s", s.file()).isEmpty();
      }
      assertThat(recordings.gaps("cam-crash", 0, Long.MAX_VALUE))
          .extracting(Recordings.Gap::reason)
          .contains("crash");
    }
  }

  /** Starts the child, kills it with SIGKILL; returns the first and last capture time it fed. */
  private long[] runAndKill(Path clipFile, boolean early, long killAfterMillis) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                CrashChild.class.getName(),
                dataDir.toString(),
                clipFile.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    AtomicLong firstFed = new AtomicLong();
    AtomicLong lastFed = new AtomicLong();
    Object ready = new Object();
    boolean[] isReady = {false};
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.startsWith("fed ")) {
                    lastFed.set(Long.parseLong(line.substring(4)));
                    firstFed.compareAndSet(0, lastFed.get());
                  } else if (line.equals("ready")) {
                    synchronized (ready) {
                      isReady[0] = true;
                      ready.notifyAll();
                    }
                  }
                }
              } catch (IOException e) {
                // the child died
              }
            },
            "crash-test-reader");
    reader.start();
    if (!early) {
      synchronized (ready) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!isReady[0] && System.currentTimeMillis() < deadline) {
          ready.wait(500);
        }
      }
      assertThat(isReady[0]).as("the child started recording").isTrue();
    }
    Thread.sleep(killAfterMillis);
    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush, no close
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    reader.join(5000);
    return new long[] {firstFed.get(), lastFed.get()};
  }

  private long lastRecordedEnd() {
    try (Recordings recordings = Recordings.open(dataDir)) {
      return recordings.cameras().stream()
          .mapToLong(Recordings.CameraInfo::lastMicros)
          .max()
          .orElse(0);
    }
  }

  /** Every file has a closed row with its size and hash, every row a file; nothing is open. */
  private void assertIndexMatchesFiles(List<String> report) throws Exception {
    Set<Path> files = new HashSet<>();
    Path recordingsDir = dataDir.resolve(SegmentPaths.RECORDINGS);
    if (Files.isDirectory(recordingsDir)) {
      try (Stream<Path> walk = Files.walk(recordingsDir)) {
        walk.filter(p -> p.toString().endsWith(".ts")).forEach(files::add);
      }
    }
    try (Recordings recordings = Recordings.open(dataDir)) {
      Set<Path> indexed = new HashSet<>();
      for (SegmentInfo s : recordings.segments("cam-crash", 0, Long.MAX_VALUE)) {
        indexed.add(s.file());
        assertThat(s.closed()).as("%s closed; %s", s.file(), report).isTrue();
        assertThat(Files.size(s.file())).as("size of %s", s.file()).isEqualTo(s.bytes());
        assertThat(SegmentFiles.sha256(s.file(), s.bytes()))
            .as("hash of %s", s.file())
            .isEqualTo(s.sha256());
      }
      assertThat(indexed).as("rows vs files; %s", report).isEqualTo(files);
    }
  }
}
