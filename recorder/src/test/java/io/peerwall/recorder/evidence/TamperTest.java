package io.peerwall.recorder.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.recorder.export.ClipExport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed exports of a real recording, tampered with the way someone would: every change gives NOT
 * AUTHENTIC with the reason that names it; the untouched file is AUTHENTIC anywhere.
 */
@Timeout(120)
class TamperTest {
  @TempDir static Path data;
  @TempDir static Path exports;
  static Path signed;
  static Path unsigned;
  static ClipExport.Result result;

  @TempDir Path work;

  /** 12 s recorded; 1 s .. 11 s exported: 10 fragments of one GOP each. */
  @BeforeAll
  static void exportOnce() throws Exception {
    Fixtures.record(data, 12, u -> u);
    signed = exports.resolve("signed.mp4");
    unsigned = exports.resolve("unsigned.mp4");
    result = Fixtures.export(data, signed, 1, 11, Fixtures.signer());
    Fixtures.export(data, unsigned, 1, 11, null);
  }

  private Path copy() throws Exception {
    Path p = work.resolve("evidence.mp4");
    Files.copy(signed, p, StandardCopyOption.REPLACE_EXISTING);
    return p;
  }

  private static Verdict.NotAuthentic notAuthentic(Path file) throws Exception {
    Verdict v = ExportVerifier.verify(file);
    assertThat(v).isInstanceOf(Verdict.NotAuthentic.class);
    return (Verdict.NotAuthentic) v;
  }

  @Test
  void anUntouchedExportIsAuthenticInADirectoryThatNeverSawTheStation() throws Exception {
    Path elsewhere = Files.createTempDirectory("peerwall-other-machine");
    Path file = elsewhere.resolve("handed-over.mp4");
    Files.copy(signed, file);
    Verdict v = ExportVerifier.verify(file);
    assertThat(v).isInstanceOf(Verdict.Authentic.class);
    Evidence e = ((Verdict.Authentic) v).evidence();
    assertThat(e.stationName()).isEqualTo("Front desk");
    assertThat(e.stationId()).isEqualTo(Fixtures.STATION_ID);
    assertThat(e.fingerprint()).isEqualTo(Fixtures.key().fingerprint());
    assertThat(e.exportTime()).isEqualTo(Fixtures.EXPORT_TIME);
    assertThat(e.operator()).isEqualTo("guard1");
    assertThat(e.tracks())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.cameraName()).isEqualTo("Door");
              assertThat(t.cameraId()).isEqualTo(Fixtures.CAMERA_ID);
              assertThat(t.startTime())
                  .isEqualTo(Instant.EPOCH.plusNanos((Fixtures.T0 + 1_000_000) * 1000));
            });
    assertThat(e.cameraSignatures().checked()).isTrue();
    assertThat(e.cameraSignatures().gops()).hasSize(10);
    assertThat(e.cameraSignatures().present()).isFalse();
    assertThat(result.signature())
        .get()
        .satisfies(s -> assertThat(s.hashedWhileWritten()).isTrue());
    // The expected fingerprint, as a person would type it from the station's screen.
    assertThat(
            ExportVerifier.verify(
                file, Fixtures.key().fingerprint().toLowerCase(java.util.Locale.ROOT)))
        .isInstanceOf(Verdict.Authentic.class);
  }

  @Test
  void theSignatureIsStandardRsassaPssOverTheFileWithTheSignatureZeroed() throws Exception {
    // What oxfplayer and ONVIF's isosign do with OpenSSL: SHA-256 over every byte, the 'sibo'
    // payload zeroed; RSASSA-PSS, MGF1-SHA-256, salt 20.
    Box sibo = Surgery.path(signed, "meta", "ipro", "sinf", "schi", "sibo").get(4);
    byte[] file = Files.readAllBytes(signed);
    byte[] signature =
        java.util.Arrays.copyOfRange(file, (int) sibo.payloadOffset(), (int) sibo.end());
    java.util.Arrays.fill(file, (int) sibo.payloadOffset(), (int) sibo.end(), (byte) 0);
    Path input = work.resolve("input.bin");
    Path sig = work.resolve("sig.bin");
    Path cert = work.resolve("cert.pem");
    Path pub = work.resolve("pub.pem");
    Files.write(input, file);
    Files.write(sig, signature);
    Files.writeString(cert, StationSigningKey.pem(Fixtures.key().certificateDer()));
    Files.writeString(
        pub, Fixtures.run("openssl", "x509", "-in", cert.toString(), "-noout", "-pubkey"));
    String out =
        Fixtures.run(
            "openssl",
            "dgst",
            "-sha256",
            "-sigopt",
            "rsa_padding_mode:pss",
            "-sigopt",
            "rsa_pss_saltlen:20",
            "-sigopt",
            "rsa_mgf1_md:sha256",
            "-verify",
            pub.toString(),
            "-signature",
            sig.toString(),
            input.toString());
    assertThat(out).contains("Verified OK");
    // The JDK's own RSASSA-PSS agrees.
    java.security.Signature jdk = java.security.Signature.getInstance("RSASSA-PSS");
    jdk.setParameter(
        new java.security.spec.PSSParameterSpec(
            "SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 20, 1));
    jdk.initVerify(Fixtures.key().certificate().getPublicKey());
    jdk.update(file);
    assertThat(jdk.verify(signature)).isTrue();
  }

  @Test
  void oneByteChangedInTheMediaData() throws Exception {
    Path f = copy();
    List<Box> top = Surgery.topLevel(f);
    Box mdat = top.stream().filter(b -> b.is("mdat")).toList().get(4);
    Surgery.flip(f, mdat.payloadOffset() + mdat.payloadSize() / 2);
    Verdict.NotAuthentic v = notAuthentic(f);
    assertThat(v.failures())
        .extracting(Failure::reason)
        .containsExactly(Failure.Reason.MEDIA_CHANGED);
    assertThat(v.failures().get(0).detail()).contains("fragment 5 of 10");
    assertThat(v.claimed())
        .get()
        .satisfies(e -> assertThat(e.stationId()).isEqualTo(Fixtures.STATION_ID));
  }

  @Test
  void oneByteChangedInTheMovieHeader() throws Exception {
    Path f = copy();
    Box mvhd = Surgery.path(f, "moov", "mvhd").get(1);
    Surgery.flip(f, mvhd.payloadOffset() + 4); // creation time
    Verdict.NotAuthentic v = notAuthentic(f);
    assertThat(v.failures())
        .extracting(Failure::reason)
        .containsExactly(Failure.Reason.MOVIE_HEADER_CHANGED);
    assertThat(v.failures().get(0).detail()).contains("mvhd");
  }

  @Test
  void aFragmentRemoved() throws Exception {
    Path f = copy();
    List<Box> top = Surgery.topLevel(f);
    List<Box> moofs = top.stream().filter(b -> b.is("moof")).toList();
    Box third = moofs.get(2);
    Box fourth = moofs.get(3);
    Surgery.cut(f, third.offset(), fourth.offset()); // its moof and its mdat
    // The rest still plays: the edit is one a forger would make.
    assertThat(Fixtures.run("ffmpeg", "-v", "error", "-i", f.toString(), "-f", "null", "-"))
        .isEmpty();
    Verdict.NotAuthentic v = notAuthentic(f);
    assertThat(v.failures())
        .extracting(Failure::reason)
        .containsExactly(Failure.Reason.FRAGMENT_REMOVED);
    assertThat(v.failures().get(0).detail()).contains("fragment 3 of 10");
  }

  @Test
  void theCertificateReplaced() throws Exception {
    Path f = copy();
    List<Box> chain = Surgery.path(f, "meta", "ipro", "sinf", "schi", "cert");
    Surgery.replacePayload(f, chain, Fixtures.otherKey().certificateDer());
    Verdict.NotAuthentic v = notAuthentic(f);
    assertThat(v.failures())
        .extracting(Failure::reason)
        .containsExactly(Failure.Reason.CERTIFICATE_REPLACED);
    assertThat(v.failures().get(0).detail()).contains(Fixtures.otherKey().fingerprint());
  }

  @Test
  void theSignatureBoxMoved() throws Exception {
    Path f = copy();
    List<Box> top = Surgery.topLevel(f);
    Box meta = top.get(top.size() - 1);
    Box moov = top.stream().filter(b -> b.is("moov")).findFirst().orElseThrow();
    Surgery.move(f, meta.offset(), meta.end(), moov.offset()); // in front of the movie box
    assertThat(notAuthentic(f).failures())
        .extracting(Failure::reason)
        .containsExactly(Failure.Reason.SIGNATURE_MOVED);

    // Inside 'meta': the signature box taken out of 'schi' and put at the end of 'sinf'.
    Path g = copy();
    List<Box> chain = Surgery.path(g, "meta", "ipro", "sinf", "schi", "sibo");
    Box schi = chain.get(3);
    Box sibo = chain.get(4);
    byte[] all = Files.readAllBytes(g);
    byte[] siboBytes = java.util.Arrays.copyOfRange(all, (int) sibo.offset(), (int) sibo.end());
    byte[] schiRest = java.util.Arrays.copyOfRange(all, (int) sibo.end(), (int) schi.end());
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all);
    b.putInt((int) schi.offset(), (int) (schi.size() - sibo.size()));
    System.arraycopy(schiRest, 0, all, (int) sibo.offset(), schiRest.length);
    System.arraycopy(siboBytes, 0, all, (int) (sibo.offset() + schiRest.length), siboBytes.length);
    Files.write(g, all);
    assertThat(notAuthentic(g).failures())
        .extracting(Failure::reason)
        .containsExactly(Failure.Reason.SIGNATURE_MOVED);
  }

  @Test
  void aTruncatedFile() throws Exception {
    for (long keep : new long[] {Files.size(signed) - 100, Files.size(signed) / 2, 100}) {
      Path f = copy();
      try (var c = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
        c.truncate(keep);
      }
      Verdict.NotAuthentic v = notAuthentic(f);
      assertThat(v.failures())
          .extracting(Failure::reason)
          .containsExactly(Failure.Reason.TRUNCATED);
      assertThat(v.failures().get(0).detail()).contains("cut short");
    }
  }

  @Test
  void filesOfAnotherFormat() throws Exception {
    Path text = work.resolve("notes.mp4");
    Files.writeString(text, "this is not a video\n", StandardCharsets.UTF_8);
    Path empty = work.resolve("empty.mp4");
    Files.write(empty, new byte[0]);
    Path ts = Files.walk(data).filter(p -> p.toString().endsWith(".ts")).findFirst().orElseThrow();
    Path png = work.resolve("picture.png");
    Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});
    for (Path f : List.of(text, empty, ts, png)) {
      Verdict.NotAuthentic v = notAuthentic(f);
      assertThat(v.failures())
          .as(f.getFileName().toString())
          .extracting(Failure::reason)
          .containsExactly(Failure.Reason.NOT_MP4);
    }
  }

  @Test
  void anUnsignedExportIsNotSigned() throws Exception {
    assertThat(ExportVerifier.verify(unsigned)).isInstanceOf(Verdict.NotSigned.class);
  }

  @Test
  void anotherStationsKeyIsCaught() throws Exception {
    // Expected fingerprint given: the file is signed, but by someone else.
    Verdict v = ExportVerifier.verify(signed, Fixtures.otherKey().fingerprint());
    assertThat(((Verdict.NotAuthentic) v).failures())
        .extracting(Failure::reason)
        .containsExactly(Failure.Reason.STATION_MISMATCH);
    // A forger re-signs an unsigned export with their own key, claiming the real station.
    Path forged = work.resolve("forged.mp4");
    Files.copy(unsignedFragmented(), forged);
    ExportSigner forger =
        new ExportSigner(Fixtures.otherKey(), "mallory", java.time.Clock.systemUTC());
    forger.sign(
        forged,
        new ExportDescription(
            "Front desk",
            Fixtures.STATION_ID,
            Instant.now(),
            "guard1",
            List.of(new ExportDescription.Track(1, "Door", Fixtures.CAMERA_ID, Instant.now()))));
    Verdict.NotAuthentic f = notAuthentic(forged);
    assertThat(f.failures())
        .extracting(Failure::reason)
        .containsExactly(Failure.Reason.STATION_MISMATCH);
    assertThat(f.failures().get(0).detail()).contains(Fixtures.STATION_ID, "ZZZZ-3M9W");
  }

  /** The signed export without its signing box: what the exporter wrote. */
  private Path unsignedFragmented() throws Exception {
    Path f = work.resolve("unsigned-fragmented.mp4");
    List<Box> top = Surgery.topLevel(signed);
    Box meta = top.get(top.size() - 1);
    byte[] all = Files.readAllBytes(signed);
    Files.write(f, java.util.Arrays.copyOf(all, (int) meta.offset()));
    return f;
  }

  @Test
  void theExportDescriptionEdited() throws Exception {
    Path f = copy();
    Box suep = Surgery.path(f, "meta", "suep").get(1);
    byte[] all = Files.readAllBytes(f);
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("guard1", (int) suep.offset());
    all[at] = 'x';
    Files.write(f, all);
    assertThat(notAuthentic(f).failures())
        .extracting(Failure::reason)
        .containsExactly(Failure.Reason.DESCRIPTION_CHANGED);
  }
}
