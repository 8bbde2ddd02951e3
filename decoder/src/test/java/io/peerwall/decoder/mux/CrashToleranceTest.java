package io.peerwall.decoder.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.testing.ProbeResult;
import io.peerwall.decoder.testing.Tools;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording process killed with SIGKILL (kill -9) mid-segment: its last segment must read back
 * with everything it had reported written, at most the last second lost (we expect nothing lost).
 */
class CrashToleranceTest {

  @TempDir Path dir;

  @Test
  void aSegmentSurvivesKillMinus9() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashingWriterMain.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    int reported = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      // Three and a half seconds of recording: mid-segment, mid-GOP.
      while ((line = out.readLine()) != null) {
        if (line.startsWith("WROTE ")) {
          reported = Integer.parseInt(line.substring(6));
          if (reported >= 52) {
            break;
          }
        }
      }
      // Process.destroyForcibly() is SIGKILL on Linux: no shutdown hooks, no trailer, no flush.
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(child.exitValue()).isEqualTo(137); // 128 + SIGKILL
    assertThat(reported).isEqualTo(52);

    List<Path> segments;
    try (Stream<Path> files = Files.list(dir)) {
      segments = files.filter(p -> p.toString().endsWith(".ts")).toList();
    }
    assertThat(segments).hasSize(1);
    Path segment = segments.get(0);
    SegmentStats stats = SegmentInspector.inspect(segment);
    ProbeResult probe = Tools.probe(segment);
    long lost = reported - stats.frames();
    System.out.printf(
        "METRIC kill -9 after %d units written: %d units read back (%d lost), ffprobe %d frames%n",
        reported, stats.frames(), lost, probe.frames());
    // At most the last second (15 units) may be lost; a unit written after the last report may
    // also be there.
    assertThat(lost).isBetween(-1L, 15L);
    assertThat(probe.frames()).isEqualTo(stats.frames());
    assertThat(probe.codec()).isEqualTo("h264");
    assertThat(stats.keyframes()).isGreaterThanOrEqualTo(3);
  }
}
