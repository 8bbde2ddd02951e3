package io.peerwall.recorder.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.recorder.export.ClipExport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera's own signatures (ONVIF Media Signing: SEI user data unregistered, UUID
 * 005bc93f-2d71-5e95-ada4-796f90877a6f) survive recording to MPEG-TS and export to MP4 byte for
 * byte, in their access units, and the verifier reports them per GOP.
 */
@Timeout(120)
class CameraSignaturePassThroughTest {
  @TempDir Path data;
  @TempDir Path out;

  @Test
  void signingSeiNalUnitsReachTheExportByteForByteAndAreReportedPerGop() throws Exception {
    // One signing SEI in every access unit (as cameras that sign every frame's hash do), each
    // different (it carries the frame number) and each needing emulation prevention.
    Fixtures.record(data, 12, CameraSignaturePassThroughTest::withSigningSei);

    // In the recording: the MPEG-TS segments hold every SEI.
    List<byte[]> recorded = new ArrayList<>();
    try (var files = Files.walk(data)) {
      for (Path ts : files.filter(p -> p.toString().endsWith(".ts")).sorted().toList()) {
        recorded.addAll(signingSeis(annexB(ts)));
      }
    }
    assertThat(recorded).hasSize(12 * 15);
    for (int n = 0; n < recorded.size(); n++) {
      assertThat(recorded.get(n)).as("SEI of frame %d in the recording", n).isEqualTo(sei(n));
    }

    // In the signed export of 1 s .. 11 s: frames 15 .. 164, each with its own SEI, in order.
    Path mp4 = out.resolve("signed.mp4");
    ClipExport.Result r = Fixtures.export(data, mp4, 1, 11, Fixtures.signer());
    assertThat(r.export().frames()).isEqualTo(150);
    List<byte[]> exported = signingSeis(annexB(mp4));
    assertThat(exported).hasSize(150);
    for (int i = 0; i < exported.size(); i++) {
      assertThat(exported.get(i))
          .as("SEI of frame %d in the export", 15 + i)
          .isEqualTo(sei(15 + i));
    }

    Verdict v = ExportVerifier.verify(mp4);
    assertThat(v).isInstanceOf(Verdict.Authentic.class);
    CameraSignatures cameras = ((Verdict.Authentic) v).evidence().cameraSignatures();
    assertThat(cameras.gops()).hasSize(10);
    assertThat(cameras.gops())
        .allSatisfy(
            g -> {
              assertThat(g.pictures()).isEqualTo(15);
              assertThat(g.signingSeis()).isEqualTo(15);
            });
    assertThat(cameras.summary()).isEqualTo("present in 10 of 10 GOPs");
  }

  /** The unit with a signing SEI before its first slice. */
  static AccessUnit withSigningSei(AccessUnit u) {
    int n = (int) Math.round(u.ptsMicros() * 15 / 1_000_000.0);
    byte[] d = u.data();
    int slice = firstSlice(d);
    byte[] sei = sei(n);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(d, 0, slice);
    b.write(new byte[] {0, 0, 0, 1}, 0, 4);
    b.write(sei, 0, sei.length);
    b.write(d, slice, d.length - slice);
    return new AccessUnit(
        u.codec(), b.toByteArray(), u.ptsMicros(), u.captureEpochMicros(), u.keyframe());
  }

  /** NAL unit (header included, escaped) of the signing SEI of frame n. */
  static byte[] sei(int n) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.write(CameraSignatureScan.MEDIA_SIGNING_UUID, 0, 16);
    byte[] body = ("frame " + n + " hash").getBytes(StandardCharsets.US_ASCII);
    payload.write(body, 0, body.length);
    payload.write(new byte[] {0, 0, 1, 0, 0, 0, 2, (byte) n}, 0, 8); // needs emulation prevention
    byte[] p = payload.toByteArray();
    ByteArrayOutputStream rbsp = new ByteArrayOutputStream();
    rbsp.write(5); // user_data_unregistered
    rbsp.write(p.length);
    rbsp.write(p, 0, p.length);
    rbsp.write(0x80); // rbsp trailing bits
    ByteArrayOutputStream nal = new ByteArrayOutputStream();
    nal.write(0x06);
    int zeros = 0;
    for (byte x : rbsp.toByteArray()) {
      int v = x & 0xff;
      if (zeros >= 2 && v <= 3) {
        nal.write(3);
        zeros = 0;
      }
      nal.write(v);
      zeros = v == 0 ? zeros + 1 : 0;
    }
    return nal.toByteArray();
  }

  private static int firstSlice(byte[] d) {
    for (int i = 0; i + 3 < d.length; i++) {
      if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
        int type = d[i + 3] & 0x1f;
        if (type >= 1 && type <= 5) {
          return i > 0 && d[i - 1] == 0 ? i - 1 : i;
        }
      }
    }
    throw new AssertionError("no slice in the access unit");
  }

  /** The video of a file as an H.264 Annex B byte stream (stream copy, ffmpeg CLI). */
  private static byte[] annexB(Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "ffmpeg",
                "-v",
                "error",
                "-i",
                file.toString(),
                "-c:v",
                "copy",
                "-bsf:v",
                "h264_mp4toannexb",
                "-f",
                "h264",
                "-")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return bytes;
  }

  /** The signing SEI NAL units of an Annex B stream, in order, as they are in the stream. */
  private static List<byte[]> signingSeis(byte[] s) {
    List<byte[]> found = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i + 2 < s.length; i++) {
      if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
        starts.add(i + 3);
        i += 2;
      }
    }
    for (int k = 0; k < starts.size(); k++) {
      int from = starts.get(k);
      int to = k + 1 < starts.size() ? starts.get(k + 1) - 3 : s.length;
      while (to > from && s[to - 1] == 0) {
        to--; // the zero byte of a 4-byte start code belongs to the next one
      }
      byte[] nal = Arrays.copyOfRange(s, from, to);
      if ((nal[0] & 0x1f) == 6
          && nal.length > 20
          && Arrays.equals(
              CameraSignatureScan.unescape(nal, 3, 16), CameraSignatureScan.MEDIA_SIGNING_UUID)) {
        found.add(nal);
      }
    }
    return found;
  }
}
