package io.peerwall.recorder.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.recorder.Recorder;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.RecorderInput;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.export.EvidenceBenchmark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the benchmark core on a short recording (one minute by default; {@code
 * -Devidence.bench.minutes=60} for the figures of docs/benchmarks.md). Checks that it measures, not
 * the targets: timings on a shared machine are not assertions.
 */
@Timeout(1800)
class EvidenceBenchmarkTest {
  @TempDir Path data;
  @TempDir Path work;

  /**
   * 720p25 at 4 Mbit/s as cameras send it (libx264 High, no B-frames, sensor-like noise: the clip
   * of {@code bench record}), made with the ffmpeg CLI; the synthetic test clip undershoots any bit
   * rate and would make an hour a tenth of its real size.
   */
  private EncodedClip cameraLikeClip() throws Exception {
    Path file = data.resolveSibling(data.getFileName() + "-clip.mp4");
    Fixtures.run(
        "ffmpeg",
        "-hide_banner",
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=1280x720:rate=25,noise=alls=12:allf=t",
        "-t",
        "10",
        "-pix_fmt",
        "yuv420p",
        "-c:v",
        "libx264",
        "-g",
        "25",
        "-b:v",
        "4000k",
        "-maxrate",
        "4000k",
        "-bufsize",
        "8000k",
        "-preset",
        "veryfast",
        "-profile:v",
        "high",
        "-bf",
        "0",
        file.toString());
    try {
      return io.peerwall.decoder.demux.MediaFiles.readClip(file, 25);
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  @Test
  void measuresSigningOverheadAndVerifyThroughputAgainstReferences() throws Exception {
    int minutes = Integer.getInteger("evidence.bench.minutes", 1);
    int runs = Integer.getInteger("evidence.bench.runs", 1);
    EncodedClip clip = minutes > 1 ? cameraLikeClip() : Fixtures.clip();
    long frames = (long) minutes * 60 * clip.fps();
    try (Recorder recorder =
        Recorder.open(
            data,
            RecorderConfig.defaults().withMotionFromMainStream(false).withQueueCapacity(8192))) {
      RecorderInput input = recorder.camera(Fixtures.CAMERA_ID, "Bench");
      for (long n = 0; n < frames; n++) {
        AccessUnit u = clip.units().get((int) (n % clip.frameCount()));
        long pts = n * 1_000_000L / clip.fps();
        input.accept(new AccessUnit(u.codec(), u.data(), pts, Fixtures.T0 + pts, u.keyframe()));
        while (n - input.framesWritten() > 4000) {
          Thread.sleep(1);
        }
      }
      recorder.flush(Duration.ofMinutes(5));
    }
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(lines, true, StandardCharsets.UTF_8);
    EvidenceBenchmark.Figures f;
    try (Recordings recordings = Recordings.open(data)) {
      f =
          EvidenceBenchmark.run(
              recordings,
              Fixtures.CAMERA_ID,
              Fixtures.T0,
              Fixtures.T0 + minutes * 60_000_000L,
              work,
              Fixtures.signer(),
              runs,
              out);
    }
    out.println(f.toJson());
    System.out.print(lines.toString(StandardCharsets.UTF_8));
    assertThat(f.verdict()).isEqualTo("Authentic");
    assertThat(f.hashedWhileWritten()).isTrue();
    assertThat(f.megabytes()).isPositive();
    assertThat(f.fragmentedSeconds()).isPositive();
    assertThat(f.secondThreadSeconds()).isPositive();
    assertThat(f.faststartSeconds()).isPositive();
    assertThat(f.signedSeconds()).isPositive();
    assertThat(f.sha256MbPerSecond()).isPositive();
    assertThat(f.verifyMbPerSecond()).isPositive();
    assertThat(f.toJson()).startsWith("{").endsWith("}").contains("\"signingOverhead\":");
    assertThat(work).isEmptyDirectory();
  }
}
