package io.peerwall.recorder.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.export.ClipExport;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bookmarks travel inside the signature of a real signed export (decision 0087): the verifier
 * returns them with an AUTHENTIC verdict, a bookmark edited afterwards makes the file NOT
 * AUTHENTIC, and the box is bounded like every box the verifier reads. Cancelling an export leaves
 * no file behind.
 */
@Timeout(120)
class ExportedBookmarksTest {
  @TempDir static Path data;
  @TempDir Path work;

  static final Instant T = Instant.EPOCH.plusNanos(Fixtures.T0 * 1000);

  static final List<ExportDescription.Bookmark> MARKS =
      List.of(
          new ExportDescription.Bookmark(
              Fixtures.CAMERA_ID,
              T.plusSeconds(2),
              T.plusSeconds(4),
              "Van stops",
              "white van, plate partly visible\nsecond line",
              "guard1"),
          new ExportDescription.Bookmark(
              Fixtures.CAMERA_ID, T.plusSeconds(6), T.plusSeconds(6), "配達員", "", "guard2"));

  @BeforeAll
  static void record() throws Exception {
    Fixtures.record(data, 10, u -> u);
  }

  private ClipExport.Result export(Path out, ClipExport.Options options) throws Exception {
    try (Recordings recordings = Recordings.open(data)) {
      return ClipExport.export(
          recordings,
          Fixtures.CAMERA_ID,
          Fixtures.T0 + 1_000_000,
          Fixtures.T0 + 9_000_000,
          out,
          p -> {},
          Fixtures.signer(),
          options);
    }
  }

  @Test
  void bookmarksAreReturnedWithAnAuthenticVerdict() throws Exception {
    Path out = work.resolve("marked.mp4");
    export(out, new ClipExport.Options(MARKS, () -> false));
    Verdict v = ExportVerifier.verify(out);
    assertThat(v).isInstanceOf(Verdict.Authentic.class);
    assertThat(((Verdict.Authentic) v).evidence().bookmarks()).isEqualTo(MARKS);

    Path plain = work.resolve("plain.mp4");
    export(plain, ClipExport.Options.NONE);
    Verdict none = ExportVerifier.verify(plain);
    assertThat(none).isInstanceOf(Verdict.Authentic.class);
    assertThat(((Verdict.Authentic) none).evidence().bookmarks()).isEmpty();
  }

  @Test
  void aBookmarkEditedAfterTheExportMakesTheFileNotAuthentic() throws Exception {
    Path out = work.resolve("edited.mp4");
    export(out, new ClipExport.Options(MARKS, () -> false));
    byte[] all = Files.readAllBytes(out);
    int at = indexOf(all, "Van stops".getBytes(StandardCharsets.UTF_8));
    assertThat(at).isPositive();
    try (FileChannel c = FileChannel.open(out, StandardOpenOption.WRITE)) {
      c.write(ByteBuffer.wrap("Car".getBytes(StandardCharsets.UTF_8)), at);
    }
    Verdict v = ExportVerifier.verify(out);
    assertThat(v).isInstanceOf(Verdict.NotAuthentic.class);
    assertThat(((Verdict.NotAuthentic) v).has(Failure.Reason.SIGNATURE_MISMATCH)).isTrue();
  }

  @Test
  void theBoxIsBoundedWhenRead() throws Exception {
    byte[] box = BookmarkBox.write(MARKS);
    byte[] payload = java.util.Arrays.copyOfRange(box, 8 + 16, box.length);
    assertThat(BookmarkBox.parse(payload)).isEqualTo(MARKS);
    // A count no payload can hold is refused before anything is allocated.
    byte[] lying = payload.clone();
    ByteBuffer.wrap(lying).putInt(1, 0x7fffffff);
    assertThatThrownBy(() -> BookmarkBox.parse(lying))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageContaining("bookmarks in");
    // Cut anywhere: malformed, never an unchecked exception.
    for (int n = 0; n < payload.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(payload, n);
      assertThatThrownBy(() -> BookmarkBox.parse(cut)).isInstanceOf(MalformedFileException.class);
    }
    // A text without its terminating NUL and longer than the cap: malformed.
    List<ExportDescription.Bookmark> huge = new ArrayList<>();
    huge.add(
        new ExportDescription.Bookmark(
            Fixtures.CAMERA_ID, T, T, "n", "x".repeat(64 * 1024 + 1), "g"));
    assertThatThrownBy(() -> BookmarkBox.write(huge)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCancelledExportLeavesNothingBehind() throws Exception {
    Path out = work.resolve("cancelled.mp4");
    AtomicInteger asked = new AtomicInteger();
    assertThatThrownBy(
            () -> export(out, new ClipExport.Options(MARKS, () -> asked.incrementAndGet() > 30)))
        .isInstanceOf(InterruptedIOException.class);
    assertThat(asked.get()).isGreaterThan(30);
    try (var files = Files.list(work)) {
      assertThat(files.toList()).isEmpty();
    }
  }

  private static int indexOf(byte[] all, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= all.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (all[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
