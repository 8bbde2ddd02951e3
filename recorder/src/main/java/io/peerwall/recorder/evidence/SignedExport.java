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
 * @param signWaitMillis from the end of the export to the signature: checking that the boxes hashed
 *     while written are in the file (a few milliseconds), or the whole hash when it was not taken
 *     while written
 */
public record SignedExport(
    Path file,
    long bytes,
    String fingerprint,
    String sha256,
    boolean hashedWhileWritten,
    long signWaitMillis) {}
