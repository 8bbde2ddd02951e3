package io.peerwall.recorder.evidence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;

/**
 * RSASSA-PSS as the ONVIF Export File Format fixes it: SHA-256, MGF1 with SHA-256, salt 20 bytes,
 * trailer field 0xBC. The message digest is computed by the caller (streamed over the file while it
 * is written or read), so the signer here takes the digest ("raw" PSS signer), which gives the same
 * signature as signing the message itself (checked against OpenSSL in the tests).
 */
final class Pss {
  static final int SALT_LENGTH = 20;

  private Pss() {}

  static byte[] sign(RSAKeyParameters privateKey, byte[] sha256)
      throws java.security.GeneralSecurityException {
    PSSSigner s = signer();
    s.init(
        true,
        new org.bouncycastle.crypto.params.ParametersWithRandom(
            privateKey, new java.security.SecureRandom()));
    s.update(sha256, 0, sha256.length);
    try {
      return s.generateSignature();
    } catch (CryptoException e) {
      throw new java.security.GeneralSecurityException("signing failed: " + e.getMessage(), e);
    }
  }

  /** False for a wrong signature, a wrong length or anything malformed. */
  static boolean verify(RSAKeyParameters publicKey, byte[] sha256, byte[] signature) {
    PSSSigner s = signer();
    try {
      s.init(false, publicKey);
      s.update(sha256, 0, sha256.length);
      return s.verifySignature(signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static PSSSigner signer() {
    return PSSSigner.createRawSigner(
        new RSABlindedEngine(),
        new SHA256Digest(),
        new SHA256Digest(),
        SALT_LENGTH,
        PSSSigner.TRAILER_IMPLICIT);
  }

  static byte[] sha256(byte[] data) {
    return sha256().digest(data);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}
