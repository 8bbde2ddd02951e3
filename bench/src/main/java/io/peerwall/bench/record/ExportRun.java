package io.peerwall.bench.record;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.recorder.Recorder;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.RecorderInput;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.export.ClipExport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The export half of {@code bench record}: an hour of one camera, exported to MP4, timed. */
final class ExportRun {
  private ExportRun() {}

  static void run(EncodedClip clip, Path dataDir, int minutes, PrintStream out, JsonLine json)
      throws Exception {
    out.printf("Recording %d minute(s) of one camera as fast as the disk takes it...%n", minutes);
    double recordSeconds = record(clip, dataDir, minutes);
    Path mp4 = dataDir.resolve("export.mp4");
    long exportStart = System.nanoTime();
    ClipExport.Result result;
    try (Recordings recordings = Recordings.open(dataDir)) {
      result =
          ClipExport.export(
              recordings, CAMERA, ORIGIN, ORIGIN + minutes * 60_000_000L, mp4, p -> {});
    }
    double exportSeconds = (System.nanoTime() - exportStart) / 1e9;
    double speed = minutes * 60 / exportSeconds;
    out.printf(
        Locale.ROOT,
        "recorded %d min in %.1f s (%.0fx real time); exported it to MP4"
            + " (%.0f MB, %d frames) in %.1f s: %.0fx real time (target > 50x)%n",
        minutes,
        recordSeconds,
        minutes * 60 / recordSeconds,
        result.export().bytes() / 1e6,
        result.export().frames(),
        exportSeconds,
        speed);
    json.put("exportMinutes", minutes)
        .put("exportSeconds", exportSeconds)
        .put("exportSpeed", speed)
        .put("exportMb", result.export().bytes() / 1e6)
        .put("exportTargetMet", speed > 50);
    Files.deleteIfExists(mp4);
  }

  /** Camera {@link #CAMERA} recorded from {@link #ORIGIN} for a few minutes of media. */
  static final String CAMERA = "bench-export";

  static final long ORIGIN = 1_735_732_800_000_000L; // 2025-01-01T12:00:00Z

  /**
   * Records {@code minutes} of {@code clip} (looped) as camera {@link #CAMERA} from {@link #ORIGIN}
   * into {@code dataDir}, as fast as the disk takes it; returns the seconds it took.
   */
  static double record(EncodedClip clip, Path dataDir, int minutes) throws Exception {
    long frames = (long) minutes * 60 * clip.fps();
    long recordStart = System.nanoTime();
    try (Recorder recorder =
        Recorder.open(
            dataDir,
            RecorderConfig.defaults().withMotionFromMainStream(false).withQueueCapacity(8192))) {
      RecorderInput input = recorder.camera(CAMERA, "Bench export");
      for (long n = 0; n < frames; n++) {
        AccessUnit u = clip.units().get((int) (n % clip.frameCount()));
        long pts = n * 1_000_000L / clip.fps();
        input.accept(new AccessUnit(u.codec(), u.data(), pts, ORIGIN + pts, u.keyframe()));
        while (n - input.framesWritten() > 4000) {
          Thread.sleep(1);
        }
      }
      recorder.flush(Duration.ofMinutes(2));
    }
    return (System.nanoTime() - recordStart) / 1e9;
  }
}
