package io.peerwall.recorder.evidence;

import java.nio.file.Path;

/**
 * What signing wrote.
 *
 * @param file the signed MP4
 * @param bytes its size, signature boxes included
 * @param fingerprint the signing certificate's fingerprint
 * @param sha256 SHA-256 of the whole signed file, as {@code sha256sum} prints it (for the export
 *     log)
 * @param hashedWhileWritten whether the file was hashed while the export wrote it (no second pass)
 * @param hashWaitMillis how long signing waited for the hash after the export had finished (near
 *     zero when the hashing thread kept up on a free core; the whole hash without a follower)
 */
public record SignedExport(
    Path file,
    long bytes,
    String fingerprint,
    String sha256,
    boolean hashedWhileWritten,
    long hashWaitMillis) {}
