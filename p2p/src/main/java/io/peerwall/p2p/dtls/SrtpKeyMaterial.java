package io.peerwall.p2p.dtls;

import java.util.Arrays;

/**
 * The RFC 5764 §4.2 split of the exported keying material for SRTP_AES128_CM_HMAC_SHA1_80:
 * client_write_key | server_write_key | client_write_salt | server_write_salt (16, 16, 14, 14).
 *
 * @param localKey master key for what we send
 * @param localSalt master salt for what we send
 * @param remoteKey master key for what we receive
 * @param remoteSalt master salt for what we receive
 */
public record SrtpKeyMaterial(
    byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {
  static final int KEY = 16;
  static final int SALT = 14;
  static final int LENGTH = 2 * (KEY + SALT);

  static SrtpKeyMaterial split(byte[] m, boolean client) {
    byte[] ck = Arrays.copyOfRange(m, 0, KEY);
    byte[] sk = Arrays.copyOfRange(m, KEY, 2 * KEY);
    byte[] cs = Arrays.copyOfRange(m, 2 * KEY, 2 * KEY + SALT);
    byte[] ss = Arrays.copyOfRange(m, 2 * KEY + SALT, LENGTH);
    Arrays.fill(m, (byte) 0);
    return client ? new SrtpKeyMaterial(ck, cs, sk, ss) : new SrtpKeyMaterial(sk, ss, ck, cs);
  }

  @Override
  public String toString() {
    return "SrtpKeyMaterial[<redacted>]";
  }
}
