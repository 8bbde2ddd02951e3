package io.peerwall.app.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.recorder.Recorder;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.RecorderInput;
import io.peerwall.testsupport.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A locked incident survives retention on a small disk that fills up, with the lock made through
 * the CLI ({@code peerwall lock add}, a child process of the entry point) while the recorder runs:
 * the real recorder writes two cameras onto a 40 MB tmpfs for several times what it holds, with
 * retention keeping a 4 MB reserve; afterwards the locked stretch is still recorded and exports
 * AUTHENTIC, the unlocked stretch beside it is gone, and {@code recordings list} and {@code lock
 * list} say how much is locked.
 */
@Timeout(600)
class LockAgainstRetentionEndToEndTest {
  static final long T0 = 1_763_900_000_000_000L; // 2025-11-23T12:13:20Z
  static final long S = 1_000_000;
  static final long MB = 1 << 20;

  @TempDir Path parent;
  @TempDir Path work;

  static String at(long micros) {
    return Instant.ofEpochSecond(0, micros * 1000).toString();
  }

  private PeerWallProcess.Result peerwall(String... args) throws Exception {
    PeerWallProcess.Result r = PeerWallProcess.run(work, args);
    assertThat(r.out() + r.err()).as(r.all()).doesNotContain("\tat ");
    return r;
  }

  @Test
  void aLockedIncidentSurvivesRetentionOnAFillingDisk() throws Exception {
    Path fs = Files.createDirectories(parent.resolve("tmpfs"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", fs.toString())
            .redirectErrorStream(true)
            .start();
    String mounted = new String(mount.getInputStream().readAllBytes());
    Environment.require(
        mount.waitFor(20, TimeUnit.SECONDS) && mount.exitValue() == 0,
        "cannot mount a tmpfs here (needs root and mount permission): " + mounted.strip());
    try {
      run(fs);
    } finally {
      Process umount = new ProcessBuilder("umount", "-l", fs.toString()).start();
      umount.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private void run(Path data) throws Exception {
    EncodedClip clip =
        SyntheticClipEncoder.encode(
            SyntheticClipSpec.defaults("Lock").withSize(320, 180).withBitrate(300_000));
    RecorderConfig config =
        RecorderConfig.defaults()
            .withSegmentLength(Duration.ofSeconds(2))
            .withMotionFromMainStream(false)
            .withQuota(Long.MAX_VALUE, 4 * MB)
            .withRetentionInterval(Duration.ofMillis(200))
            .withQueueCapacity(20_000)
            .withClock(Clock.systemUTC());
    try (Recorder recorder = Recorder.open(data, config)) {
      List<RecorderInput> cameras =
          List.of(recorder.camera("cam-lobby", "Lobby"), recorder.camera("cam-gate", "Gate"));
      record(recorder, cameras, clip, 0, 200);

      // The incident: 20 s .. 60 s of the lobby, locked for good through the CLI while recording.
      PeerWallProcess.Result lock =
          peerwall(
              "lock",
              "add",
              "--data-dir",
              data.toString(),
              "--camera",
              "Lobby",
              "--from",
              at(T0 + 20 * S),
              "--to",
              at(T0 + 60 * S),
              "--forever",
              "--reason",
              "incident 7: broken window");
      assertThat(lock.exit()).as(lock.all()).isZero();
      assertThat(lock.out()).contains("(active): Lobby", "until released", "incident 7");

      // ~1400 s of two cameras at ~17 KB/s each: more than the disk holds, several times over
      // what is left beside the lock.
      record(recorder, cameras, clip, 200, 1400);
      assertThat(recorder.status().lockedBytes()).isPositive();
      assertThat(recorder.status().describe()).contains("MB locked");
    }

    // The unlocked past is recycled: nothing of the lobby is left from 100 s to 180 s...
    PeerWallProcess.Result gone =
        peerwall(
            "export",
            "--data-dir",
            data.toString(),
            "--camera",
            "Lobby",
            "--from",
            at(T0 + 100 * S),
            "--to",
            at(T0 + 180 * S),
            "-o",
            work.resolve("gone.mp4").toString());
    assertThat(gone.exit()).as(gone.all()).isEqualTo(1);
    assertThat(gone.err()).contains("nothing recorded for cam-lobby");

    // ... while the incident is all there.
    PeerWallProcess.Result list =
        peerwall(
            "recordings",
            "list",
            "--data-dir",
            data.toString(),
            "--camera",
            "Lobby",
            "--from",
            at(T0),
            "--to",
            at(T0 + 200 * S));
    assertThat(list.exit()).as(list.all()).isZero();
    assertThat(list.out())
        .containsPattern("recorded:\\n  2025-11-23 \\d\\d:1[34]:\\d\\d\\.\\d{3}  to  ")
        .contains("1 range(s)")
        .containsPattern("evidence locks: 1 active, keeping \\d+\\.\\d MB");
    Path incident = work.resolve("incident-7.mp4");
    PeerWallProcess.Result exported =
        peerwall(
            "export",
            "--data-dir",
            data.toString(),
            "--camera",
            "Lobby",
            "--from",
            at(T0 + 20 * S),
            "--to",
            at(T0 + 60 * S),
            "-o",
            incident.toString());
    assertThat(exported.exit()).as(exported.all()).isZero();
    assertThat(exported.out()).contains("0:00:40 from");
    PeerWallProcess.Result verified =
        peerwall("verify", "--data-dir", work.resolve("elsewhere").toString(), incident.toString());
    assertThat(verified.exit()).as(verified.all()).isZero();

    PeerWallProcess.Result locks = peerwall("lock", "list", "--data-dir", data.toString());
    assertThat(locks.out())
        .contains("incident 7: broken window")
        .containsPattern("keeps \\d+\\.\\d MB");
  }

  /** Media seconds [from, to) of each camera, retention enforced every 40 s of media. */
  private static void record(
      Recorder recorder, List<RecorderInput> cameras, EncodedClip clip, int from, int to)
      throws Exception {
    for (long n = (long) from * clip.fps(); n < (long) to * clip.fps(); n++) {
      AccessUnit u = clip.units().get((int) (n % clip.frameCount()));
      long pts = n * S / clip.fps();
      for (RecorderInput input : cameras) {
        input.accept(new AccessUnit(u.codec(), u.data(), pts, T0 + pts, u.keyframe()));
      }
      if (n % (40L * clip.fps()) == 40L * clip.fps() - 1) {
        assertThat(recorder.flush(Duration.ofSeconds(20))).isTrue();
        recorder.enforceRetention();
      }
    }
    assertThat(recorder.flush(Duration.ofSeconds(20))).isTrue();
    recorder.enforceRetention();
  }
}
