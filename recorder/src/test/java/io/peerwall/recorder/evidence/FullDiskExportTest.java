package io.peerwall.recorder.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.recorder.TmpfsDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed export to a disk that fills up part way (a real tmpfs): a plain "no space" error, no
 * file left behind under any name, and once there is room the same export works and is authentic.
 */
@Timeout(120)
class FullDiskExportTest {
  @TempDir Path data;
  @TempDir Path parent;

  @Test
  void aDiskThatFillsUpFailsTheExportPlainlyAndLeavesNothing() throws Exception {
    Fixtures.record(data, 12, u -> u);
    Path reference = parent.resolve("reference.mp4");
    long size = Fixtures.export(data, reference, 1, 11, Fixtures.signer()).export().bytes();
    try (TmpfsDir fs = TmpfsDir.mount(parent, 4)) {
      // Leave room for about half of the export.
      Path filler = fs.dir.resolve("filler");
      long fill = fs.usable() - size / 2;
      assertThat(fill).as("the tmpfs is larger than half the export").isPositive();
      Files.write(filler, new byte[(int) fill]);
      Path out = fs.dir.resolve("incident.mp4");

      assertThatThrownBy(() -> Fixtures.export(data, out, 1, 11, Fixtures.signer()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("No space left on device");
      try (Stream<Path> left = Files.list(fs.dir)) {
        assertThat(left).as("nothing but the filler is left").containsExactly(filler);
      }

      Files.delete(filler);
      Fixtures.export(data, out, 1, 11, Fixtures.signer());
      assertThat(ExportVerifier.verify(out)).isInstanceOf(Verdict.Authentic.class);
      assertThat(Files.size(out)).isEqualTo(size);
    }
  }
}
