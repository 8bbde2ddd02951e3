package io.peerwall.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodedClipFileTest {

  @TempDir Path dir;

  @Test
  void roundTripKeepsEveryUnit() throws IOException {
    EncodedClip clip = TestClips.demo();
    Path file = dir.resolve("demo" + EncodedClipFile.EXTENSION);
    EncodedClipFile.write(clip, file);

    EncodedClip loaded = EncodedClipFile.read(file);

    assertThat(loaded.codec()).isEqualTo(clip.codec());
    assertThat(loaded.width()).isEqualTo(640);
    assertThat(loaded.height()).isEqualTo(360);
    assertThat(loaded.fps()).isEqualTo(15);
    assertThat(loaded.frameCount()).isEqualTo(clip.frameCount());
    for (int i = 0; i < clip.frameCount(); i++) {
      AccessUnit a = clip.units().get(i);
      AccessUnit b = loaded.units().get(i);
      assertThat(b.data()).isEqualTo(a.data());
      assertThat(b.ptsMicros()).isEqualTo(a.ptsMicros());
      assertThat(b.keyframe()).isEqualTo(a.keyframe());
    }
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void truncatedFilesFailWithAClearMessage() throws IOException {
    Path file = dir.resolve("clip.pwclip");
    EncodedClipFile.write(TestClips.demo(), file);
    byte[] whole = Files.readAllBytes(file);
    for (int length :
        new int[] {0, 5, 20, 40, 45, whole.length / 2, whole.length - 8, whole.length - 1}) {
      Path cut = dir.resolve("cut-" + length + ".pwclip");
      Files.write(cut, Arrays.copyOf(whole, length));
      assertThatThrownBy(() -> EncodedClipFile.read(cut))
          .as("cut at %d", length)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("Cannot load clip cache")
          .hasMessageContaining(cut.toString());
    }
  }

  @Test
  void damagedOrForeignFilesFailWithAClearMessage() throws IOException {
    Path file = dir.resolve("clip.pwclip");
    EncodedClipFile.write(TestClips.demo(), file);
    byte[] whole = Files.readAllBytes(file);

    byte[] flipped = whole.clone();
    flipped[whole.length / 2] ^= 0x10;
    assertThatThrownBy(() -> EncodedClipFile.read(write("flipped", flipped)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("checksum");

    byte[] hugeLength = whole.clone();
    // First unit's length field: header (29 bytes) + flags (1) + pts (8).
    hugeLength[38] = 0x7f;
    assertThatThrownBy(() -> EncodedClipFile.read(write("huge", hugeLength)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exceeds");

    byte[] extra = Arrays.copyOf(whole, whole.length + 3);
    assertThatThrownBy(() -> EncodedClipFile.read(write("extra", extra)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("after the checksum");

    assertThatThrownBy(
            () -> EncodedClipFile.read(write("text", "hello world, not a clip at all".getBytes())))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad magic");

    assertThatThrownBy(() -> EncodedClipFile.read(dir.resolve("missing.pwclip")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void cacheEncodesOnceThenLoadsAndReplacesADamagedFile() throws IOException {
    ClipCache cache = new ClipCache(dir.resolve("clips"));
    SyntheticClipSpec spec = SyntheticClipSpec.defaults("Porch").withSize(160, 96).withFps(5);
    Path file = cache.fileFor(spec);
    assertThat(file.getFileName().toString()).startsWith("synthetic-160x96-5fps-20f-");

    EncodedClip first = cache.getOrEncode(spec);
    assertThat(file).isRegularFile();
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

    EncodedClip second = cache.getOrEncode(spec);
    assertThat(Files.getLastModifiedTime(file).toInstant())
        .as("loaded, not re-encoded")
        .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(second.units().get(3).data()).isEqualTo(first.units().get(3).data());

    Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 100));
    EncodedClip third = cache.getOrEncode(spec);
    assertThat(third.frameCount()).isEqualTo(20);
    assertThat(EncodedClipFile.read(file).frameCount()).isEqualTo(20);

    assertThat(cache.fileFor(spec.withBitrate(300_000))).isNotEqualTo(file);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name + ".pwclip");
    Files.write(file, bytes);
    return file;
  }
}
