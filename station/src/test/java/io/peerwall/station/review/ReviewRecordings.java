package io.peerwall.station.review;

import io.peerwall.recorder.Recorder;
import io.peerwall.recorder.RecorderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A minute of four cameras recorded by the real recorder, shared by the review tests (station and
 * desktop): 320x180 H.264 at 15 fps, a keyframe a second, 10-second segments. Camera 1 is offline
 * from 20 to 30 s; cameras 2 and 4 see motion from 10 to 16 s and from 40 to 44 s; camera 3 from 40
 * to 44 s too. Made once per test class (a few seconds).
 */
public final class ReviewRecordings {
  /** 2025-11-23T12:13:20Z. */
  public static final long T0 = 1_763_900_000_000_000L;

  public static final long S = 1_000_000;
  public static final int FPS = 15;
  public static final long FRAME = S / FPS;
  public static final List<String> CAMERAS = List.of("cam-1", "cam-2", "cam-3", "cam-4");

  private ReviewRecordings() {}

  /** The time of frame n after T0. */
  public static long frameTime(long n) {
    return T0 + n * S / FPS;
  }

  public static RecorderConfig config() {
    return RecorderConfig.defaults().withSegmentLength(Duration.ofSeconds(10));
  }

  /** Records the minute into {@code dataDir}. */
  public static void make(Path dataDir) throws InterruptedException {
    SyntheticRecordings.Scene scene =
        SyntheticRecordings.scene("Review", 320, 180, FPS, FPS, 4, 250_000);
    try (Recorder recorder = Recorder.open(dataDir, config())) {
      SyntheticRecordings.record(
          recorder,
          List.of(
              plan("cam-1", "Camera 1", scene, List.of(), List.of(range(20, 30))),
              plan("cam-2", "Camera 2", scene, List.of(range(10, 16), range(40, 44)), List.of()),
              plan("cam-3", "Camera 3", scene, List.of(range(40, 44)), List.of()),
              plan("cam-4", "Camera 4", scene, List.of(range(10, 16), range(40, 44)), List.of())));
    }
  }

  static SyntheticRecordings.Plan plan(
      String id,
      String name,
      SyntheticRecordings.Scene scene,
      List<SyntheticRecordings.Range> motion,
      List<SyntheticRecordings.Range> gaps) {
    return new SyntheticRecordings.Plan(id, name, scene, T0, T0 + 60 * S, motion, gaps);
  }

  public static SyntheticRecordings.Range range(int fromSecond, int toSecond) {
    return new SyntheticRecordings.Range(T0 + fromSecond * S, T0 + toSecond * S);
  }
}
