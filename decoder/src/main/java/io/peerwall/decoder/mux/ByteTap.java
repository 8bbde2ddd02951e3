package io.peerwall.decoder.mux;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Sees every byte an export writes, in file order, as it is written: how a signed export is hashed
 * without reading the file back (docs/decisions/0057).
 */
@FunctionalInterface
public interface ByteTap {
  /**
   * The next bytes of the file, on the exporting thread. The buffer is read-only and valid only
   * during the call (it is the muxer's own buffer): copy what is kept. Throwing stops the export.
   */
  void written(ByteBuffer bytes) throws IOException;
}
