package io.peerwall.app.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.recorder.Recorder;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.RecorderInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 as a new user tries it, with {@code peerwall} run as child processes of its entry point
 * on recordings the real recorder wrote: export two minutes, hand the file to a machine that never
 * saw the station (a fresh data directory), {@code verify} says AUTHENTIC with the station and
 * camera named; one byte changed and it says NOT AUTHENTIC with its exit code; the signed export
 * decodes with the ffmpeg CLI to the same pictures as an unsigned one; the export log lists it with
 * the file's hash; every bad file gets a plain verdict and its exit code, never a stack trace.
 */
@Timeout(600)
class EvidenceEndToEndTest {
  static final long T0 = 1_763_900_000_000_000L; // 2025-11-23T12:13:20Z
  static final long S = 1_000_000;

  @TempDir static Path station;
  @TempDir static Path otherStation;
  @TempDir Path work;

  static EncodedClip clip;

  @BeforeAll
  static void record() throws Exception {
    clip =
        SyntheticClipEncoder.encode(
            SyntheticClipSpec.defaults("Evidence").withSize(320, 180).withBitrate(300_000));
    record(station, "cam-front", "Front door", 130);
    record(otherStation, "cam-shed", "Shed", 10);
  }

  /** {@code seconds} of one camera from T0, through the real recorder. */
  static void record(Path data, String id, String name, int seconds) {
    try (Recorder recorder =
        Recorder.open(
            data,
            RecorderConfig.defaults()
                .withSegmentLength(Duration.ofSeconds(20))
                .withMotionFromMainStream(false))) {
      RecorderInput input = recorder.camera(id, name);
      for (int n = 0; n < seconds * clip.fps(); n++) {
        input.accept(unit(n, T0));
      }
    }
  }

  static AccessUnit unit(long n, long origin) {
    AccessUnit u = clip.units().get((int) (n % clip.frameCount()));
    long pts = n * S / clip.fps();
    return new AccessUnit(u.codec(), u.data(), pts, origin + pts, u.keyframe());
  }

  static String at(long micros) {
    return Instant.ofEpochSecond(0, micros * 1000).toString();
  }

  private PeerWallProcess.Result peerwall(String... args) throws Exception {
    PeerWallProcess.Result r = PeerWallProcess.run(work, args);
    // Whatever happens, the console never shows a stack trace.
    assertThat(r.out() + r.err()).as(r.all()).doesNotContain("\tat ").doesNotContain("Exception");
    return r;
  }

  private PeerWallProcess.Result verify(Path file, String... options) throws Exception {
    String[] args = new String[options.length + 4];
    args[0] = "verify";
    args[1] = "--data-dir";
    args[2] = work.resolve("other-machine").toString();
    System.arraycopy(options, 0, args, 3, options.length);
    args[args.length - 1] = file.toString();
    return peerwall(args);
  }

  private Path export(Path data, String camera, long from, long to, String name, String... more)
      throws Exception {
    Path out = work.resolve(name);
    String[] args = {
      "export",
      "--data-dir",
      data.toString(),
      "--camera",
      camera,
      "--from",
      at(from),
      "--to",
      at(to),
      "-o",
      out.toString()
    };
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    PeerWallProcess.Result r = peerwall(all);
    assertThat(r.exit()).as(r.all()).isZero();
    return out;
  }

  private String fingerprint(Path data) throws Exception {
    PeerWallProcess.Result key = peerwall("signing-key", "--data-dir", data.toString());
    assertThat(key.exit()).as(key.all()).isZero();
    return key.out()
        .lines()
        .filter(l -> l.startsWith("fingerprint"))
        .findFirst()
        .orElseThrow()
        .substring("fingerprint".length())
        .strip();
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void twoMinutesExportedVerifyOnAMachineThatNeverSawTheStationAndOneByteChangedDoesNot()
      throws Exception {
    Path clip = export(station, "Front door", T0 + 5 * S, T0 + 125 * S, "incident.mp4");
    String fingerprint = fingerprint(station);
    Path elsewhere = work.resolve("other-machine");
    assertThat(elsewhere).as("the other machine has seen nothing").doesNotExist();

    PeerWallProcess.Result ok = verify(clip);
    assertThat(ok.exit()).as(ok.all()).isZero();
    assertThat(ok.out())
        .startsWith("AUTHENTIC: incident.mp4 is exactly what station \"PeerWall on ")
        .containsPattern("camera +Front door \\(ID cam-front\\), from 2025-11-23 ")
        .containsPattern("fingerprint +" + Pattern.quote(fingerprint))
        .containsPattern("exported +20")
        .contains("camera signatures  none");
    assertThat(Files.exists(elsewhere.resolve("evidence")))
        .as("verifying makes no key on the other machine")
        .isFalse();
    PeerWallProcess.Result expected = verify(clip, "--expect", fingerprint.replace(" ", ""));
    assertThat(expected.exit()).as(expected.all()).isZero();

    // The export log lists it with the file's hash.
    PeerWallProcess.Result log = peerwall("exports", "list", "--data-dir", station.toString());
    assertThat(log.exit()).as(log.all()).isZero();
    assertThat(log.out())
        .contains("Front door", "signed", "file " + clip, "SHA-256 " + sha256(clip))
        .contains("export log: hash chain intact");

    // One byte changed in the middle of the video: NOT AUTHENTIC, exit code 20.
    Path changed = work.resolve("incident-changed.mp4");
    byte[] bytes = Files.readAllBytes(clip);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(changed, bytes);
    PeerWallProcess.Result bad = verify(changed);
    assertThat(bad.exit()).as(bad.all()).isEqualTo(20);
    assertThat(bad.out())
        .startsWith("NOT AUTHENTIC: incident-changed.mp4 is not what was signed: ")
        .contains("the video data changed");
  }

  @Test
  void aSignedExportDecodesWithTheFfmpegCliToTheSamePicturesAsAnUnsignedOne() throws Exception {
    Path signed = export(station, "cam-front", T0 + 10 * S, T0 + 40 * S, "signed.mp4");
    Path unsigned =
        export(station, "cam-front", T0 + 10 * S, T0 + 40 * S, "unsigned.mp4", "--unsigned");
    String a = framemd5(signed);
    String b = framemd5(unsigned);
    assertThat(a.lines().filter(l -> !l.startsWith("#")).count()).isEqualTo(31 * 15 - 14);
    assertThat(a).isEqualTo(b);
    PeerWallProcess.Result notSigned = verify(unsigned);
    assertThat(notSigned.exit()).as(notSigned.all()).isEqualTo(21);
    assertThat(notSigned.out()).startsWith("NOT SIGNED: unsigned.mp4 carries no export signature.");
  }

  /** Decoded pictures' checksums (ffmpeg -f framemd5); fails on any decode error. */
  private String framemd5(Path file) throws Exception {
    Process p =
        new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "framemd5", "-")
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(err).as("ffmpeg's errors decoding " + file).isEmpty();
    return out;
  }

  @Test
  void everyBadFileGetsAPlainVerdictAndItsExitCode() throws Exception {
    Path clip = export(station, "cam-front", T0 + 20 * S, T0 + 50 * S, "evidence.mp4");
    byte[] bytes = Files.readAllBytes(clip);

    Path truncated = write("truncated.mp4", java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
    expect(verify(truncated), 20, "NOT AUTHENTIC", "the file is cut short");

    // A file another station exported: AUTHENTIC for that station, with its own fingerprint...
    Path theirs = export(otherStation, "Shed", T0 + S, T0 + 8 * S, "shed.mp4");
    String ours = fingerprint(station);
    String their = fingerprint(otherStation);
    assertThat(their).isNotEqualTo(ours);
    PeerWallProcess.Result other = verify(theirs);
    expect(other, 0, "AUTHENTIC", their);
    assertThat(other.out()).doesNotContain(ours);
    // ... and NOT AUTHENTIC when the fingerprint of this station is expected.
    expect(verify(theirs, "--expect", ours), 20, "NOT AUTHENTIC", "signed by another station");

    // The certificate swapped for the other station's.
    byte[] swapped =
        Mp4Surgery.replaceCertificate(bytes, Mp4Surgery.certificate(Files.readAllBytes(theirs)));
    expect(
        verify(write("swapped.mp4", swapped)), 20, "NOT AUTHENTIC", "the certificate was replaced");

    // The signature box moved in front of the video.
    expect(
        verify(write("moved.mp4", Mp4Surgery.moveSignatureAfterMovieBox(bytes))),
        20,
        "NOT AUTHENTIC",
        "the signature is not where the format puts it");

    // Other formats: text, a recording's MPEG-TS segment, an empty file.
    expect(
        verify(write("notes.mp4", "meeting notes\n".getBytes(StandardCharsets.UTF_8))),
        20,
        "NOT AUTHENTIC",
        "not an MP4 file");
    Path segment;
    try (var walk = Files.walk(station)) {
      segment = walk.filter(p -> p.toString().endsWith(".ts")).findFirst().orElseThrow();
    }
    expect(verify(segment), 20, "NOT AUTHENTIC", "not an MP4 file");
    expect(verify(write("empty.mp4", new byte[0])), 20, "NOT AUTHENTIC", "");

    PeerWallProcess.Result missing = verify(work.resolve("nowhere.mp4"));
    assertThat(missing.exit()).as(missing.all()).isEqualTo(22);
    assertThat(missing.err()).contains("peerwall: there is no file");
    PeerWallProcess.Result folder = verify(work);
    assertThat(folder.exit()).as(folder.all()).isEqualTo(22);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(work.resolve(name), bytes);
  }

  private static void expect(PeerWallProcess.Result r, int exit, String verdict, String says) {
    assertThat(r.exit()).as(r.all()).isEqualTo(exit);
    assertThat(r.out()).as(r.all()).startsWith(verdict + ": ").contains(says);
  }

  @Test
  void exportingSeveralCamerasGivesASignedLoggedFileForEach() throws Exception {
    record(station, "cam-back", "Back door", 20);
    Path base = work.resolve("both.mp4");
    PeerWallProcess.Result r =
        peerwall(
            "export",
            "--data-dir",
            station.toString(),
            "--camera",
            "Front door",
            "--camera",
            "Back door",
            "--from",
            at(T0 + 2 * S),
            "--to",
            at(T0 + 12 * S),
            "-o",
            base.toString());
    assertThat(r.exit()).as(r.all()).isZero();
    for (Path f :
        List.of(work.resolve("both-front-door.mp4"), work.resolve("both-back-door.mp4"))) {
      PeerWallProcess.Result v = verify(f);
      assertThat(v.exit()).as(v.all()).isZero();
      assertThat(r.out()).contains("SHA-256 " + sha256(f));
    }
  }
}
