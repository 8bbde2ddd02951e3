package io.peerwall.p2p.sitekey;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A site's reuse-tag key: a random 256-bit HMAC key and a random salt with the Argon2id settings
 * every camera of the site stretches passwords with, so that equal passwords give equal tags on
 * every camera and nothing a station holds can reproduce a tag (docs/protocol.md, "Reuse tags").
 * Made by the first camera of a site ({@link #generate}); the other cameras receive it sealed to
 * their identity key ({@link SiteKeyEnvelope}). Never logged: {@link #toString()} shows the id.
 *
 * <p>The key bytes stay in this package (sealing, storing); users get tags and the {@linkplain
 * #id() id}.
 */
public final class SiteKey {
  public static final int KEY_BYTES = 32;
  public static final int SALT_BYTES = 16;

  /** Bits of HMAC output a tag keeps: few enough that a tag alone confirms no password. */
  public static final int TAG_BITS = 24;

  /** Bytes of {@link #encode()}. */
  static final int ENCODED_BYTES = KEY_BYTES + SALT_BYTES + 4 + 1 + 1 + 8;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] TAG_LABEL =
      "peerwall-reuse-tag-v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ID_LABEL =
      "peerwall-site-key-id-v1".getBytes(StandardCharsets.US_ASCII);

  private final byte[] key;
  private final byte[] salt;
  private final int argonMemoryKiB;
  private final int argonIterations;
  private final int argonParallelism;
  private final long createdAtMillis;
  private final String id;

  SiteKey(
      byte[] key,
      byte[] salt,
      int argonMemoryKiB,
      int argonIterations,
      int argonParallelism,
      long createdAtMillis) {
    if (key.length != KEY_BYTES || salt.length != SALT_BYTES) {
      throw new IllegalArgumentException("site key or salt of the wrong size");
    }
    if (argonMemoryKiB <= 0
        || argonIterations <= 0
        || argonParallelism <= 0
        || argonIterations > 255
        || argonParallelism > 255) {
      throw new IllegalArgumentException("site key Argon2 settings out of range");
    }
    this.key = key.clone();
    this.salt = salt.clone();
    this.argonMemoryKiB = argonMemoryKiB;
    this.argonIterations = argonIterations;
    this.argonParallelism = argonParallelism;
    this.createdAtMillis = createdAtMillis;
    this.id = computeId();
  }

  /**
   * A new random site key; the caller's Argon2id settings become the site's (every camera stretches
   * with them).
   */
  public static SiteKey generate(
      int argonMemoryKiB, int argonIterations, int argonParallelism, long nowMillis) {
    byte[] k = new byte[KEY_BYTES];
    byte[] s = new byte[SALT_BYTES];
    RANDOM.nextBytes(k);
    RANDOM.nextBytes(s);
    try {
      return new SiteKey(k, s, argonMemoryKiB, argonIterations, argonParallelism, nowMillis);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /**
   * 16 hex characters naming this key (HMAC of a label under the key, so it tells nothing about the
   * key): cameras showing the same id share the key, and their tags compare.
   */
  public String id() {
    return id;
  }

  /** The site salt for Argon2id (a copy; not secret on its own, but kept with the key). */
  public byte[] salt() {
    return salt.clone();
  }

  public int argonMemoryKiB() {
    return argonMemoryKiB;
  }

  public int argonIterations() {
    return argonIterations;
  }

  public int argonParallelism() {
    return argonParallelism;
  }

  public long createdAtMillis() {
    return createdAtMillis;
  }

  /**
   * The reuse tag of a password already stretched with this key's salt and Argon2id settings:
   * HMAC-SHA256(key, "peerwall-reuse-tag-v1" ‖ stretched) cut to {@link #TAG_BITS} bits, as 6 hex
   * characters.
   */
  public String reuseTag(byte[] stretched) {
    byte[] mac = hmac(TAG_LABEL, stretched);
    try {
      return HexFormat.of().formatHex(mac, 0, TAG_BITS / 8);
    } finally {
      Arrays.fill(mac, (byte) 0);
    }
  }

  private String computeId() {
    ByteBuffer params = ByteBuffer.allocate(SALT_BYTES + 6);
    params
        .put(salt)
        .putInt(argonMemoryKiB)
        .put((byte) argonIterations)
        .put((byte) argonParallelism);
    byte[] mac = hmac(ID_LABEL, params.array());
    return HexFormat.of().formatHex(mac, 0, 8);
  }

  private byte[] hmac(byte[] label, byte[] data) {
    HMac m = new HMac(new SHA256Digest());
    m.init(new KeyParameter(key));
    m.update(label, 0, label.length);
    m.update(data, 0, data.length);
    byte[] out = new byte[m.getMacSize()];
    m.doFinal(out, 0);
    return out;
  }

  /** key ‖ salt ‖ memoryKiB (4) ‖ iterations (1) ‖ parallelism (1) ‖ createdAt (8). Secret. */
  byte[] encode() {
    return ByteBuffer.allocate(ENCODED_BYTES)
        .put(key)
        .put(salt)
        .putInt(argonMemoryKiB)
        .put((byte) argonIterations)
        .put((byte) argonParallelism)
        .putLong(createdAtMillis)
        .array();
  }

  static SiteKey decode(byte[] b) {
    if (b.length != ENCODED_BYTES) {
      throw new IllegalArgumentException("site key of the wrong size");
    }
    ByteBuffer in = ByteBuffer.wrap(b);
    byte[] k = new byte[KEY_BYTES];
    byte[] s = new byte[SALT_BYTES];
    in.get(k).get(s);
    try {
      return new SiteKey(k, s, in.getInt(), in.get() & 0xFF, in.get() & 0xFF, in.getLong());
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** The same key, salt and settings. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SiteKey k
        && MessageDigest.isEqual(key, k.key)
        && Arrays.equals(salt, k.salt)
        && argonMemoryKiB == k.argonMemoryKiB
        && argonIterations == k.argonIterations
        && argonParallelism == k.argonParallelism
        && createdAtMillis == k.createdAtMillis;
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "SiteKey[" + id + "]";
  }
}
