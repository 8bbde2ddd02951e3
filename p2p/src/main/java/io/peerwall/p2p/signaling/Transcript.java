package io.peerwall.p2p.signaling;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pairing transcript and the key-confirmation values derived from it. Everything that decides
 * who pairs with whom goes in, length-prefixed: both long-term public keys, the camera ID, the
 * station's name, both nonces, salt, Argon2 settings, A and B. The proofs are HMACs keyed by the
 * SRP session key over this hash, so a proof made for one transcript is worthless for any other: a
 * relay that swaps a key or replays a message makes the proofs fail.
 */
final class Transcript {
  static final String LABEL = "peerwall-pair-v1";

  private final MessageDigest digest;

  Transcript() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    add(LABEL);
  }

  Transcript add(byte[] field) {
    int n = field.length;
    digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    digest.update(field);
    return this;
  }

  Transcript add(String field) {
    return add(field.getBytes(StandardCharsets.UTF_8));
  }

  Transcript add(long v) {
    return add(Long.toString(v));
  }

  byte[] hash() {
    return digest.digest();
  }

  /** K = SHA-256(S), S as a fixed-length group element. */
  static byte[] sessionKey(byte[] premaster) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(premaster);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] mac(byte[] key, String label, byte[]... parts) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      m.update(label.getBytes(StandardCharsets.US_ASCII));
      for (byte[] p : parts) {
        m.update(p);
      }
      return m.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What each side signs with its long-term key: label, transcript hash and its proof. */
  static byte[] signedPart(String label, byte[] transcript, byte[] proof) {
    byte[] l = label.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[l.length + transcript.length + proof.length];
    System.arraycopy(l, 0, out, 0, l.length);
    System.arraycopy(transcript, 0, out, l.length, transcript.length);
    System.arraycopy(proof, 0, out, l.length + transcript.length, proof.length);
    return out;
  }
}
