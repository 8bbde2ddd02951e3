package io.peerwall.p2p.sitekey;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.identity.PublicIdentity;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * A site key sealed by one camera to another camera's identity key, for the station to carry
 * between them without being able to read it (docs/protocol.md, "Reuse tags").
 *
 * <p>HPKE (RFC 9180, Bouncy Castle {@code org.bouncycastle.crypto.hpke}), base mode, DHKEM(P-256,
 * HKDF-SHA256), HKDF-SHA256, AES-256-GCM, info {@code "peerwall-site-key-v1"}, associated data =
 * sender ID "\n" recipient ID; the plaintext is the key, salt and Argon2id settings. The sender
 * signs (its identity key, ECDSA) the label, both IDs, the HPKE encapsulation and the ciphertext,
 * so the recipient knows which camera's key it took and a relay cannot swap the sealed part of one
 * envelope into another.
 *
 * <pre>
 * version (1) = 1 | enc (65) | ciphertext length (2) | ciphertext | signature length (1) | signature
 * </pre>
 *
 * On the control channel the envelope travels as base64 (at most {@value #MAX_BASE64} characters).
 */
public final class SiteKeyEnvelope {
  /** Longest base64 envelope accepted from the wire. */
  public static final int MAX_BASE64 = 512;

  private static final byte VERSION = 1;
  private static final byte[] INFO = "peerwall-site-key-v1".getBytes(StandardCharsets.US_ASCII);
  private static final String SIGNED_LABEL = "peerwall-site-key-envelope-v1";

  private SiteKeyEnvelope() {}

  private static HPKE suite() {
    return new HPKE(
        HPKE.mode_base, HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
  }

  /** Seals {@code key} from {@code sender} to {@code recipient}; base64 for the wire. */
  public static String seal(SiteKey key, Identity sender, PublicIdentity recipient) {
    if (recipient.id().equals(sender.id())) {
      throw new IllegalArgumentException("a camera does not send the site key to itself");
    }
    HPKE suite = suite();
    byte[] plain = key.encode();
    try {
      AsymmetricKeyParameter pkR = suite.deserializePublicKey(point(recipient));
      byte[][] sealed =
          suite.seal(pkR, INFO, aad(sender.id(), recipient.id()), plain, null, null, null);
      byte[] ct = sealed[0];
      byte[] enc = sealed[1];
      byte[] sig = sender.sign(signed(sender.id(), recipient.id(), enc, ct));
      ByteBuffer out = ByteBuffer.allocate(1 + enc.length + 2 + ct.length + 1 + sig.length);
      out.put(VERSION).put(enc).putShort((short) ct.length).put(ct).put((byte) sig.length).put(sig);
      return Base64.getEncoder().encodeToString(out.array());
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("HPKE sealing failed", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Opens an envelope sealed to {@code recipient} by {@code sender}.
   *
   * @throws IllegalArgumentException naming what is wrong: not base64, malformed, signature not by
   *     {@code sender}, not sealed to this camera (or altered)
   */
  public static SiteKey open(String base64, Identity recipient, PublicIdentity sender) {
    if (base64 == null || base64.length() > MAX_BASE64) {
      throw new IllegalArgumentException("site key envelope is missing or too long");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("site key envelope is not base64");
    }
    HPKE suite = suite();
    byte[] enc = new byte[suite.getEncSize()];
    byte[] ct;
    byte[] sig;
    try {
      ByteBuffer in = ByteBuffer.wrap(raw);
      if (in.get() != VERSION) {
        throw new IllegalArgumentException("site key envelope of an unknown version");
      }
      in.get(enc);
      ct = new byte[in.getShort() & 0xFFFF];
      in.get(ct);
      sig = new byte[in.get() & 0xFF];
      in.get(sig);
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("site key envelope has trailing bytes");
      }
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("site key envelope is truncated");
    }
    if (!sender.verify(signed(sender.id(), recipient.id(), enc, ct), sig)) {
      throw new IllegalArgumentException(
          "site key envelope is not signed by camera " + sender.id() + " for this camera");
    }
    byte[] plain = null;
    try {
      plain = recipient.openSealed(suite, enc, ct, INFO, aad(sender.id(), recipient.id()));
      return SiteKey.decode(plain);
    } catch (InvalidCipherTextException | IllegalArgumentException e) {
      throw new IllegalArgumentException("site key envelope was not sealed to this camera");
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private static byte[] point(PublicIdentity who) {
    try {
      ECPublicKeyParameters k = (ECPublicKeyParameters) PublicKeyFactory.createKey(who.encoded());
      return k.getQ().getEncoded(false);
    } catch (IOException | ClassCastException e) {
      throw new IllegalArgumentException("not a P-256 public key");
    }
  }

  private static byte[] aad(String senderId, String recipientId) {
    return (senderId + "\n" + recipientId).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] signed(String senderId, String recipientId, byte[] enc, byte[] ct) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      for (byte[] part :
          new byte[][] {
            SIGNED_LABEL.getBytes(StandardCharsets.US_ASCII),
            senderId.getBytes(StandardCharsets.UTF_8),
            recipientId.getBytes(StandardCharsets.UTF_8),
            enc,
            ct
          }) {
        out.writeInt(part.length);
        out.write(part);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }
}
