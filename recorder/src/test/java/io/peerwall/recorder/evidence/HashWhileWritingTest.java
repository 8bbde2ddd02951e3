package io.peerwall.recorder.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.mux.Mp4Exporter;
import io.peerwall.decoder.mux.RecordedSegment;
import io.peerwall.recorder.Recordings;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signer trusts the hash taken while an export was written only for the file that was written:
 * a file changed between the export and its signing is hashed again from the disk, so what is
 * signed is always what is in the file.
 */
class HashWhileWritingTest {
  @TempDir static Path data;
  @TempDir Path work;

  @BeforeAll
  static void recordOnce() throws Exception {
    Fixtures.record(data, 8, u -> u);
  }

  private ExportSigner.Hashing exportHashed(Path file) throws Exception {
    ExportSigner.Hashing hashing = Fixtures.signer().hashWhileWriting();
    try (Recordings recordings = Recordings.open(data)) {
      List<RecordedSegment> segments =
          recordings.segments(Fixtures.CAMERA_ID, Fixtures.T0, Fixtures.T0 + 8_000_000L).stream()
              .map(s -> new RecordedSegment(s.file(), s.startMicros()))
              .toList();
      Mp4Exporter.export(
          segments,
          Fixtures.T0 + 1_000_000L,
          Fixtures.T0 + 7_000_000L,
          file,
          "Door",
          Mp4Exporter.Layout.FRAGMENTED,
          Mp4Exporter.ReadGate.NONE,
          hashing.tap());
    }
    return hashing;
  }

  private static ExportDescription description() {
    return new ExportDescription(
        "Front desk",
        Fixtures.STATION_ID,
        Fixtures.EXPORT_TIME,
        "guard1",
        List.of(
            new ExportDescription.Track(
                1, "Door", Fixtures.CAMERA_ID, Fixtures.EXPORT_TIME.minusSeconds(3600))),
        List.of());
  }

  @Test
  void theFileAsWrittenIsSignedWithoutReadingItAgain() throws Exception {
    Path file = work.resolve("as-written.mp4");
    ExportSigner.Hashing hashing = exportHashed(file);
    SignedExport signed = Fixtures.signer().sign(file, description(), hashing);
    assertThat(signed.hashedWhileWritten()).isTrue();
    assertThat(ExportVerifier.verify(file)).isInstanceOf(Verdict.Authentic.class);
  }

  @Test
  void aFileChangedAfterItWasWrittenIsHashedAgainNotSignedBlind() throws Exception {
    Path file = work.resolve("changed.mp4");
    ExportSigner.Hashing hashing = exportHashed(file);
    // One byte of the movie box changed after the export wrote it (its hash no longer matches).
    byte[] bytes = Files.readAllBytes(file);
    int moov = indexOf(bytes, "moov");
    bytes[moov + 40] ^= 1;
    Files.write(file, bytes);

    SignedExport signed = Fixtures.signer().sign(file, description(), hashing);
    assertThat(signed.hashedWhileWritten()).isFalse();
    assertThat(ExportVerifier.verify(file)).isInstanceOf(Verdict.Authentic.class);
  }

  private static int indexOf(byte[] bytes, String type) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int at = 0;
    while (at + 8 <= bytes.length) {
      int size = b.getInt(at);
      if (new String(bytes, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals(type)) {
        return at;
      }
      at += size;
    }
    throw new AssertionError("no '" + type + "' box");
  }
}
