package io.peerwall.station.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** What the ffprobe tool (not our code) reads from an exported MP4: the independent check. */
public record Ffprobe(
    String codec, long frames, double durationSeconds, double firstPtsSeconds, Instant created) {

  public static Ffprobe of(Path file) throws IOException, InterruptedException {
    JsonNode streams =
        run(
            "ffprobe",
            "-v",
            "error",
            "-count_frames",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=codec_name,nb_read_frames,duration:format_tags=creation_time",
            "-of",
            "json",
            file.toString());
    JsonNode first =
        run(
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "frame=pts_time,best_effort_timestamp_time",
            "-read_intervals",
            "%+#1",
            "-of",
            "json",
            file.toString());
    JsonNode stream = streams.path("streams").path(0);
    JsonNode frame = first.path("frames").path(0);
    String pts =
        frame.hasNonNull("pts_time")
            ? frame.get("pts_time").asText()
            : frame.path("best_effort_timestamp_time").asText("NaN");
    String created = streams.path("format").path("tags").path("creation_time").asText("");
    return new Ffprobe(
        stream.path("codec_name").asText(),
        stream.path("nb_read_frames").asLong(-1),
        stream.path("duration").asDouble(Double.NaN),
        Double.parseDouble(pts),
        created.isEmpty() ? null : Instant.parse(created));
  }

  private static JsonNode run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + err);
    }
    if (!err.isBlank()) {
      throw new AssertionError("ffprobe reported errors: " + err);
    }
    return new ObjectMapper().readTree(out);
  }
}
