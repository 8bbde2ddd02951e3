package io.peerwall.camera.cli;

import io.peerwall.camera.SavedSource;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.decoder.ClipCache;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.MediaClock;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.decoder.VideoSource;
import io.peerwall.decoder.source.RawPictureSource;
import io.peerwall.decoder.source.SourceSettings;
import io.peerwall.decoder.source.SourceSpec;
import io.peerwall.decoder.source.Sources;
import io.peerwall.decoder.source.SubStreamEncoder;
import io.peerwall.p2p.identity.Identity;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns {@code --source} text into the decoder's {@link VideoSource}: a test pattern is replayed
 * from a pre-encoded clip (cheap; {@code --live} encodes it live instead), files and RTSP cameras
 * are passed through, webcams are encoded. A spec may come from a file so that RTSP credentials
 * stay off the command line and out of the process list, or be saved sealed ({@code camera source
 * set}); specs are only ever shown redacted.
 *
 * <p>The sub stream ({@link #sub}) is the {@code --sub-source} when given; otherwise the agent
 * makes one where that is cheap: a smaller pre-encoded clip for the replayed test pattern, a scaled
 * second encoding of the pictures a raw source (webcam, live test pattern) encodes anyway. Files
 * and RTSP cameras are passed through and get none (decision 0030).
 */
final class ServeSources {
  private ServeSources() {}

  /** The spec from {@code --source} or the first line of {@code --source-file}. */
  static SourceSpec parse(String text, Path file) {
    String spec = file != null ? text(null, file, "source") : text;
    try {
      return SourceSpec.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(ExitCode.USAGE, "--source: " + e.getMessage(), e);
    }
  }

  /** The spec text given directly, or the first line of {@code file} (stripped). */
  static String text(String direct, Path file, String what) {
    if (file == null) {
      return direct;
    }
    String spec;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      spec = r.readLine();
    } catch (IOException e) {
      throw new UserFacingException(
          ExitCode.USAGE,
          "cannot read the " + what + " file " + file + " (" + e.getMessage() + ")",
          e);
    }
    if (spec == null || spec.isBlank()) {
      throw new UserFacingException(ExitCode.USAGE, "the " + what + " file " + file + " is empty");
    }
    return spec.strip();
  }

  /**
   * The specs {@code camera serve} runs with: the ones given, else the saved ones ({@code camera
   * source set}; a given sub source replaces the saved one), else the test pattern.
   */
  static SourceSpec[] resolve(SourceSpec main, SourceSpec sub, Path dir, Identity identity) {
    if (main != null) {
      return new SourceSpec[] {main, sub};
    }
    SavedSource.Specs saved = CameraState.savedSource(dir, identity);
    if (saved == null) {
      return new SourceSpec[] {SourceSpec.parse("testpattern"), sub};
    }
    SourceSpec savedMain = parseSaved(saved.main(), dir);
    SourceSpec savedSub = saved.sub() == null ? null : parseSaved(saved.sub(), dir);
    return new SourceSpec[] {savedMain, sub != null ? sub : savedSub};
  }

  private static SourceSpec parseSaved(String spec, Path dir) {
    try {
      return SourceSpec.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(
          ExitCode.SAVED_SOURCE,
          "the saved source in "
              + dir.resolve(SavedSource.FILE)
              + " is not valid ("
              + e.getMessage()
              + "); set it again with: camera source set",
          e);
    }
  }

  static VideoSource create(SourceSpec spec, String name, Path cacheDir, boolean live) {
    if (spec instanceof SourceSpec.TestPattern p && !live) {
      SyntheticClipSpec clip =
          SyntheticClipSpec.defaults(name).withSize(p.width(), p.height()).withFps(p.fps());
      return replay(name, clip, cacheDir);
    }
    return Sources.create(spec, name, SourceSettings.defaults());
  }

  private static VideoSource replay(String name, SyntheticClipSpec clip, Path cacheDir) {
    try {
      return new ClipReplaySource(name, new ClipCache(cacheDir).getOrEncode(clip));
    } catch (IOException | RuntimeException e) {
      throw new UserFacingException(
          ExitCode.DATA_DIR,
          "cannot prepare the test pattern clip in " + cacheDir + " (" + e.getMessage() + ")",
          e);
    }
  }

  /** The sub stream a serve offers (null source for none) and what it is, for banner and status. */
  record SubStream(VideoSource source, String summary) {}

  /**
   * The sub stream for {@code main}: none if {@code disabled} (the command refuses {@code
   * --no-sub-stream} with {@code --sub-source}), else {@code subSpec} if given, else one the agent
   * makes.
   */
  static SubStream sub(
      SourceSpec mainSpec,
      VideoSource main,
      SourceSpec subSpec,
      boolean disabled,
      String name,
      Path cacheDir,
      boolean live) {
    if (disabled) {
      return new SubStream(null, "none (--no-sub-stream)");
    }
    if (subSpec != null) {
      return new SubStream(
          create(subSpec, name + " (sub)", cacheDir, live), subSpec.describe() + " (--sub-source)");
    }
    if (mainSpec instanceof SourceSpec.TestPattern p && !live) {
      int[] size = SubStreamEncoder.sizeFor(p.width(), p.height());
      if (size[0] < 64 || size[1] < 64) {
        return new SubStream(null, "none (the test pattern is too small to scale down)");
      }
      SyntheticClipSpec clip =
          SyntheticClipSpec.defaults(name)
              .withSize(size[0], size[1])
              .withFps(p.fps())
              .withBitrate(SubStreamEncoder.bitrateFor(size[0], size[1], p.fps()));
      return new SubStream(
          replay(name + " (sub)", clip, cacheDir),
          size[0] + "x" + size[1] + "@" + p.fps() + ", a smaller pre-encoded test pattern clip");
    }
    if (main instanceof RawPictureSource raw) {
      SubStreamEncoder encoder = SubStreamEncoder.attachTo(raw, MediaClock.system());
      return new SubStream(encoder, encoder.summary());
    }
    return new SubStream(
        null,
        "none (file and RTSP sources are passed through; give the camera's second URL or a"
            + " smaller file with --sub-source)");
  }
}
