package io.peerwall.recorder;

import io.peerwall.recorder.motion.MotionMask;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one camera is recorded (columns of {@code camera}).
 *
 * @param mode continuous, motion only, or off
 * @param maxAge delete recordings older than this; empty keeps them until the quota needs space
 * @param motionSensitivity 1 (only large, strong changes) .. 100 (the smallest change)
 * @param motionMask cells excluded from motion detection
 * @param preRoll how much video before a motion event "motion only" keeps
 * @param postRoll how long after a motion event ends "motion only" keeps recording
 */
public record CameraSettings(
    RecordingMode mode,
    Optional<Duration> maxAge,
    int motionSensitivity,
    MotionMask motionMask,
    Duration preRoll,
    Duration postRoll) {

  public CameraSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(motionMask, "motionMask");
    if (motionSensitivity < 1 || motionSensitivity > 100) {
      throw new IllegalArgumentException("motion sensitivity must be 1..100: " + motionSensitivity);
    }
    if (maxAge.isPresent() && maxAge.get().toSeconds() < 1) {
      throw new IllegalArgumentException("max age must be at least one second");
    }
    if (preRoll.isNegative() || postRoll.isNegative() || preRoll.toSeconds() > 60) {
      throw new IllegalArgumentException("pre-roll must be 0..60 s and post-roll not negative");
    }
  }

  /** Continuous, kept until the quota needs space, sensitivity 50, no mask, 5 s pre/post-roll. */
  public static CameraSettings defaults() {
    return new CameraSettings(
        RecordingMode.CONTINUOUS,
        Optional.empty(),
        50,
        MotionMask.NONE,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5));
  }

  public CameraSettings withMode(RecordingMode newMode) {
    return new CameraSettings(newMode, maxAge, motionSensitivity, motionMask, preRoll, postRoll);
  }

  public CameraSettings withMaxAge(Duration age) {
    return new CameraSettings(
        mode, Optional.ofNullable(age), motionSensitivity, motionMask, preRoll, postRoll);
  }

  public CameraSettings withMotion(int sensitivity, MotionMask mask) {
    return new CameraSettings(mode, maxAge, sensitivity, mask, preRoll, postRoll);
  }

  public CameraSettings withRolls(Duration pre, Duration post) {
    return new CameraSettings(mode, maxAge, motionSensitivity, motionMask, pre, post);
  }
}
