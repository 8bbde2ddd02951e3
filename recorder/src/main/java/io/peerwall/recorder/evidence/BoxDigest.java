package io.peerwall.recorder.evidence;

/**
 * A box's place and CRC-32C, as the diagnostic manifest records it at signing and the verifier
 * recomputes it: depth 0 for a top-level box, 1 for a child of the movie box.
 */
record BoxDigest(int depth, String type, long offset, long size, int crc32c) {
  /** Same box, same bytes (the offset may differ: boxes before it may have been removed). */
  boolean sameContent(BoxDigest other) {
    return depth == other.depth
        && type.equals(other.type)
        && size == other.size
        && crc32c == other.crc32c;
  }
}
