package io.peerwall.p2p.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** RFC 3711 §4.3 key derivation (AES-CM PRF, key derivation rate 0). */
final class SrtpKdf {
  static final int RTP_ENCRYPTION = 0;
  static final int RTP_AUTH = 1;
  static final int RTP_SALT = 2;
  static final int RTCP_ENCRYPTION = 3;
  static final int RTCP_AUTH = 4;
  static final int RTCP_SALT = 5;

  private SrtpKdf() {}

  /** {@code length} bytes of session key for {@code label} from the master key and salt. */
  static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
    byte[] iv = new byte[16];
    System.arraycopy(masterSalt, 0, iv, 0, 14);
    iv[7] ^= (byte) label; // key_id = label || 48 zero bits, right-aligned in the 112-bit salt
    try {
      Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new IvParameterSpec(iv));
      return c.doFinal(new byte[length]);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR unavailable", e);
    }
  }
}
