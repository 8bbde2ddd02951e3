package io.peerwall.recorder.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.recorder.export.ClipExport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedExportSmokeTest {
  @TempDir Path data;
  @TempDir Path out;

  @Test
  void smoke() throws Exception {
    Fixtures.record(data, 12, u -> u);
    ClipExport.Result r = Fixtures.export(data, out.resolve("a.mp4"), 1, 11, Fixtures.signer());
    System.out.println(r);
    Verdict v = ExportVerifier.verify(out.resolve("a.mp4"));
    System.out.println(v);
    System.out.println(
        Fixtures.run(
            "ffmpeg", "-v", "error", "-i", out.resolve("a.mp4").toString(), "-f", "null", "-"));
    System.out.println(
        Fixtures.run(
            "ffprobe",
            "-v",
            "error",
            "-count_frames",
            "-show_entries",
            "format=duration:stream=duration,nb_read_frames",
            out.resolve("a.mp4").toString()));
    assertThat(v).isInstanceOf(Verdict.Authentic.class);
  }
}
