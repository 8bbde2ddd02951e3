package io.peerwall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Smoke runs of the benchmark commands with small clips: they finish, print readable lines and end
 * with one JSON object holding their figures. (The real figures are in docs/benchmarks.md.)
 */
class BenchCommandTest {

  @TempDir Path workDir;

  @Test
  void decodeEndsWithItsFiguresAsJson() {
    Run run =
        execute(
            "decode", "--quick", "--seconds", "2", "--runs", "1", "--work-dir", workDir.toString());
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("decode only").contains("ratio");
    Map<String, Object> json = lastLineJson(run.out);
    assertThat(json).containsEntry("benchmark", "decode").containsKeys("clips", "targets_met");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> clips = (List<Map<String, Object>>) json.get("clips");
    assertThat(clips).hasSize(2);
    for (Map<String, Object> clip : clips) {
      assertThat((Double) clip.get("decode_fps")).isPositive();
      assertThat((Double) clip.get("ffmpeg_decode_fps")).isPositive();
      assertThat((Double) clip.get("decode_ratio")).isPositive();
      assertThat((Double) clip.get("decode_scale_ratio")).isPositive();
    }
  }

  @Test
  void decodersEndsWithItsFiguresAsJson() {
    Run run =
        execute(
            "decoders",
            "--quick",
            "--streams",
            "2,4",
            "--seconds",
            "1",
            "--remux-seconds",
            "5",
            "--work-dir",
            workDir.toString());
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("streams ->").contains("native memory per open decoder");
    Map<String, Object> json = lastLineJson(run.out);
    assertThat(json).containsEntry("benchmark", "decoders");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> levels = (List<Map<String, Object>>) json.get("levels");
    assertThat(levels).extracting(level -> level.get("streams")).containsExactly(2.0, 4.0);
    assertThat((Double) json.get("native_bytes_per_decoder")).isPositive();
    assertThat((Double) json.get("heap_bytes_per_frame")).isLessThan(64);
    @SuppressWarnings("unchecked")
    Map<String, Object> remux = (Map<String, Object>) json.get("remux");
    assertThat((Double) remux.get("cpu_percent_of_core_per_stream")).isPositive();
  }

  @Test
  void substreamEndsWithItsFiguresAsJson() {
    Run run =
        execute("substream", "--seconds", "1", "--width", "320", "--height", "180", "--fps", "10");
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("sub encoder:").contains("ffmpeg CLI");
    Map<String, Object> json = lastLineJson(run.out);
    assertThat(json).containsEntry("benchmark", "substream").containsEntry("sub", "160x90");
    assertThat((Double) json.get("sub_ms_per_frame")).isPositive();
    assertThat((Double) json.get("ffmpeg_ms_per_frame")).isNotNull();
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(execute("decoders", "--streams", "0").exitCode).isEqualTo(2);
    assertThat(execute("decode", "--runs", "0", "--work-dir", workDir.toString()).exitCode)
        .isEqualTo(2);
    assertThat(execute("substream", "--seconds", "0").exitCode).isEqualTo(2);
    Run none = execute();
    assertThat(none.exitCode).isEqualTo(2);
    assertThat(none.err).contains("bench decode");
  }

  @Test
  void jsonIsWrittenCompactlyAndEscaped() {
    Map<String, Object> object = Json.object();
    object.put("name", "a \"quoted\"\nline");
    object.put("ratio", 0.950);
    object.put("fps", 1234.5678);
    object.put("count", 64);
    object.put("none", null);
    object.put("list", List.of(1, true));
    String line = Json.write(object);
    assertThat(line)
        .isEqualTo(
            "{\"name\":\"a \\\"quoted\\\"\\nline\",\"ratio\":0.95,\"fps\":1234.568,\"count\":64,"
                + "\"none\":null,\"list\":[1,true]}");
    assertThat(MiniJson.parse(line)).isInstanceOf(Map.class);
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new BenchCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> lastLineJson(String out) {
    List<String> lines = out.strip().lines().toList();
    return (Map<String, Object>) MiniJson.parse(lines.get(lines.size() - 1));
  }
}
