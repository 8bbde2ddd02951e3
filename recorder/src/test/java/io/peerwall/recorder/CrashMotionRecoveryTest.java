package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.EncodedClipFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording process killed with SIGKILL while a motion event is going on (issue 13.7): start-up
 * recovery ends the event at the crash, where the camera's recording now ends, and flags it; no
 * event stays "ongoing". Twice, so the second kill also cuts an event of a recovered index.
 */
@Timeout(180)
class CrashMotionRecoveryTest {
  private static final long MAX_LOSS_MICROS = 1_000_000;

  @TempDir Path dataDir;
  @TempDir Path work;

  @Test
  void aMotionEventCutByAKillEndsAtTheCrash() throws Exception {
    Path clipFile = work.resolve("moving.pwclip");
    EncodedClipFile.write(TestMedia.moving(), clipFile);
    Random random = new Random(13);
    for (int round = 0; round < 2; round++) {
      long lastFed = recordUntilAnEventRunsThenKill(clipFile, 300 + random.nextInt(1200));
      List<String> messages;
      try (Recorder recorder = Recorder.open(dataDir, RecorderRoundTripTest.config())) {
        messages = recorder.startupMessages();
      }
      assertThat(messages).anyMatch(m -> m.contains("ended at the crash"));
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:sqlite:" + dataDir.resolve(RecordingIndex.FILE_NAME));
          PreparedStatement s =
              c.prepareStatement(
                  "SELECT id, start_us, end_us, flags FROM motion_event ORDER BY start_us");
          ResultSet rs = s.executeQuery()) {
        long recordedEnd = lastRecordedEnd();
        long crashGapStart = lastCrashGapStart();
        int cut = 0;
        while (rs.next()) {
          long start = rs.getLong(2);
          long end = rs.getLong(3);
          assertThat(rs.wasNull()).as("event %d still ongoing", rs.getLong(1)).isFalse();
          if ((rs.getInt(4) & SegmentRows.EVENT_ENDED_BY_RECOVERY) != 0) {
            cut++;
          }
          assertThat(end).isGreaterThanOrEqualTo(start);
        }
        assertThat(cut).as("events ended by recovery in round %d", round).isEqualTo(round + 1);
        // The newest event (the one the kill cut) ends where the recording ends: at the crash.
        long[] newest = newestEvent(c);
        assertThat(newest[2] & SegmentRows.EVENT_ENDED_BY_RECOVERY).isNotZero();
        assertThat(newest[1]).isEqualTo(recordedEnd).isEqualTo(crashGapStart);
        assertThat(lastFed - newest[1]).as("motion lost at the crash").isLessThan(MAX_LOSS_MICROS);
      }
    }
  }

  /**
   * Starts the recording child, waits until the index shows a motion event still going, lets it run
   * {@code moreMillis} longer and kills it with SIGKILL. Returns the last capture time fed.
   */
  private long recordUntilAnEventRunsThenKill(Path clipFile, long moreMillis) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashChild.class.getName(),
                dataDir.toString(),
                clipFile.toString(),
                "motion")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    AtomicLong lastFed = new AtomicLong();
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
                  }
                }
              } catch (java.io.IOException e) {
                // the child died
              }
            },
            "crash-motion-reader");
    reader.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      long ongoing = -1;
      while (ongoing < 0) {
        assertThat(System.nanoTime())
            .as("a motion event shows in the index within 60 s (last fed %d)", lastFed.get())
            .isLessThan(deadline);
        assertThat(child.isAlive()).as("the child records").isTrue();
        Thread.sleep(100);
        ongoing = ongoingEventStart();
      }
      Thread.sleep(moreMillis);
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook ends the event
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      reader.join(5000);
    }
    return lastFed.get();
  }

  /** The start of an event the index shows as going on, or -1 (read while the child writes). */
  private long ongoingEventStart() throws Exception {
    Path file = dataDir.resolve(RecordingIndex.FILE_NAME);
    if (!file.toFile().exists()) {
      return -1;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement s =
            c.prepareStatement("SELECT max(start_us) FROM motion_event WHERE end_us IS NULL");
        ResultSet rs = s.executeQuery()) {
      long start = rs.next() ? rs.getLong(1) : 0;
      return rs.wasNull() ? -1 : start;
    } catch (java.sql.SQLException e) {
      return -1; // the schema is not there yet
    }
  }

  private static long[] newestEvent(Connection c) throws Exception {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT start_us, end_us, flags FROM motion_event ORDER BY start_us DESC LIMIT 1");
        ResultSet rs = s.executeQuery()) {
      assertThat(rs.next()).isTrue();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
    }
  }

  private long lastRecordedEnd() {
    try (Recordings recordings = Recordings.open(dataDir)) {
      return recordings.cameras().get(0).lastMicros();
    }
  }

  private long lastCrashGapStart() {
    try (Recordings recordings = Recordings.open(dataDir)) {
      List<Recordings.Gap> gaps = recordings.gaps("cam-crash", 0, Long.MAX_VALUE);
      return gaps.stream()
          .filter(g -> g.reason().equals("crash"))
          .mapToLong(Recordings.Gap::startMicros)
          .max()
          .orElseThrow();
    }
  }
}
