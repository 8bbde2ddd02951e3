package io.peerwall.recorder.export;

import io.peerwall.decoder.mux.ExportResult;
import io.peerwall.decoder.mux.Mp4Exporter;
import io.peerwall.decoder.mux.RecordedSegment;
import io.peerwall.recorder.evidence.ExportDescription;
import io.peerwall.recorder.evidence.ExportSigner;
import io.peerwall.recorder.evidence.SignedExport;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * The signed branch of {@link ClipExport}: a fragmented MP4 hashed from the bytes the exporter
 * writes, as it writes them, then signed and moved to the output's name.
 */
record SignedClipExport(ExportResult export, SignedExport signature) {

  /** Where the export is written before it is signed. */
  static Path unsignedPath(Path output) {
    return output.resolveSibling(output.getFileName() + ".signing");
  }

  static SignedClipExport run(
      ExportSigner signer,
      List<RecordedSegment> segments,
      long fromMicros,
      long toMicros,
      Path output,
      String cameraName,
      String cameraId,
      ClipExport.Options options)
      throws IOException {
    Instant exportTime = signer.clock().instant();
    Path unsigned = unsignedPath(output);
    boolean done = false;
    ExportSigner.Hashing hashing = signer.hashWhileWriting();
    try {
      ExportResult written =
          Mp4Exporter.export(
              segments,
              fromMicros,
              toMicros,
              unsigned,
              cameraName,
              Mp4Exporter.Layout.FRAGMENTED,
              options.readGate(),
              hashing.tap());
      ExportDescription description =
          new ExportDescription(
              signer.key().stationName(),
              signer.key().stationId(),
              exportTime,
              signer.operator(),
              List.of(
                  new ExportDescription.Track(
                      1,
                      cameraName,
                      cameraId,
                      Instant.EPOCH.plusNanos(written.startEpochMicros() * 1_000L))),
              options.bookmarks());
      if (options.cancelled().getAsBoolean()) {
        throw new java.io.InterruptedIOException("the export was cancelled");
      }
      SignedExport signature = signer.sign(unsigned, description, hashing);
      try {
        Files.move(
            unsigned, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(unsigned, output, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      return new SignedClipExport(
          new ExportResult(
              output,
              written.frames(),
              written.durationMicros(),
              signature.bytes(),
              written.startEpochMicros(),
              written.segmentsUsed(),
              written.bytesWritten()),
          new SignedExport(
              output,
              signature.bytes(),
              signature.fingerprint(),
              signature.sha256(),
              signature.hashedWhileWritten(),
              signature.signWaitMillis()));
    } finally {
      if (!done) {
        Files.deleteIfExists(unsigned);
      }
    }
  }
}
