package io.peerwall.recorder.evidence;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * The station's export signing key: RSA-3072 with a self-signed X.509 certificate that names the
 * station (CN = its name, O = PeerWall station, serial-number attribute and a SAN URI {@code
 * peerwall:station:ID}). Made once and kept in a directory of the station's data:
 *
 * <ul>
 *   <li>{@value #CERT_FILE}: the certificate (PEM, public);
 *   <li>{@value #KEY_FILE}: the PKCS#8 private key sealed with AES-256-GCM under a key the caller
 *       derives from the station identity (decision 0055), owner-only.
 * </ul>
 *
 * <p>The {@link #fingerprint()} (SHA-256 of the certificate) is what a person compares with the one
 * the station shows. The private key never leaves this object except as a signature, and {@link
 * #toString()} shows only the station and the fingerprint.
 */
public final class StationSigningKey {
  public static final String CERT_FILE = "export-signing.crt";
  public static final String KEY_FILE = "export-signing.key";

  /** Label for the identity-derived sealing key (Identity.deriveSecret(purpose, 32)). */
  public static final String SEALING_PURPOSE = "export-signing-key-v1";

  static final int KEY_BITS = 3072;
  private static final String SEALED_HEADER = "peerwall-sealed-export-signing-key-v1\n";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrivateKey privateKey;
  private final X509Certificate certificate;
  private final byte[] certificateDer;
  private final String stationName;
  private final String stationId;

  private StationSigningKey(PrivateKey privateKey, X509Certificate certificate, String name)
      throws GeneralSecurityException {
    this.privateKey = privateKey;
    this.certificate = certificate;
    this.certificateDer = certificate.getEncoded();
    this.stationName = name;
    this.stationId = CertificateNames.stationId(certificate);
  }

  /**
   * Loads the key kept in {@code dir}, or makes one (and its certificate) and stores it there.
   *
   * @param sealingKey 32 bytes the station derives from its identity key ({@link
   *     #SEALING_PURPOSE}); the same bytes every start
   * @throws IOException if the files cannot be read or written, are damaged, cannot be unsealed
   *     with this key (another station's files, or the identity changed), or belong to another
   *     station ID; never silently replaced, since exports already signed name this certificate
   */
  public static StationSigningKey loadOrCreate(
      Path dir, String stationName, String stationId, byte[] sealingKey) throws IOException {
    Objects.requireNonNull(stationName, "stationName");
    Objects.requireNonNull(stationId, "stationId");
    if (sealingKey == null || sealingKey.length != 32) {
      throw new IllegalArgumentException("the sealing key must be 32 bytes");
    }
    Path certFile = dir.resolve(CERT_FILE);
    Path keyFile = dir.resolve(KEY_FILE);
    if (Files.exists(keyFile) || Files.exists(certFile)) {
      return load(certFile, keyFile, stationId, sealingKey);
    }
    Files.createDirectories(dir);
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(KEY_BITS, RANDOM);
      KeyPair pair = g.generateKeyPair();
      X509Certificate cert = selfSign(pair, stationName, stationId);
      writeAtomically(
          keyFile,
          seal(pair.getPrivate().getEncoded(), sealingKey, stationId)
              .getBytes(StandardCharsets.US_ASCII),
          true);
      writeAtomically(certFile, pem(cert.getEncoded()).getBytes(StandardCharsets.US_ASCII), false);
      return new StationSigningKey(pair.getPrivate(), cert, stationName);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make the export signing key: " + e.getMessage(), e);
    }
  }

  private static StationSigningKey load(
      Path certFile, Path keyFile, String stationId, byte[] sealingKey) throws IOException {
    if (!Files.exists(keyFile) || !Files.exists(certFile)) {
      throw new IOException(
          "the export signing key in "
              + keyFile.getParent()
              + " is incomplete ("
              + (Files.exists(keyFile) ? CERT_FILE : KEY_FILE)
              + " is missing); restore it from a backup, or move both files away to make a new"
              + " key (exports signed so far keep their certificate)");
    }
    X509Certificate cert;
    try {
      cert = CertificateNames.parse(fromPem(Files.readString(certFile, StandardCharsets.US_ASCII)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IOException("the export signing certificate " + certFile + " is damaged");
    }
    String certStation = CertificateNames.stationId(cert);
    if (!stationId.equals(certStation)) {
      throw new IOException(
          "the export signing key in "
              + keyFile.getParent()
              + " belongs to station "
              + certStation
              + ", not to this station ("
              + stationId
              + ")");
    }
    byte[] pkcs8 =
        unseal(
            Files.readString(keyFile, StandardCharsets.US_ASCII), sealingKey, stationId, keyFile);
    try {
      PrivateKey key =
          KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      StationSigningKey loaded =
          new StationSigningKey(key, cert, CertificateNames.stationName(cert));
      loaded.checkPair();
      return loaded;
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "the export signing key " + keyFile + " does not match its certificate " + CERT_FILE);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  private void checkPair() throws GeneralSecurityException {
    byte[] probe = "peerwall key check".getBytes(StandardCharsets.US_ASCII);
    byte[] sig = Pss.sign(privateParameters(), Pss.sha256(probe));
    if (!Pss.verify(CertificateNames.publicParameters(certificate), Pss.sha256(probe), sig)) {
      throw new GeneralSecurityException("key and certificate differ");
    }
  }

  /** The certificate as stored in a signed export ('cert' box): DER. */
  public byte[] certificateDer() {
    return certificateDer.clone();
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** SHA-256 of the certificate, for people to compare: {@link #formatFingerprint}. */
  public String fingerprint() {
    return fingerprintOf(certificateDer);
  }

  public String stationName() {
    return stationName;
  }

  public String stationId() {
    return stationId;
  }

  /** Signature length in bytes (the 'sibo' box's payload). */
  int signatureLength() {
    return (((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength() + 7) / 8;
  }

  /** RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 20) over a SHA-256 digest computed by the caller. */
  byte[] signDigest(byte[] sha256) throws GeneralSecurityException {
    return Pss.sign(privateParameters(), sha256);
  }

  private RSAKeyParameters privateParameters() throws GeneralSecurityException {
    try {
      return (RSAKeyParameters) PrivateKeyFactory.createKey(privateKey.getEncoded());
    } catch (IOException | ClassCastException e) {
      throw new GeneralSecurityException("the signing key is not an RSA key");
    }
  }

  /** SHA-256 of a DER certificate, formatted for people. */
  public static String fingerprintOf(byte[] certificateDer) {
    return formatFingerprint(Pss.sha256(certificateDer));
  }

  /**
   * 64 upper-case hex digits in groups of four ({@code 3F2A 9C1B …}): the same digits as {@code
   * openssl x509 -noout -fingerprint -sha256} prints with colons.
   */
  public static String formatFingerprint(byte[] sha256) {
    String hex = HexFormat.of().withUpperCase().formatHex(sha256);
    StringBuilder b = new StringBuilder(hex.length() + hex.length() / 4);
    for (int i = 0; i < hex.length(); i += 4) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(hex, i, i + 4);
    }
    return b.toString();
  }

  private static X509Certificate selfSign(KeyPair pair, String name, String stationId)
      throws GeneralSecurityException, IOException {
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.CN, name.isBlank() ? "PeerWall station" : name)
            .addRDN(BCStyle.O, "PeerWall station")
            .addRDN(BCStyle.SERIALNUMBER, stationId)
            .build();
    ExtensionsGenerator ext = new ExtensionsGenerator();
    ext.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName(
                GeneralName.uniformResourceIdentifier, OnvifBoxes.STATION_URL + stationId)));
    ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    AlgorithmIdentifier sha256WithRsa =
        new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
    V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
    g.setSerialNumber(new ASN1Integer(new BigInteger(127, RANDOM).add(BigInteger.ONE)));
    g.setSignature(sha256WithRsa);
    g.setIssuer(subject);
    g.setSubject(subject);
    Instant now = Instant.now();
    g.setStartDate(new Time(Date.from(now.minusSeconds(3600))));
    // RFC 5280 4.1.2.5: 99991231235959Z means "no well-defined expiration": exports stay
    // verifiable for as long as they are kept.
    g.setEndDate(new Time(new org.bouncycastle.asn1.DERGeneralizedTime("99991231235959Z")));
    g.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
    g.setExtensions(ext.generate());
    TBSCertificate tbs = g.generateTBSCertificate();
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(pair.getPrivate());
    s.update(tbs.getEncoded(ASN1Encoding.DER));
    byte[] der =
        new DERSequence(
                new org.bouncycastle.asn1.ASN1Encodable[] {
                  tbs, sha256WithRsa, new DERBitString(s.sign())
                })
            .getEncoded(ASN1Encoding.DER);
    return CertificateNames.parse(der);
  }

  private static String seal(byte[] plain, byte[] key, String stationId)
      throws GeneralSecurityException {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(aad(stationId));
    byte[] sealed = c.doFinal(plain);
    Arrays.fill(plain, (byte) 0);
    byte[] out = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, out, 0, nonce.length);
    System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
    return SEALED_HEADER + Base64.getMimeEncoder().encodeToString(out) + "\n";
  }

  private static byte[] unseal(String text, byte[] key, String stationId, Path file)
      throws IOException {
    if (!text.startsWith(SEALED_HEADER)) {
      throw new IOException("the export signing key " + file + " is damaged (unknown format)");
    }
    byte[] all;
    try {
      all = Base64.getMimeDecoder().decode(text.substring(SEALED_HEADER.length()).trim());
    } catch (IllegalArgumentException e) {
      throw new IOException("the export signing key " + file + " is damaged (not base64)");
    }
    if (all.length < 12 + 16) {
      throw new IOException("the export signing key " + file + " is damaged (too short)");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(128, all, 0, 12));
      c.updateAAD(aad(stationId));
      return c.doFinal(all, 12, all.length - 12);
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "the export signing key "
              + file
              + " cannot be unsealed with this station's identity (damaged, or made by another"
              + " identity)");
    }
  }

  private static byte[] aad(String stationId) {
    return (SEALING_PURPOSE + "\n" + stationId).getBytes(StandardCharsets.UTF_8);
  }

  static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }

  private static byte[] fromPem(String pem) {
    String body =
        pem.replace("-----BEGIN CERTIFICATE-----", "")
            .replace("-----END CERTIFICATE-----", "")
            .trim();
    return Base64.getMimeDecoder().decode(body);
  }

  private static void writeAtomically(Path file, byte[] content, boolean secret)
      throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp);
    if (secret) {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        tmp.toFile().setReadable(false, false);
        tmp.toFile().setReadable(true, true);
      }
    }
    Files.write(tmp, content, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public String toString() {
    return "StationSigningKey[" + stationId + ", " + fingerprint() + "]";
  }

  /** Whether two SHA-256 fingerprints (as formatted or raw hex) name the same certificate. */
  public static boolean sameFingerprint(String a, String b) {
    String x = a.replaceAll("[\\s:]", "").toUpperCase(Locale.ROOT);
    String y = b.replaceAll("[\\s:]", "").toUpperCase(Locale.ROOT);
    return MessageDigest.isEqual(
        x.getBytes(StandardCharsets.US_ASCII), y.getBytes(StandardCharsets.US_ASCII));
  }

  static CertificateFactory x509() throws GeneralSecurityException {
    return CertificateFactory.getInstance("X.509");
  }
}
