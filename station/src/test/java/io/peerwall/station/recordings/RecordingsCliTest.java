package io.peerwall.station.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.cli.ErrorPolicy;
import io.peerwall.cli.ExitCode;
import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.recorder.Recorder;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.RecorderInput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code recordings list}, {@code recordings verify} and {@code export} on a real recording. */
@Timeout(120)
class RecordingsCliTest {
  static final long T0 = 1_763_900_000_000_000L; // 2025-11-23T12:13:20Z
  static final long S = 1_000_000;

  @TempDir static Path dataDir;

  /** 30 s of "Front door", a 10 s outage, 10 s more. */
  @BeforeAll
  static void record() throws Exception {
    EncodedClip clip =
        SyntheticClipEncoder.encode(
            SyntheticClipSpec.defaults("CLI").withSize(320, 180).withBitrate(300_000));
    RecorderConfig config =
        RecorderConfig.defaults()
            .withSegmentLength(Duration.ofSeconds(10))
            .withMotionFromMainStream(false);
    try (Recorder recorder = Recorder.open(dataDir, config)) {
      RecorderInput input = recorder.camera("cam-front", "Front door");
      for (int n = 0; n < 30 * 15; n++) {
        input.accept(unit(clip, n, T0));
      }
      for (int n = 0; n < 10 * 15; n++) {
        input.accept(unit(clip, n, T0 + 40 * S));
      }
    }
  }

  static AccessUnit unit(EncodedClip clip, long n, long origin) {
    AccessUnit u = clip.units().get((int) (n % clip.frameCount()));
    long pts = n * S / clip.fps();
    return new AccessUnit(u.codec(), u.data(), pts, origin + pts, u.keyframe());
  }

  private record Run(int exit, String out) {}

  private static Run run(
      Object command, java.util.function.Consumer<PrintStream> setOut, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    setOut.accept(out);
    ErrorPolicy errors = new ErrorPolicy();
    int exit =
        new CommandLine(command)
            .setExecutionExceptionHandler(errors)
            .setParameterExceptionHandler(errors)
            .execute(args);
    return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
  }

  private static Run list(String... args) {
    RecordingsCommand.ListRecordings command = new RecordingsCommand.ListRecordings();
    command.zone = ZoneOffset.UTC;
    return run(command, out -> command.out = out, args);
  }

  @Test
  void listShowsCamerasThenRangesOfOne() {
    Run cameras = list("--data-dir", dataDir.toString());
    assertThat(cameras.exit()).isZero();
    assertThat(cameras.out()).contains("Front door", "cam-front", "2025-11-23 12:13:20.000");

    Run ranges =
        list(
            "--data-dir",
            dataDir.toString(),
            "--camera",
            "front door",
            "--from",
            "2025-11-23T12:13:00Z",
            "--to",
            "2025-11-23T12:15:00Z");
    assertThat(ranges.exit()).isZero();
    assertThat(ranges.out())
        .contains("2025-11-23 12:13:20.000  to  2025-11-23 12:13:50.000  (0:00:30)")
        .contains("2025-11-23 12:14:00.000  to  2025-11-23 12:14:10.000  (0:00:10)")
        .contains("2 range(s), 0:00:40 recorded");

    Run unknown = list("--data-dir", dataDir.toString(), "--camera", "back yard");
    assertThat(unknown.exit()).isEqualTo(2);

    Run badTime = list("--data-dir", dataDir.toString(), "--camera", "cam-front", "--from", "soon");
    assertThat(badTime.exit()).isEqualTo(2);
  }

  @Test
  void exportWritesAnMp4WithProgress() throws Exception {
    Path mp4 = dataDir.resolveSibling(dataDir.getFileName() + "-clip.mp4");
    ExportCommand command = new ExportCommand();
    command.zone = ZoneOffset.UTC;
    Run run =
        run(
            command,
            out -> command.out = out,
            "--data-dir",
            dataDir.toString(),
            "--camera",
            "cam-front",
            "--from",
            "2025-11-23T12:13:25.5Z",
            "--to",
            "2025-11-23T12:13:45Z",
            "-o",
            mp4.toString());
    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out())
        .contains("exporting Front door: 100% (done)")
        .contains("wrote " + mp4 + ": 0:00:20 from 2025-11-23 12:13:25.000, 301 frames");
    Process probe =
        new ProcessBuilder(
                "ffprobe",
                "-v",
                "error",
                "-count_frames",
                "-show_entries",
                "stream=codec_name,nb_read_frames",
                "-of",
                "csv=p=0",
                mp4.toString())
            .redirectErrorStream(true)
            .start();
    String probed = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(probed.trim()).isEqualTo("h264,301");
    Files.deleteIfExists(mp4);
  }

  @Test
  void verifyIsCleanThenFindsAnAlteredFile() throws Exception {
    VerifyCommand clean = new VerifyCommand();
    Run ok = run(clean, out -> clean.out = out, "--data-dir", dataDir.toString());
    assertThat(ok.exit()).as(ok.out()).isZero();
    assertThat(ok.out()).contains("all intact");

    Path copy = dataDir.resolveSibling(dataDir.getFileName() + "-copy");
    copyTree(dataDir, copy);
    try (var files = Files.walk(copy.resolve("recordings"))) {
      Path victim =
          files.filter(p -> p.toString().endsWith(".ts")).sorted().findFirst().orElseThrow();
      byte[] bytes = Files.readAllBytes(victim);
      bytes[bytes.length / 2] ^= 0x40;
      Files.write(victim, bytes);
    }
    VerifyCommand damaged = new VerifyCommand();
    Run bad = run(damaged, out -> damaged.out = out, "--data-dir", copy.toString());
    assertThat(bad.exit()).isEqualTo(ExitCode.RECORDINGS_DAMAGED);
    assertThat(bad.out()).contains("hash mismatch, altered", "PROBLEMS FOUND");
  }

  /** What --help says, what the README's table says and what the command returns agree. */
  @Test
  void verifyHelpAndReadmeGiveTheExitCodeItReturns() throws Exception {
    StringWriter help = new StringWriter();
    new CommandLine(new VerifyCommand()).usage(new PrintWriter(help));
    assertThat(help.toString().replaceAll("\\s+", " "))
        .contains("Exit code 0 when everything is intact, " + ExitCode.RECORDINGS_DAMAGED + " when")
        .doesNotContain(", 1 when");
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme)
        .contains("| " + ExitCode.RECORDINGS_DAMAGED + " | `recordings verify` found damaged");
    // The command returns it on damage: verifyIsCleanThenFindsAnAlteredFile.
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
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
