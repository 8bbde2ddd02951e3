package io.peerwall.decoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps synthetic clips in a data directory so a simulated camera encodes its clip once, not on
 * every start.
 *
 * <p>The file name is derived from {@link SyntheticClipSpec#cacheKey()}, so any change to the spec
 * or to the pattern makes a new file. A cache file that fails to load (truncated by a crash,
 * damaged, from an incompatible build) is logged and replaced, never fatal: the cache is only an
 * optimisation.
 */
public final class ClipCache {

  private static final Logger log = LoggerFactory.getLogger(ClipCache.class);

  private final Path directory;

  public ClipCache(Path directory) {
    this.directory = directory;
  }

  /** Where the clip for {@code spec} is (or would be) stored. */
  public Path fileFor(SyntheticClipSpec spec) {
    return directory.resolve("synthetic-" + spec.cacheKey() + EncodedClipFile.EXTENSION);
  }

  /**
   * Returns the cached clip for {@code spec}, encoding and storing it first if it is missing or
   * unreadable.
   *
   * @throws IOException if the clip was encoded but cannot be stored
   */
  public EncodedClip getOrEncode(SyntheticClipSpec spec) throws IOException {
    Path file = fileFor(spec);
    if (Files.isRegularFile(file)) {
      try {
        EncodedClip clip = EncodedClipFile.read(file);
        if (clip.width() == spec.width()
            && clip.height() == spec.height()
            && clip.fps() == spec.fps()
            && clip.frameCount() == spec.frameCount()) {
          return clip;
        }
        log.warn("Clip cache {} does not match {}; encoding it again", file, spec);
      } catch (IOException e) {
        log.warn("{}; encoding it again", e.getMessage());
      }
    }
    EncodedClip clip = SyntheticClipEncoder.encode(spec);
    EncodedClipFile.write(clip, file);
    return clip;
  }
}
