package io.peerwall.recorder.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.peerwall.recorder.export.ClipExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A signed export plays like an unsigned one: the ffmpeg CLI decodes the same pictures. */
@Timeout(120)
class SignedExportPlaybackTest {
  @TempDir Path data;
  @TempDir Path out;

  @Test
  void aSignedExportDecodesWithoutErrorsToTheSamePicturesAsAnUnsignedOne() throws Exception {
    Fixtures.record(data, 12, u -> u);
    Path signed = out.resolve("signed.mp4");
    Path unsigned = out.resolve("unsigned.mp4");
    ClipExport.Result s = Fixtures.export(data, signed, 1, 11, Fixtures.signer());
    ClipExport.Result u = Fixtures.export(data, unsigned, 1, 11, null);
    assertThat(s.export().frames()).isEqualTo(u.export().frames()).isEqualTo(150);
    assertThat(s.signature()).isPresent();
    assertThat(u.signature()).isEmpty();
    assertThat(Files.exists(out.resolve("signed.mp4.signing"))).isFalse();
    assertThat(Files.exists(out.resolve("signed.mp4.signing.part"))).isFalse();

    assertThat(Fixtures.run("ffmpeg", "-v", "error", "-i", signed.toString(), "-f", "null", "-"))
        .as("ffmpeg's complaints decoding the signed file")
        .isEmpty();
    assertThat(pictureHashes(signed)).hasSize(150).isEqualTo(pictureHashes(unsigned));
    String probe =
        Fixtures.run(
            "ffprobe",
            "-v",
            "error",
            "-count_frames",
            "-show_entries",
            "format=format_name,duration:stream=codec_name,width,height,nb_read_frames",
            "-of",
            "default=nw=1",
            signed.toString());
    assertThat(probe)
        .contains("format_name=mov,mp4", "codec_name=h264", "width=320", "nb_read_frames=150");
    double duration =
        Double.parseDouble(
            probe
                .lines()
                .filter(l -> l.startsWith("duration="))
                .findFirst()
                .orElseThrow()
                .substring(9));
    assertThat(duration).isCloseTo(10.0, within(0.01));
    // The signed file's packets have the same times as the unsigned one's.
    assertThat(packetTimes(signed)).isEqualTo(packetTimes(unsigned));
  }

  /** MD5 of every decoded picture, in order (the framemd5 hash column only). */
  static List<String> pictureHashes(Path file) throws Exception {
    return Fixtures.run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "framemd5", "-")
        .lines()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .map(l -> l.substring(l.lastIndexOf(',') + 1).trim())
        .toList();
  }

  static List<String> packetTimes(Path file) throws Exception {
    return Fixtures.run(
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "packet=pts_time,flags",
            "-of",
            "csv=p=0",
            file.toString())
        .lines()
        .toList();
  }
}
