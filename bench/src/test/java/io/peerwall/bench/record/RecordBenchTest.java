package io.peerwall.bench.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Both recording benchmarks, small: they run, print lines, and end with one JSON object. */
@Timeout(180)
class RecordBenchTest {
  @TempDir Path dataDir;

  private static JsonNode lastLineJson(String output) throws Exception {
    String[] lines = output.strip().split("\\R");
    return new ObjectMapper().readTree(lines[lines.length - 1]);
  }

  @Test
  void recordBenchMeasuresCpuPerStreamAndExportSpeed() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RecordBenchCommand command = new RecordBenchCommand();
    command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int exit =
        new CommandLine(command)
            .execute(
                "--data-dir",
                dataDir.toString(),
                "--streams",
                "3",
                "--seconds",
                "3",
                "--size",
                "320x180",
                "--fps",
                "15",
                "--bitrate",
                "300000",
                "--export-minutes",
                "2");
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(output).isZero();
    JsonNode json = lastLineJson(output);
    assertThat(json.get("benchmark").asText()).isEqualTo("record");
    assertThat(json.get("streams").asInt()).isEqualTo(3);
    assertThat(json.get("cpuPercentPerStream").asDouble()).isPositive();
    assertThat(json.get("framesWritten").asLong()).isGreaterThan(3 * 3 * 15 * 8 / 10);
    assertThat(json.get("framesDropped").asLong()).isZero();
    assertThat(json.get("exportSpeed").asDouble()).isGreaterThan(1);
    assertThat(output).contains("per stream", "exported it to MP4");
  }

  @Test
  void indexBenchGeneratesAnIndexAndTimesTheQueries() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    IndexBenchCommand command = new IndexBenchCommand();
    command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int exit =
        new CommandLine(command)
            .execute(
                "--data-dir",
                dataDir.toString(),
                "--cameras",
                "3",
                "--days",
                "4",
                "--queries",
                "400");
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(output).isZero();
    JsonNode json = lastLineJson(output);
    assertThat(json.get("benchmark").asText()).isEqualTo("index");
    assertThat(json.get("segments").asLong()).isBetween(3L * 4 * 1400, 3L * 4 * 1440);
    assertThat(json.get("seekP99Ms").asDouble()).isPositive().isLessThan(50);
    assertThat(json.get("dayTimelineP99Ms").asDouble()).isPositive().isLessThan(200);
    assertThat(json.get("bytesPerCameraDay").asLong()).isPositive();
    assertThat(output).contains("time -> segment", "day timeline");
  }
}
