package io.peerwall.recorder.evidence;

import io.peerwall.decoder.mux.ByteTap;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes an export from the bytes its muxer writes, as they are written (on the exporter's writing
 * thread, {@code export-write}, beside the muxing thread), so that signing an hour's export costs
 * no second pass over the file and no reading it back. A stream that is not a sequence of boxes is
 * not hashed further: {@link #finish} then returns null and the signer reads the finished file,
 * which it refuses with the reason.
 */
final class StreamHasher implements ByteTap {
  private static final Logger log = LoggerFactory.getLogger(StreamHasher.class);

  private final ContentScanner scanner = new ContentScanner();
  private volatile String failure;

  @Override
  public void written(ByteBuffer bytes) {
    if (failure != null) {
      return;
    }
    try {
      scanner.accept(bytes);
    } catch (MalformedFileException e) {
      failure = e.getMessage();
    }
  }

  /**
   * The scan of every byte written, or null if hashing did not work. Called once the exporter has
   * written its last byte (its writes happen-before the end of the export, which the caller waits
   * for).
   */
  ContentScanner finish() {
    if (failure != null) {
      log.debug("Hashing an export while it was written did not work ({})", failure);
      return null;
    }
    return scanner;
  }
}
