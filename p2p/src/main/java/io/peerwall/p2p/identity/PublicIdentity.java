package io.peerwall.p2p.identity;

import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * A peer's long-term public key (ECDSA P-256, as DER SubjectPublicKeyInfo) and the ID derived from
 * it. Constructing one from wire bytes validates the key (a point on the curve); the ID is always
 * computed, never taken from the peer.
 */
public final class PublicIdentity {
  /** Upper bound of a P-256 SubjectPublicKeyInfo (91 bytes uncompressed); bounds parsing. */
  public static final int MAX_ENCODED = 160;

  private final byte[] spki;
  private final String id;
  private final ECPublicKeyParameters key;

  private PublicIdentity(byte[] spki) {
    if (spki == null || spki.length == 0 || spki.length > MAX_ENCODED) {
      throw new IllegalArgumentException("public key has a wrong size");
    }
    AsymmetricKeyParameter k;
    try {
      k = PublicKeyFactory.createKey(spki);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a valid public key");
    }
    if (!(k instanceof ECPublicKeyParameters ec)
        || !ec.getParameters().getCurve().equals(Identity.DOMAIN.getCurve())
        || !ec.getParameters().getG().equals(Identity.DOMAIN.getG())) {
      throw new IllegalArgumentException("public key is not an ECDSA P-256 key");
    }
    this.key = ec;
    this.spki = spki.clone();
    this.id = PeerId.of(this.spki);
  }

  /** Parses and validates a DER SubjectPublicKeyInfo. */
  public static PublicIdentity fromEncoded(byte[] spki) {
    return new PublicIdentity(spki);
  }

  /** Parses the base64 form used in JSON. */
  public static PublicIdentity fromBase64(String b64) {
    if (b64 == null || b64.length() > MAX_ENCODED * 2) {
      throw new IllegalArgumentException("public key has a wrong size");
    }
    try {
      return new PublicIdentity(Base64.getDecoder().decode(b64));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("public key is not valid base64 DER");
    }
  }

  public String id() {
    return id;
  }

  public byte[] encoded() {
    return spki.clone();
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(spki);
  }

  ECPublicKeyParameters key() {
    return key;
  }

  /** Verifies a DER ECDSA-SHA256 signature over {@code data}; false for anything malformed. */
  public boolean verify(byte[] data, byte[] signature) {
    if (signature == null || signature.length > 80) {
      return false;
    }
    try {
      DSADigestSigner v = new DSADigestSigner(new ECDSASigner(), new SHA256Digest());
      v.init(false, key);
      v.update(data, 0, data.length);
      return v.verifySignature(signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether two identities are the same key. */
  public boolean sameKey(byte[] otherSpki) {
    return java.security.MessageDigest.isEqual(spki, otherSpki);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicIdentity p && Arrays.equals(spki, p.spki);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(spki);
  }

  @Override
  public String toString() {
    return "PublicIdentity[" + id + "]";
  }
}
