package io.peerwall.desktop.agent;

import io.peerwall.decoder.ClipCache;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.decoder.VideoSource;
import io.peerwall.decoder.source.SourceSettings;
import io.peerwall.decoder.source.SourceSpec;
import io.peerwall.decoder.source.Sources;
import io.peerwall.desktop.app.ExitCode;
import io.peerwall.desktop.app.UserFacingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns {@code --source} text into the decoder's {@link VideoSource}: a test pattern is replayed
 * from a pre-encoded clip (cheap; {@code --live} encodes it live instead), files and RTSP cameras
 * are passed through, webcams are encoded. A spec may come from a file so that RTSP credentials
 * stay off the command line and out of the process list; specs are only ever shown redacted.
 */
final class ServeSources {
  private ServeSources() {}

  /** The spec from {@code --source} or the first line of {@code --source-file}. */
  static SourceSpec parse(String text, Path file) {
    String spec = text;
    if (file != null) {
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        spec = r.readLine();
      } catch (IOException e) {
        throw new UserFacingException(
            ExitCode.USAGE, "cannot read the source file " + file + " (" + e.getMessage() + ")", e);
      }
    }
    try {
      return SourceSpec.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(ExitCode.USAGE, "--source: " + e.getMessage(), e);
    }
  }

  static VideoSource create(SourceSpec spec, String name, Path cacheDir, boolean live) {
    if (spec instanceof SourceSpec.TestPattern p && !live) {
      SyntheticClipSpec clip =
          SyntheticClipSpec.defaults(name).withSize(p.width(), p.height()).withFps(p.fps());
      try {
        return new ClipReplaySource(name, new ClipCache(cacheDir).getOrEncode(clip));
      } catch (IOException | RuntimeException e) {
        throw new UserFacingException(
            ExitCode.DATA_DIR,
            "cannot prepare the test pattern clip in " + cacheDir + " (" + e.getMessage() + ")",
            e);
      }
    }
    return Sources.create(spec, name, SourceSettings.defaults());
  }
}
