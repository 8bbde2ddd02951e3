package io.peerwall.decoder.mux;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Recordings for the muxing tests, made from the synthetic demo clip. */
final class Recordings {

  static final long BASE_EPOCH_MICROS = 1_750_000_000_000_000L;

  private static EncodedClip demo;

  private Recordings() {}

  /** 640x360, 15 fps, 4 s, a keyframe every second (unit i is frame i of the test pattern). */
  static synchronized EncodedClip demo() {
    if (demo == null) {
      demo = SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Front Door"));
    }
    return demo;
  }

  /** The demo clip looped to {@code frames} units, unit i at i/15 s, captured at base + i/15 s. */
  static List<AccessUnit> stream(int frames) {
    EncodedClip clip = demo();
    List<AccessUnit> units = new ArrayList<>(frames);
    for (int i = 0; i < frames; i++) {
      AccessUnit source = clip.units().get(i % clip.frameCount());
      long pts = i * 1_000_000L / 15;
      units.add(
          new AccessUnit(
              source.codec(), source.data(), pts, BASE_EPOCH_MICROS + pts, source.keyframe()));
    }
    return units;
  }

  /** Records {@code units} into segments of {@code segmentSeconds} in {@code dir}. */
  static List<SegmentSummary> record(List<AccessUnit> units, Path dir, int segmentSeconds)
      throws IOException {
    List<SegmentSummary> finished = new ArrayList<>();
    SegmentRecorder.Config config =
        new SegmentRecorder.Config(
            dir,
            "front door",
            Duration.ofSeconds(segmentSeconds),
            Duration.ofSeconds(5),
            Duration.ZERO);
    try (SegmentRecorder recorder = new SegmentRecorder(config, finished::add)) {
      for (AccessUnit unit : units) {
        recorder.write(unit);
      }
    }
    return finished;
  }
}
