package io.peerwall.p2p.pairing;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * What a camera keeps of its password: salt, Argon2id settings and the SRP-6a verifier v = g^x,
 * with x derived from Argon2id(password, salt). Never the password, never x. Plus the facts the
 * audit shows: when it was set and the strength verdict at that time.
 *
 * @param salt 16 random bytes (Argon2 salt and SRP salt)
 * @param argon stretching settings
 * @param verifier the SRP verifier
 * @param setAtMillis when the password was set (epoch ms)
 * @param strength the policy verdict word when it was set
 * @param score the zxcvbn score when it was set
 */
public record PasswordVerifier(
    byte[] salt,
    Argon2Params argon,
    BigInteger verifier,
    long setAtMillis,
    String strength,
    int score) {
  public static final int SALT_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Stretches the password and computes the verifier (takes the Argon2 time). */
  public static PasswordVerifier create(
      String cameraId,
      char[] password,
      Argon2Params argon,
      PasswordPolicy.Verdict verdict,
      long nowMillis) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] stretched = argon.stretch(password, salt);
    try {
      BigInteger v = Srp.verifier(salt, cameraId, stretched);
      return new PasswordVerifier(salt, argon, v, nowMillis, verdict.verdict(), verdict.score());
    } finally {
      java.util.Arrays.fill(stretched, (byte) 0);
    }
  }

  /**
   * Whether {@code password} is the one this verifier was made from (costs one Argon2 run). The
   * verifiers are compared in constant time, as fixed-length encodings: how long the comparison
   * takes says nothing about how much of a guess was right.
   */
  public boolean matches(String cameraId, char[] password) {
    byte[] stretched = argon.stretch(password, salt);
    try {
      return MessageDigest.isEqual(
          Srp.encode(Srp.verifier(salt, cameraId, stretched)), Srp.encode(verifier));
    } finally {
      java.util.Arrays.fill(stretched, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "PasswordVerifier[setAt=" + setAtMillis + ", strength=" + strength + "]";
  }
}
