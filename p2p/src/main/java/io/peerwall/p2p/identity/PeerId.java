package io.peerwall.p2p.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Self-certifying peer IDs: the first 130 bits of SHA-256 over the peer's DER SubjectPublicKeyInfo,
 * written as 26 Crockford base32 characters plus one Damm check character (over GF(32)), in groups
 * of four for reading aloud: {@code K7QD-3M9W-…-XYZ}.
 *
 * <p>Why this shape: 130 bits cannot be enumerated or brute-forced to a chosen ID (a second key
 * with the same ID costs ~2^130 hashes); Crockford's alphabet has no I/L/O/U, and decoding maps the
 * look-alikes (i, l → 1, o → 0), so an ID read over the phone survives; the check character catches
 * every single-character error and every adjacent transposition before the station goes looking for
 * a camera that does not exist.
 */
public final class PeerId {
  /** Bits of the key hash kept in an ID. */
  public static final int HASH_BITS = 130;

  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final int DATA_CHARS = HASH_BITS / 5;
  private static final int CHARS = DATA_CHARS + 1;

  private PeerId() {}

  /** The ID of a public key (DER SubjectPublicKeyInfo). */
  public static String of(byte[] subjectPublicKeyInfo) {
    byte[] h = sha256(subjectPublicKeyInfo);
    int[] digits = new int[CHARS];
    for (int i = 0; i < DATA_CHARS; i++) {
      digits[i] = bits(h, i * 5);
    }
    digits[DATA_CHARS] = checkDigit(digits, DATA_CHARS);
    return group(digits);
  }

  /**
   * Normalises what a person typed (case, spaces, dashes, Crockford look-alikes) to the canonical
   * grouped form.
   *
   * @throws IllegalArgumentException if it is not a well-formed ID or its check character is wrong
   */
  public static String parse(String typed) {
    if (typed == null || typed.length() > 64) {
      throw new IllegalArgumentException("not a camera ID");
    }
    int[] digits = new int[CHARS];
    int n = 0;
    for (int i = 0; i < typed.length(); i++) {
      char c = Character.toUpperCase(typed.charAt(i));
      if (c == '-' || c == ' ') {
        continue;
      }
      if (c == 'O') {
        c = '0';
      } else if (c == 'I' || c == 'L') {
        c = '1';
      }
      int v = ALPHABET.indexOf(c);
      if (v < 0 || n == CHARS) {
        throw new IllegalArgumentException(
            "not a camera ID: expected " + CHARS + " characters of 0-9 and A-Z (no I, L, O, U)");
      }
      digits[n++] = v;
    }
    if (n != CHARS) {
      throw new IllegalArgumentException(
          "not a camera ID: expected " + CHARS + " characters, got " + n);
    }
    if (checkDigit(digits, DATA_CHARS) != digits[DATA_CHARS]) {
      throw new IllegalArgumentException(
          "camera ID has a typo: its check character does not match");
    }
    // The last data character carries only 130 - 125 = 5 bits: every value is valid.
    return group(digits);
  }

  /** Whether {@code s} is a canonical ID (as {@link #of} writes it). */
  public static boolean isCanonical(String s) {
    try {
      return s != null && parse(s).equals(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether this public key has this ID (constant work, no early exit on the ID). */
  public static boolean matches(String id, byte[] subjectPublicKeyInfo) {
    return MessageDigest.isEqual(
        of(subjectPublicKeyInfo).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        id.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** A short form for logs and tiles: the first two groups. */
  public static String shortForm(String id) {
    return id.length() > 9 ? id.substring(0, 9) + "…" : id;
  }

  private static int bits(byte[] h, int bitOffset) {
    int v = 0;
    for (int b = 0; b < 5; b++) {
      int bit = bitOffset + b;
      v = (v << 1) | ((h[bit >>> 3] >>> (7 - (bit & 7))) & 1);
    }
    return v;
  }

  /**
   * Damm check digit over the quasigroup x∘y = 2·x + y in GF(32) (polynomial x⁵ + x² + 1). The
   * quasigroup is totally anti-symmetric, so the check catches every single-character substitution
   * and every swap of two neighbouring characters, the check character included. (Luhn mod 32, used
   * before, misses some swaps, as decimal Luhn misses 09 ↔ 90.)
   */
  private static int checkDigit(int[] digits, int count) {
    int interim = 0;
    for (int i = 0; i < count; i++) {
      interim = timesTwo(interim) ^ digits[i];
    }
    // The ID is valid when folding in the check character too gives 0: 2·interim ⊕ c = 0.
    return timesTwo(interim);
  }

  /** Multiplication by 2 (the polynomial x) in GF(32) modulo x⁵ + x² + 1. */
  private static int timesTwo(int v) {
    int shifted = v << 1;
    return (shifted & 0x20) != 0 ? (shifted ^ 0x25) & 0x1F : shifted;
  }

  private static String group(int[] digits) {
    StringBuilder b = new StringBuilder(CHARS + CHARS / 4);
    for (int i = 0; i < digits.length; i++) {
      if (i > 0 && i % 4 == 0) {
        b.append('-');
      }
      b.append(ALPHABET.charAt(digits[i]));
    }
    return b.toString().toUpperCase(Locale.ROOT);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
