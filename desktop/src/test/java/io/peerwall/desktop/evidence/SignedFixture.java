package io.peerwall.desktop.evidence;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.recorder.Recorder;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.RecorderInput;
import io.peerwall.recorder.evidence.ExportSigner;
import io.peerwall.recorder.evidence.StationSigningKey;
import io.peerwall.station.evidence.Exports;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A real recording of camera "Yard" (12 s from T0), a station key and one signed export of it. */
final class SignedFixture {
  static final long T0 = 1_763_900_000_000_000L; // 2025-11-23T12:13:20Z

  final Path data;
  final StationSigningKey key;
  final Exports exports;
  final Path signed;

  private SignedFixture(Path data, StationSigningKey key, Exports exports, Path signed) {
    this.data = data;
    this.key = key;
    this.exports = exports;
    this.signed = signed;
  }

  static SignedFixture make(Path data, Path files) throws Exception {
    EncodedClip clip =
        SyntheticClipEncoder.encode(
            SyntheticClipSpec.defaults("Evidence UI").withSize(320, 180).withBitrate(300_000));
    try (Recorder recorder =
        Recorder.open(
            data,
            RecorderConfig.defaults()
                .withSegmentLength(Duration.ofSeconds(4))
                .withMotionFromMainStream(false))) {
      RecorderInput input = recorder.camera("cam-yard", "Yard");
      for (int n = 0; n < 12 * clip.fps(); n++) {
        AccessUnit u = clip.units().get(n % clip.frameCount());
        long pts = n * 1_000_000L / clip.fps();
        input.accept(new AccessUnit(u.codec(), u.data(), pts, T0 + pts, u.keyframe()));
      }
    }
    byte[] sealing = new byte[32];
    new SecureRandom().nextBytes(sealing);
    StationSigningKey key =
        StationSigningKey.loadOrCreate(files.resolve("key"), "Gate house", "GATE-1", sealing);
    Exports exports = new Exports(data, new ExportSigner(key, "guard", Clock.systemUTC()), "guard");
    Path signed = files.resolve("yard.mp4");
    exports.export(
        new Exports.Request(List.of("cam-yard"), T0 + 1_000_000, T0 + 9_000_000, signed, true),
        p -> {},
        () -> false);
    return new SignedFixture(data, key, exports, signed);
  }
}
