package io.peerwall.recorder.evidence;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.recorder.Recorder;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.RecorderInput;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.export.ClipExport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Real recordings, real exports and station keys for the evidence tests. */
final class Fixtures {
  static final long T0 = 1_763_900_000_000_000L; // 2025-11-23T12:13:20Z
  static final String STATION_ID = "K7QD-3M9W-AB12-CD34-EF56-GH78-J";
  static final String CAMERA_ID = "CAM1-2345-6789-ABCD-EFGH-JKMN-P";
  static final Instant EXPORT_TIME = Instant.parse("2025-11-24T08:00:00Z");

  private static EncodedClip clip;
  private static StationSigningKey key;
  private static StationSigningKey otherKey;

  private Fixtures() {}

  /** 320x180 H.264, 15 fps, a keyframe every 15 frames. */
  static synchronized EncodedClip clip() {
    if (clip == null) {
      clip =
          SyntheticClipEncoder.encode(
              SyntheticClipSpec.defaults("Evidence test").withSize(320, 180).withBitrate(300_000));
    }
    return clip;
  }

  /** This JVM's station key (made once: RSA-3072 takes a second). */
  static synchronized StationSigningKey key() throws IOException {
    if (key == null) {
      key = makeKey(tempDir("station-key"), "Front desk", STATION_ID);
    }
    return key;
  }

  /** A second station's key. */
  static synchronized StationSigningKey otherKey() throws IOException {
    if (otherKey == null) {
      otherKey = makeKey(tempDir("other-key"), "Front desk", "ZZZZ-3M9W-AB12-CD34-EF56-GH78-J");
    }
    return otherKey;
  }

  static StationSigningKey makeKey(Path dir, String name, String id) throws IOException {
    return StationSigningKey.loadOrCreate(dir, name, id, sealingKey(id));
  }

  /** A stand-in for Identity.deriveSecret: fixed per station ID within a test run. */
  static byte[] sealingKey(String stationId) {
    byte[] out = Pss.sha256((stationId + "-sealing").getBytes(StandardCharsets.UTF_8));
    return out;
  }

  static Path tempDir(String name) throws IOException {
    Path d = Files.createTempDirectory("peerwall-" + name);
    d.toFile().deleteOnExit();
    return d;
  }

  static ExportSigner signer() throws IOException {
    return new ExportSigner(key(), "guard1", Clock.fixed(EXPORT_TIME, ZoneOffset.UTC));
  }

  /** Records {@code seconds} of one camera from T0 into {@code dataDir}. */
  static void record(Path dataDir, int seconds, UnaryOperator<AccessUnit> change)
      throws IOException {
    EncodedClip c = clip();
    try (Recorder recorder =
        Recorder.open(
            dataDir,
            RecorderConfig.defaults()
                .withSegmentLength(Duration.ofSeconds(4))
                .withMotionFromMainStream(false))) {
      RecorderInput input = recorder.camera(CAMERA_ID, "Door");
      for (int n = 0; n < seconds * c.fps(); n++) {
        AccessUnit u = c.units().get(n % c.frameCount());
        long pts = n * 1_000_000L / c.fps();
        input.accept(
            change.apply(new AccessUnit(u.codec(), u.data(), pts, T0 + pts, u.keyframe())));
      }
    }
  }

  /** Exports [from, to) seconds after T0 of the recording, signed when a signer is given. */
  static ClipExport.Result export(Path dataDir, Path out, int from, int to, ExportSigner signer)
      throws IOException {
    try (Recordings recordings = Recordings.open(dataDir)) {
      return ClipExport.export(
          recordings,
          CAMERA_ID,
          T0 + from * 1_000_000L,
          T0 + to * 1_000_000L,
          out,
          p -> {},
          signer);
    }
  }

  /** Output of a command (stdout + stderr); fails on a non-zero exit. */
  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
    }
    return text;
  }
}
