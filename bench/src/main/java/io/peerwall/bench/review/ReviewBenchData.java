package io.peerwall.bench.review;

import io.peerwall.recorder.Recorder;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.custody.EvidenceLocks;
import io.peerwall.recorder.custody.Operator;
import io.peerwall.recorder.review.ReviewIndex;
import io.peerwall.station.review.SyntheticRecordings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The recordings {@code bench review} plays, written by the real recorder from synthetic 1080p
 * H.264 cameras with a keyframe every 2 s: four cameras at 25 fps for the sync, click and 16×
 * figures (motion every two minutes on cameras 2 and 3, a gap on camera 4, a bookmark and an
 * evidence lock, for the screenshots), a day of one camera at 5 fps (2 s GOPs still) to scrub
 * across, and an hour of one camera at 25 fps to export.
 */
final class ReviewBenchData {
  static final long S = 1_000_000L;
  static final long MINUTE = 60 * S;
  static final long HOUR = 60 * MINUTE;
  static final int FPS = 25;
  static final long FRAME = S / FPS;

  /** Where the four cameras start: whole seconds, two days before now. */
  final long t0;

  /** The four cameras' length. */
  final long length;

  final long dayStart;
  final long hourStart;

  ReviewBenchData(long nowMicros, long lengthMicros) {
    this.t0 = (nowMicros - 2 * 24 * HOUR) / S * S;
    this.length = lengthMicros;
    this.dayStart = t0 - 26 * HOUR;
    this.hourStart = t0 - 2 * HOUR;
  }

  static List<String> names() {
    return List.of("Camera 1", "Camera 2", "Camera 3", "Camera 4");
  }

  static List<String> ids() {
    return List.of("bench-cam-1", "bench-cam-2", "bench-cam-3", "bench-cam-4");
  }

  void make(Path dataDir, int dayHours, PrintStream out) throws InterruptedException {
    long started = System.nanoTime();
    out.println("encoding the 1080p scenes (libopenh264, a few seconds)...");
    SyntheticRecordings.Scene scene =
        SyntheticRecordings.scene("Camera", 1920, 1080, FPS, 2 * FPS, 4, 4_000_000);
    SyntheticRecordings.Scene slow =
        SyntheticRecordings.scene("Day camera", 1920, 1080, 5, 10, 4, 2_000_000);
    out.printf(
        Locale.ROOT,
        "recording 4 cameras x %d s at 1080p25 (with the recorder's motion detection)...%n",
        length / S);
    List<SyntheticRecordings.Plan> four = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      List<SyntheticRecordings.Range> motion = new ArrayList<>();
      if (i == 1 || i == 2) {
        for (long m = 60 * S; m + 12 * S < length; m += 120 * S) {
          motion.add(
              new SyntheticRecordings.Range(t0 + m + i * 4 * S, t0 + m + i * 4 * S + 10 * S));
        }
      }
      // Camera 4 goes offline near the end (after the stretch the sync figure plays).
      List<SyntheticRecordings.Range> gaps =
          i == 3
              ? List.of(new SyntheticRecordings.Range(t0 + length - 40 * S, t0 + length - 20 * S))
              : List.of();
      four.add(
          new SyntheticRecordings.Plan(
              ids().get(i), names().get(i), scene, t0, t0 + length, motion, gaps));
    }
    try (Recorder recorder = Recorder.open(dataDir, RecorderConfig.defaults())) {
      SyntheticRecordings.record(recorder, four);
    }
    out.printf(
        Locale.ROOT,
        "recording a day camera (%d h at 1080p5) and an hour at 1080p25 (motion detection off)...%n",
        dayHours);
    try (Recorder recorder =
        Recorder.open(dataDir, RecorderConfig.defaults().withMotionFromMainStream(false))) {
      SyntheticRecordings.record(
          recorder,
          List.of(
              new SyntheticRecordings.Plan(
                  "bench-day",
                  "Day camera",
                  slow,
                  dayStart,
                  dayStart + dayHours * HOUR,
                  List.of(),
                  List.of()),
              new SyntheticRecordings.Plan(
                  "bench-hour",
                  "Hour camera",
                  scene,
                  hourStart,
                  hourStart + HOUR,
                  List.of(),
                  List.of())));
    }
    try (ReviewIndex index = ReviewIndex.open(dataDir);
        EvidenceLocks locks = EvidenceLocks.open(dataDir)) {
      index.createBookmark(
          ids().get(1),
          t0 + 62 * S,
          t0 + 80 * S,
          "Delivery at the back door",
          "",
          Operator.current());
      locks.lock(
          List.of(ids().get(2)),
          t0 + 100 * S,
          t0 + 200 * S,
          Optional.empty(),
          "Incident report 2231",
          Operator.current());
    }
    out.printf(Locale.ROOT, "recordings made in %.0f s%n", (System.nanoTime() - started) / 1e9);
  }
}
