package io.peerwall.p2p.identity;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A short secret (a TURN password) kept in a settings file sealed under a key derived from the
 * owner's identity key, as the camera's saved source is (decision 0032): AES-256-GCM, a random
 * 96-bit nonce, the key from {@link Identity#deriveSecret} for the given purpose, and a context
 * (what the secret is for, e.g. "turn 100.64.0.1:3478 lab") authenticated with it, so the sealed
 * text moved to another entry or another identity's file does not open. Protects against whoever
 * reads the settings file but not the identity key next to it; not against whoever reads both.
 *
 * <p>The text form is {@code v1.<base64 nonce>.<base64 ciphertext>}: no JSON of its own, so a
 * settings file stores it as one string.
 */
public final class SealedSecret {
  private static final String PREFIX = "v1.";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int MAX_PLAIN_BYTES = 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The sealed text cannot be opened: altered, malformed, or sealed by another identity. */
  public static final class UnreadableException extends Exception {
    UnreadableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private SealedSecret() {}

  /**
   * Seals {@code secret} (≤ 1 KiB as UTF-8).
   *
   * @param purpose names the derived key (e.g. "station-settings-v1")
   * @param context authenticated with the secret: opening needs the same context
   */
  public static String seal(Identity identity, String purpose, String context, String secret) {
    Objects.requireNonNull(secret, "secret");
    byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
    if (plain.length > MAX_PLAIN_BYTES) {
      throw new IllegalArgumentException("a sealed secret holds at most 1 KiB");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] key = identity.deriveSecret(purpose, 32);
    try {
      byte[] sealed = cipher(Cipher.ENCRYPT_MODE, key, nonce, context).doFinal(plain);
      Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
      return PREFIX + b64.encodeToString(nonce) + "." + b64.encodeToString(sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Opens what {@link #seal} made with the same identity, purpose and context.
   *
   * @throws UnreadableException saying whether the text is malformed or does not authenticate
   */
  public static String open(Identity identity, String purpose, String context, String sealed)
      throws UnreadableException {
    if (sealed == null || !sealed.startsWith(PREFIX) || sealed.length() > 4 * MAX_PLAIN_BYTES) {
      throw new UnreadableException("not a sealed secret", null);
    }
    String[] parts = sealed.substring(PREFIX.length()).split("\\.", -1);
    byte[] nonce;
    byte[] body;
    try {
      if (parts.length != 2) {
        throw new IllegalArgumentException("two parts expected");
      }
      nonce = Base64.getDecoder().decode(parts[0]);
      body = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new UnreadableException("a sealed secret is malformed", e);
    }
    if (nonce.length != NONCE_BYTES) {
      throw new UnreadableException("a sealed secret is malformed", null);
    }
    byte[] key = identity.deriveSecret(purpose, 32);
    byte[] plain = null;
    try {
      plain = cipher(Cipher.DECRYPT_MODE, key, nonce, context).doFinal(body);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(plain))
          .toString();
    } catch (AEADBadTagException e) {
      throw new UnreadableException(
          "a sealed secret does not open: the file was altered, or belongs to another identity", e);
    } catch (GeneralSecurityException | CharacterCodingException e) {
      throw new UnreadableException("a sealed secret cannot be opened: " + e.getMessage(), e);
    } finally {
      Arrays.fill(key, (byte) 0);
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /** Whether {@code text} looks like a sealed secret (not whether it opens). */
  public static boolean isSealed(String text) {
    return text != null && text.startsWith(PREFIX);
  }

  private static Cipher cipher(int mode, byte[] key, byte[] nonce, String context)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    c.updateAAD(("peerwall-sealed-secret-v1\n" + context).getBytes(StandardCharsets.UTF_8));
    return c;
  }
}
