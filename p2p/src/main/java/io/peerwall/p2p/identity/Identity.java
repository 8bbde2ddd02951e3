package io.peerwall.p2p.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.util.BigIntegers;

/**
 * A camera's or station's long-term key pair (ECDSA P-256, the key type WebRTC certificates use)
 * and its self-certifying {@link PeerId}. Made once on first start and kept in one file.
 *
 * <p>At rest: {@code identity.key} holds the PKCS#8 private key, base64, in a directory readable by
 * the owner only (0700) and a file 0600, written atomically. {@link #toString()} shows only the ID;
 * the private key is never logged and never leaves this class except as a signature or inside the
 * DTLS signer.
 */
public final class Identity {
  static final ECDomainParameters DOMAIN;

  static {
    // Named (OID) parameters: the SubjectPublicKeyInfo then names the curve (91 bytes) instead of
    // spelling out its parameters, as WebRTC and every X.509 stack expect.
    X9ECParameters p = CustomNamedCurves.getByName("secp256r1");
    DOMAIN = new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, p);
  }

  /** File name of the private key inside the identity directory. */
  public static final String KEY_FILE = "identity.key";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ECPrivateKeyParameters privateKey;
  private final ECPublicKeyParameters publicKey;
  private final PublicIdentity publicIdentity;

  private Identity(ECPrivateKeyParameters privateKey, ECPublicKeyParameters publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    try {
      this.publicIdentity =
          PublicIdentity.fromEncoded(
              SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode public key", e);
    }
  }

  /** A new random identity held only in memory (tests, the in-process demo station). */
  public static Identity generate() {
    ECKeyPairGenerator g = new ECKeyPairGenerator();
    g.init(new ECKeyGenerationParameters(DOMAIN, RANDOM));
    AsymmetricCipherKeyPair kp = g.generateKeyPair();
    return new Identity(
        (ECPrivateKeyParameters) kp.getPrivate(), (ECPublicKeyParameters) kp.getPublic());
  }

  /**
   * Loads the identity kept in {@code dir}, or makes one and stores it there (owner-only).
   *
   * @throws IOException if the directory or key file cannot be read or written, or the stored key
   *     is damaged (never silently replaced: a new key is a new ID, and every pairing would break)
   */
  public static Identity loadOrCreate(Path dir) throws IOException {
    Path file = dir.resolve(KEY_FILE);
    if (Files.exists(file)) {
      return load(file);
    }
    Files.createDirectories(dir);
    restrict(dir, true);
    Identity id = generate();
    byte[] pkcs8 = PrivateKeyInfoFactory.createPrivateKeyInfo(id.privateKey).getEncoded();
    writeOwnerOnly(file, Base64.getMimeEncoder().encode(pkcs8));
    return id;
  }

  private static Identity load(Path file) throws IOException {
    byte[] pkcs8;
    try {
      pkcs8 = Base64.getMimeDecoder().decode(Files.readAllBytes(file));
    } catch (IllegalArgumentException e) {
      throw new IOException("identity key " + file + " is damaged (not base64)");
    }
    AsymmetricKeyParameter k;
    try {
      k = PrivateKeyFactory.createKey(pkcs8);
    } catch (IOException | RuntimeException e) {
      throw new IOException("identity key " + file + " is damaged");
    }
    if (!(k instanceof ECPrivateKeyParameters ec)) {
      throw new IOException("identity key " + file + " is not an EC key");
    }
    ECPrivateKeyParameters priv = new ECPrivateKeyParameters(ec.getD(), DOMAIN);
    ECPublicKeyParameters pub =
        new ECPublicKeyParameters(DOMAIN.getG().multiply(ec.getD()).normalize(), DOMAIN);
    return new Identity(priv, pub);
  }

  /** Writes bytes to a file readable by the owner only, atomically (temp file, then move). */
  public static void writeOwnerOnly(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp);
    restrict(tmp, false);
    Files.write(tmp, content, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** 0700 for directories, 0600 for files, where the file system has POSIX permissions. */
  public static void restrict(Path p, boolean directory) throws IOException {
    try {
      Set<PosixFilePermission> perms =
          PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------");
      Files.setPosixFilePermissions(p, perms);
    } catch (UnsupportedOperationException e) {
      // Not POSIX (Windows): the per-user profile directory's ACL is what protects the file.
      p.toFile().setReadable(false, false);
      p.toFile().setReadable(true, true);
    }
  }

  public String id() {
    return publicIdentity.id();
  }

  public PublicIdentity publicIdentity() {
    return publicIdentity;
  }

  /** DER ECDSA-SHA256 signature (deterministic k, RFC 6979). */
  public byte[] sign(byte[] data) {
    DSADigestSigner s =
        new DSADigestSigner(
            new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest())), new SHA256Digest());
    s.init(true, privateKey);
    s.update(data, 0, data.length);
    return s.generateSignature();
  }

  /**
   * A secret derived from the private key (HKDF-SHA256, RFC 5869) for one local purpose, such as
   * the key that seals the camera's saved RTSP credentials. The private key never leaves this
   * class; distinct purposes give independent keys. Whoever can read {@link #KEY_FILE} can derive
   * it too: it protects copies of other files, not the data directory as a whole.
   *
   * @param purpose a fixed label naming the use and its version, e.g. "camera-source-v1"
   */
  public byte[] deriveSecret(String purpose, int length) {
    byte[] ikm = BigIntegers.asUnsignedByteArray(32, privateKey.getD());
    try {
      HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
      hkdf.init(
          new HKDFParameters(
              ikm,
              "peerwall-identity-kdf".getBytes(StandardCharsets.US_ASCII),
              (purpose + "\n" + id()).getBytes(StandardCharsets.UTF_8)));
      byte[] out = new byte[length];
      hkdf.generateBytes(out, 0, length);
      return out;
    } finally {
      java.util.Arrays.fill(ikm, (byte) 0);
    }
  }

  /**
   * Opens an HPKE message (RFC 9180, base mode) sealed to this identity's public key by someone who
   * knew only that public key: how a camera receives its site's key from another camera through a
   * station that cannot read it (docs/protocol.md, "Reuse tags"). The suite must use DHKEM(P-256);
   * the private key does not leave this class.
   *
   * @throws InvalidCipherTextException if the message was not sealed to this key or was altered
   */
  public byte[] openSealed(HPKE suite, byte[] enc, byte[] ciphertext, byte[] info, byte[] aad)
      throws InvalidCipherTextException {
    byte[] sk = BigIntegers.asUnsignedByteArray(32, privateKey.getD());
    try {
      // The suite's own copy of the key pair: its DHKEM checks that both keys share its curve
      // object, which the identity's named-curve parameters are not.
      AsymmetricCipherKeyPair pair =
          suite.deserializePrivateKey(sk, publicKey.getQ().getEncoded(false));
      return suite.open(enc, pair, info, aad, ciphertext, null, null, null);
    } finally {
      java.util.Arrays.fill(sk, (byte) 0);
    }
  }

  /** For the DTLS signer only (same package family, never exported further). */
  public ECPrivateKeyParameters privateKeyForTls() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "Identity[" + id() + "]";
  }
}
