package io.peerwall.recorder.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/**
 * Verifies a signed export with nothing but the file: AUTHENTIC (with what it says about itself),
 * NOT SIGNED, or NOT AUTHENTIC with what failed. Reads an untrusted file: every box size is checked
 * before use (BoxReader), the signing boxes are read only up to {@link #MAX_META} bytes, and every
 * malformation is a verdict, not an exception. I/O errors (the file cannot be opened or read) are
 * the only exceptions.
 *
 * <p>What is hashed, per the ONVIF Export File Format and as ONVIF's oxfplayer hashes it: every
 * byte of the file from the start to the end of PeerWall's signing instance ('sinf'), with the
 * signature box's payload set to zero; if others signed the file again after PeerWall (repeated
 * signing), their 'sinf' boxes are left out and the sizes of 'ipro' and 'meta' read as without
 * them.
 */
public final class ExportVerifier {
  /** The signing 'meta' box is a few KB plus ~25 bytes per fragment; more is not an export's. */
  static final int MAX_META = 16 << 20;

  private static final int MIN_RSA_BITS = 2048;

  private ExportVerifier() {}

  /** Verifies {@code file}. */
  public static Verdict verify(Path file) throws IOException {
    return verify(file, null);
  }

  /**
   * Verifies {@code file} and, when {@code expectedFingerprint} is given, that it was signed by
   * that certificate (the fingerprint the station shows).
   *
   * @throws IOException only if the file cannot be opened or read
   */
  public static Verdict verify(Path file, String expectedFingerprint) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return new Check(channel, expectedFingerprint).run();
    }
  }

  /** One verification. */
  private static final class Check {
    private final FileChannel channel;
    private final String expectedFingerprint;
    private BoxReader reader;
    private byte[] certDer;
    private X509Certificate cert;
    private ExportDescription description;
    private byte[] suepBox;
    private byte[] cstbBox;
    private Manifest manifest;
    private List<ExportDescription.Bookmark> bookmarks = List.of();
    private Failure bookmarksProblem;
    private int laterSignatures;

    Check(FileChannel channel, String expectedFingerprint) {
      this.channel = channel;
      this.expectedFingerprint = expectedFingerprint;
    }

    Verdict run() throws IOException {
      try {
        return verify();
      } catch (MalformedFileException e) {
        Failure.Reason reason =
            switch (e.kind()) {
              case NOT_MP4 -> Failure.Reason.NOT_MP4;
              case TRUNCATED -> Failure.Reason.TRUNCATED;
              case MALFORMED -> Failure.Reason.MALFORMED;
            };
        return notAuthentic(new Failure(reason, e.getMessage()));
      }
    }

    private Verdict verify() throws IOException, MalformedFileException {
      reader = new BoxReader(channel);
      List<Box> top = reader.topLevel();
      List<Box> metas = top.stream().filter(b -> b.is("meta")).toList();
      if (metas.isEmpty()) {
        return new Verdict.NotSigned(
            "the file has no ONVIF export signature (no file-level 'meta' box)");
      }
      Box meta = metas.get(metas.size() - 1);
      List<Box> metaChildren = reader.children(meta, 4);
      Box ipro = BoxReader.find(metaChildren, "ipro");
      if (ipro == null) {
        return new Verdict.NotSigned(
            "the file has file-level metadata but no ONVIF export signature (no 'ipro' box)");
      }
      if (meta.size() > MAX_META) {
        return notAuthentic(
            new Failure(
                Failure.Reason.MALFORMED,
                "the signing 'meta' box has " + meta.size() + " bytes, more than an export's"));
      }
      readClaims(metaChildren);
      List<Box> instances = reader.children(ipro, 6);
      Box sinf = instances.isEmpty() ? null : instances.get(0);
      if (sinf == null || !sinf.is("sinf")) {
        return notAuthentic(moved("'ipro' does not start with a signing instance ('sinf')"));
      }
      for (Box later : instances.subList(1, instances.size())) {
        if (!later.is("sinf")) {
          return notAuthentic(
              moved("'" + later.type() + "' follows the signing instance inside 'ipro'"));
        }
      }
      laterSignatures = instances.size() - 1;
      List<Box> sinfChildren = reader.children(sinf, 0);
      Box schm = BoxReader.find(sinfChildren, "schm");
      Box schi = BoxReader.find(sinfChildren, "schi");
      if (schm == null || schi == null) {
        return notAuthentic(moved("the signing instance lacks its 'schm' or 'schi' box"));
      }
      PayloadReader scheme = new PayloadReader(reader.payload(schm, 64), "schm");
      scheme.u32();
      long schemeType = scheme.u32();
      if (schemeType != Integer.toUnsignedLong(OnvifBoxes.SCHEME_TYPE)) {
        return notAuthentic(
            new Failure(
                Failure.Reason.UNSUPPORTED_SIGNATURE,
                "protection scheme '"
                    + Box.typeOf((int) schemeType)
                    + "' is not the ONVIF export signature ('oeff')"));
      }
      List<Box> schiChildren = reader.children(schi, 0);
      Box sibo = BoxReader.find(schiChildren, "sibo");
      Box certBox = BoxReader.find(schiChildren, "cert");
      Box cstb = BoxReader.find(schiChildren, "cstb");
      if (cstb != null) {
        cstbBox = reader.read(cstb.offset(), (int) cstb.size());
        if (suepBox != null) {
          description = descriptionOrNull();
        }
      }
      if (sibo == null) {
        return notAuthentic(moved("the signature box ('sibo') is not inside 'schi'"));
      }
      if (certBox == null) {
        return notAuthentic(
            new Failure(Failure.Reason.CERTIFICATE_INVALID, "the file carries no certificate"));
      }
      if (BoxReader.find(schiChildren, "sigC") != null) {
        return notAuthentic(
            new Failure(
                Failure.Reason.UNSUPPORTED_SIGNATURE,
                "the signature uses another algorithm ('sigC'); PeerWall checks RSASSA-PSS"
                    + " with SHA-256 only"));
      }
      certDer = reader.payload(certBox, CertificateNames.MAX_DER);
      Failure certProblem = readCertificate();
      if (certProblem != null) {
        return notAuthentic(certProblem);
      }
      if (top.get(top.size() - 1) != meta) {
        return notAuthentic(
            moved(
                "the signing 'meta' box is at byte "
                    + meta.offset()
                    + " but "
                    + (top.size() - 1 - top.indexOf(meta))
                    + " box(es) follow it ("
                    + top.get(top.indexOf(meta) + 1).type()
                    + " first): it was moved, or data was added after the signature"));
      }
      if (metaChildren.get(metaChildren.size() - 1) != ipro) {
        return notAuthentic(moved("boxes follow 'ipro' inside the signing 'meta' box"));
      }
      byte[] signature = reader.payload(sibo, CertificateNames.MAX_DER);
      RSAKeyParameters key = CertificateNames.publicParameters(cert);
      byte[] digest = digest(meta, ipro, sinf, sibo);
      List<BoxDigest> now = lastScan;
      if (key != null && signature.length == keyBytes() && Pss.verify(key, digest, signature)) {
        return signedCorrectly(top);
      }
      List<Failure> failures = new ArrayList<>();
      if (signature.length != keyBytes()) {
        failures.add(
            new Failure(
                Failure.Reason.SIGNATURE_MISMATCH,
                "the signature has "
                    + signature.length
                    + " bytes, the certificate's key needs "
                    + keyBytes()));
      }
      if (manifest != null) {
        failures.addAll(0, Diagnosis.explain(manifest, now, certDer, suepBox, cstbBox));
      }
      if (failures.isEmpty()) {
        failures.add(
            new Failure(
                Failure.Reason.SIGNATURE_MISMATCH,
                manifest == null
                    ? "the file's bytes do not match its signature"
                    : "the file's bytes do not match its signature, though every box matches"
                        + " the signer's list: the signature or the signing boxes were altered"));
      }
      return new Verdict.NotAuthentic(failures, claimed(CameraSignatures.notChecked()));
    }

    private List<BoxDigest> lastScan = List.of();

    /** SHA-256 of the signed form: the file up to the end of 'sinf', signature zeroed. */
    private byte[] digest(Box meta, Box ipro, Box sinf, Box sibo)
        throws IOException, MalformedFileException {
      ContentScanner scan = ContentScanner.scan(channel, meta.offset());
      lastScan = scan.finish();
      byte[] region = reader.read(meta.offset(), (int) (sinf.end() - meta.offset()));
      ByteBuffer b = ByteBuffer.wrap(region);
      if (sinf.end() != reader.fileSize()) {
        // Repeated signing: read 'ipro' and 'meta' as they were before the later instances.
        setSize(b, meta, sinf.end() - meta.offset(), meta.offset());
        setSize(b, ipro, sinf.end() - ipro.offset(), meta.offset());
      }
      int from = (int) (sibo.payloadOffset() - meta.offset());
      java.util.Arrays.fill(region, from, from + (int) sibo.payloadSize(), (byte) 0);
      var digest = scan.digest();
      digest.update(region);
      return digest.digest();
    }

    private static void setSize(ByteBuffer region, Box box, long size, long base) {
      int at = (int) (box.offset() - base);
      if (box.headerSize() >= 16 && region.getInt(at) == 1) {
        region.putLong(at + 8, size);
      } else {
        region.putInt(at, (int) size);
      }
    }

    private Verdict signedCorrectly(List<Box> top) throws IOException {
      if (description == null) {
        return notAuthentic(
            new Failure(
                Failure.Reason.MALFORMED,
                "the signature is valid but the export description ('suep') is missing or"
                    + " unreadable"));
      }
      String certStation = CertificateNames.stationId(cert);
      if (!certStation.equals(description.stationId())) {
        return notAuthentic(
            new Failure(
                Failure.Reason.STATION_MISMATCH,
                "the file says it was exported by station "
                    + description.stationId()
                    + " but is signed with the certificate of station "
                    + certStation));
      }
      if (bookmarksProblem != null) {
        // Signed as it is, so the signer wrote it so: not an export PeerWall made.
        return notAuthentic(bookmarksProblem);
      }
      String fingerprint = StationSigningKey.fingerprintOf(certDer);
      if (expectedFingerprint != null
          && !StationSigningKey.sameFingerprint(fingerprint, expectedFingerprint)) {
        return notAuthentic(
            new Failure(
                Failure.Reason.STATION_MISMATCH,
                "signed by certificate "
                    + fingerprint
                    + ", not by the expected "
                    + expectedFingerprint));
      }
      return new Verdict.Authentic(evidence(CameraSignatureScan.scan(reader, top)));
    }

    private void readClaims(List<Box> metaChildren) throws IOException, MalformedFileException {
      Box suep = BoxReader.find(metaChildren, "suep");
      if (suep != null && suep.size() <= MAX_META) {
        suepBox = reader.read(suep.offset(), (int) suep.size());
        description = descriptionOrNull();
      }
      for (Box b : metaChildren) {
        if (b.is("uuid") && b.size() >= 24 && b.size() <= MAX_META) {
          byte[] all = reader.read(b.offset() + 8, (int) b.size() - 8);
          byte[] extendedType = java.util.Arrays.copyOf(all, 16);
          if (Manifest.isManifest(extendedType)) {
            try {
              manifest = Manifest.parse(java.util.Arrays.copyOfRange(all, 16, all.length));
            } catch (MalformedFileException e) {
              manifest = null; // a damaged manifest only costs the explanation
            }
          } else if (BookmarkBox.isBookmarks(extendedType)) {
            try {
              bookmarks = BookmarkBox.parse(java.util.Arrays.copyOfRange(all, 16, all.length));
            } catch (MalformedFileException e) {
              bookmarks = List.of();
              bookmarksProblem = new Failure(Failure.Reason.MALFORMED, e.getMessage());
            }
          }
        }
      }
    }

    private ExportDescription descriptionOrNull() {
      try {
        byte[] cstbPayload =
            cstbBox == null ? null : java.util.Arrays.copyOfRange(cstbBox, 8, cstbBox.length);
        return OnvifBoxes.read(
            java.util.Arrays.copyOfRange(suepBox, 8, suepBox.length), cstbPayload);
      } catch (MalformedFileException | IllegalArgumentException e) {
        return null;
      }
    }

    private Failure readCertificate() {
      try {
        cert = CertificateNames.parse(certDer);
      } catch (GeneralSecurityException e) {
        return new Failure(
            Failure.Reason.CERTIFICATE_INVALID,
            "the certificate box holds no readable certificate");
      }
      if (!(cert.getPublicKey() instanceof RSAPublicKey rsa)) {
        return new Failure(
            Failure.Reason.CERTIFICATE_INVALID,
            "the certificate's key is " + cert.getPublicKey().getAlgorithm() + ", not RSA");
      }
      if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
        return new Failure(
            Failure.Reason.CERTIFICATE_INVALID,
            "the certificate's key has "
                + rsa.getModulus().bitLength()
                + " bits, fewer than the "
                + MIN_RSA_BITS
                + " the format requires");
      }
      if (cert.getIssuerX500Principal().equals(cert.getSubjectX500Principal())) {
        try {
          cert.verify(cert.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
          return new Failure(
              Failure.Reason.CERTIFICATE_INVALID,
              "the certificate's own signature is wrong: it was edited");
        }
      }
      return null;
    }

    private int keyBytes() {
      return (((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength() + 7) / 8;
    }

    private Evidence evidence(CameraSignatures cameras) {
      return new Evidence(
          description == null ? "" : description.stationName(),
          cert == null ? description.stationId() : CertificateNames.stationId(cert),
          certDer == null ? "" : StationSigningKey.fingerprintOf(certDer),
          cert == null ? "" : CertificateNames.subject(cert),
          description.exportTime(),
          description.operator(),
          description.tracks(),
          cameras,
          laterSignatures,
          bookmarks);
    }

    private Optional<Evidence> claimed(CameraSignatures cameras) {
      return description == null ? Optional.empty() : Optional.of(evidence(cameras));
    }

    private Verdict notAuthentic(Failure failure) {
      return new Verdict.NotAuthentic(List.of(failure), claimed(CameraSignatures.notChecked()));
    }

    private static Failure moved(String detail) {
      return new Failure(Failure.Reason.SIGNATURE_MOVED, detail);
    }
  }
}
