package io.peerwall.p2p.turn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret a TURN server shares with the rendezvous in coturn's {@code use-auth-secret} mode
 * ({@code static-auth-secret=} in turnserver.conf): whoever holds it can mint TURN credentials for
 * anyone, so only the rendezvous holds it. It comes from a file readable by its owner only (never
 * from the command line, where {@code ps} shows it to every user, and never from the environment);
 * the value is never logged and {@link #toString()} does not show it.
 *
 * <p>The bytes are the file's text without its trailing line break, as coturn uses the value of
 * {@code static-auth-secret} (the HMAC key is the secret's UTF-8 bytes, not a decoding of them).
 */
public final class TurnSecret implements AutoCloseable {
  /** Shorter secrets are refused: an HMAC key must not be guessable. */
  public static final int MIN_BYTES = 16;

  /** A secret file larger than this is not a secret file. */
  public static final int MAX_BYTES = 1024;

  private final byte[] key;

  private TurnSecret(byte[] key) {
    this.key = key;
  }

  /**
   * Reads the secret file.
   *
   * @throws IOException with a message naming the file and what is wrong: missing, not a regular
   *     file, readable or writable by group or others, too large, too short, or with characters
   *     coturn's configuration file cannot hold
   */
  public static TurnSecret load(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("TURN secret file " + file + " does not exist or is not a plain file");
    }
    requireOwnerOnly(file);
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException(
          "TURN secret file "
              + file
              + " is larger than "
              + MAX_BYTES
              + " bytes; is it the right file?");
    }
    byte[] raw = Files.readAllBytes(file);
    try {
      int n = raw.length;
      while (n > 0 && (raw[n - 1] == '\n' || raw[n - 1] == '\r')) {
        n--;
      }
      for (int i = 0; i < n; i++) {
        if (raw[i] <= 0x20 || raw[i] == 0x7F) {
          throw new IOException(
              "TURN secret file "
                  + file
                  + " holds spaces or control characters; use the exact value of coturn's"
                  + " static-auth-secret on one line");
        }
      }
      if (n < MIN_BYTES) {
        throw new IOException(
            "TURN secret in " + file + " is shorter than " + MIN_BYTES + " characters");
      }
      return new TurnSecret(Arrays.copyOf(raw, n));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** A secret from memory (tests, and operators embedding the rendezvous). Copies the bytes. */
  public static TurnSecret of(byte[] secret) {
    if (secret.length < MIN_BYTES || secret.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "a TURN secret has " + MIN_BYTES + ".." + MAX_BYTES + " bytes");
    }
    return new TurnSecret(secret.clone());
  }

  private static void requireOwnerOnly(Path file) throws IOException {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return; // not POSIX (Windows): the profile directory's ACL protects it
    }
    for (PosixFilePermission p : perms) {
      switch (p) {
        case OWNER_READ, OWNER_WRITE -> {}
        default ->
            throw new IOException(
                "TURN secret file "
                    + file
                    + " may be read or run by others ("
                    + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                    + "); make it owner-only: chmod 600 "
                    + file);
      }
    }
  }

  /** HMAC-SHA1 of {@code data} under the secret (what coturn computes for a REST username). */
  byte[] hmacSha1(byte[] data) {
    synchronized (key) {
      try {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));
        return mac.doFinal(data);
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException("HmacSHA1 unavailable", e);
      }
    }
  }

  /** Wipes the secret from memory; later use fails. */
  @Override
  public void close() {
    synchronized (key) {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "TurnSecret[<redacted>]";
  }
}
