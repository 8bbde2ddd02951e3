package io.peerwall.p2p.srtp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of SRTP/SRTCP with the AES_CM_128_HMAC_SHA1_80 transform (RFC 3711; the profile
 * SRTP_AES128_CM_HMAC_SHA1_80 of RFC 5764): AES-128 in counter mode for confidentiality and
 * HMAC-SHA1 truncated to 80 bits over the packet and its rollover counter for integrity and
 * authenticity. A sending context protects, a receiving one verifies (constant-time tag compare),
 * rejects replays (64-packet window per SSRC) and decrypts.
 *
 * <p>Per-SSRC state (rollover counter, replay window) is created only for a packet that
 * authenticated, and at most {@value #MAX_SSRCS} SSRCs are tracked, so forged packets cannot grow
 * memory. Not thread-safe: callers serialise per context ({@link SrtpTransport} does).
 */
public final class SrtpContext {
  /** Authentication tag length (80 bits). */
  public static final int TAG = 10;

  /** SRTCP trailer: E flag + 31-bit index. */
  public static final int SRTCP_INDEX = 4;

  static final int MAX_SSRCS = 8;
  private static final int SALT = 14;

  /** Why {@link #unprotectRtp}/{@link #unprotectRtcp} refused a packet. */
  public enum Verdict {
    OK,
    MALFORMED,
    AUTH_FAILED,
    REPLAYED
  }

  private final Cipher rtpCipher;
  private final Cipher rtcpCipher;
  private final SecretKeySpec rtpKey;
  private final SecretKeySpec rtcpKey;
  private final Mac rtpMac;
  private final Mac rtcpMac;
  private final byte[] rtpSalt;
  private final byte[] rtcpSalt;
  private final byte[] iv = new byte[16];
  private final byte[] tag = new byte[20];
  private final Map<Long, SsrcState> states = new HashMap<>();
  private long rtcpSendIndex;

  private static final class SsrcState {
    int roc;
    int highestSeq = -1;
    final ReplayWindow rtp = new ReplayWindow();
    final ReplayWindow rtcp = new ReplayWindow();
  }

  public SrtpContext(byte[] masterKey, byte[] masterSalt) {
    if (masterKey.length != 16 || masterSalt.length != SALT) {
      throw new IllegalArgumentException("AES-128 master key and 112-bit salt expected");
    }
    try {
      rtpKey =
          new SecretKeySpec(
              SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.RTP_ENCRYPTION, 16), "AES");
      rtcpKey =
          new SecretKeySpec(
              SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.RTCP_ENCRYPTION, 16), "AES");
      rtpSalt = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.RTP_SALT, SALT);
      rtcpSalt = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.RTCP_SALT, SALT);
      rtpMac = Mac.getInstance("HmacSHA1");
      rtpMac.init(
          new SecretKeySpec(
              SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.RTP_AUTH, 20), "HmacSHA1"));
      rtcpMac = Mac.getInstance("HmacSHA1");
      rtcpMac.init(
          new SecretKeySpec(
              SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.RTCP_AUTH, 20), "HmacSHA1"));
      rtpCipher = Cipher.getInstance("AES/CTR/NoPadding");
      rtcpCipher = Cipher.getInstance("AES/CTR/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR / HmacSHA1 unavailable", e);
    }
  }

  /**
   * Protects an RTP packet: returns a new array holding the SRTP packet (payload encrypted, tag
   * appended), or null if {@code packet} is not a parseable RTP packet.
   */
  public byte[] protectRtp(byte[] packet, int off, int len) {
    int header = RtpHeader.length(packet, off, len);
    if (header < 0) {
      return null;
    }
    long ssrc = RtpHeader.ssrc(packet, off);
    int seq = RtpHeader.seq(packet, off);
    SsrcState s = stateFor(ssrc, true);
    if (s.highestSeq >= 0 && seq < s.highestSeq && s.highestSeq - seq > 0x8000) {
      s.roc++; // the sequence number wrapped
    }
    s.highestSeq = seq;
    long index = ((long) s.roc << 16) | seq;
    byte[] out = Arrays.copyOf(Arrays.copyOfRange(packet, off, off + len), len + TAG);
    crypt(rtpCipher, rtpKey, rtpSalt, ssrc, index << 16, out, header, len - header);
    authTag(rtpMac, out, len, s.roc);
    System.arraycopy(tag, 0, out, len, TAG);
    return out;
  }

  /**
   * Verifies and decrypts an SRTP packet in place. On {@link Verdict#OK} the RTP packet occupies
   * {@code packet[off .. off + len - TAG)}.
   */
  public Verdict unprotectRtp(byte[] packet, int off, int len) {
    if (len < 12 + TAG) {
      return Verdict.MALFORMED;
    }
    int rtpLen = len - TAG;
    int header = RtpHeader.length(packet, off, rtpLen);
    if (header < 0) {
      return Verdict.MALFORMED;
    }
    long ssrc = RtpHeader.ssrc(packet, off);
    int seq = RtpHeader.seq(packet, off);
    SsrcState s = states.get(ssrc);
    int roc = s == null ? 0 : estimateRoc(s, seq);
    long index = ((long) roc << 16) | seq;
    if (s != null && !s.rtp.isFresh(index)) {
      return Verdict.REPLAYED;
    }
    authTag(rtpMac, packet, off, rtpLen, roc);
    if (!MessageDigest.isEqual(
        Arrays.copyOf(tag, TAG), Arrays.copyOfRange(packet, off + rtpLen, off + len))) {
      return Verdict.AUTH_FAILED;
    }
    if (s == null) {
      s = stateFor(ssrc, false);
      if (s == null) {
        return Verdict.AUTH_FAILED; // too many SSRCs: not a stream of this session
      }
    }
    s.rtp.accept(index);
    if (index == s.rtp.highest()) {
      s.roc = roc;
      s.highestSeq = seq;
    }
    crypt(rtpCipher, rtpKey, rtpSalt, ssrc, index << 16, packet, off + header, rtpLen - header);
    return Verdict.OK;
  }

  /** Protects an RTCP compound packet (SRTCP, encrypted, E=1); null if not RTCP-shaped. */
  public byte[] protectRtcp(byte[] packet, int off, int len) {
    if (len < 8) {
      return null;
    }
    long ssrc = RtpHeader.u32(packet, off + 4);
    long index = rtcpSendIndex;
    rtcpSendIndex = (rtcpSendIndex + 1) & 0x7FFF_FFFFL;
    byte[] out = Arrays.copyOf(Arrays.copyOfRange(packet, off, off + len), len + SRTCP_INDEX + TAG);
    crypt(rtcpCipher, rtcpKey, rtcpSalt, ssrc, index << 16, out, 8, len - 8);
    long e = 0x8000_0000L | index;
    RtpHeader.putU32(out, len, e);
    rtcpMac.update(out, 0, len + SRTCP_INDEX);
    macFinal(rtcpMac);
    System.arraycopy(tag, 0, out, len + SRTCP_INDEX, TAG);
    return out;
  }

  /**
   * Verifies and decrypts an SRTCP packet in place; on OK the RTCP packet occupies {@code
   * packet[off .. off + len - TAG - 4)}.
   */
  public Verdict unprotectRtcp(byte[] packet, int off, int len) {
    if (len < 8 + SRTCP_INDEX + TAG) {
      return Verdict.MALFORMED;
    }
    int rtcpLen = len - TAG - SRTCP_INDEX;
    long e = RtpHeader.u32(packet, off + rtcpLen);
    boolean encrypted = (e & 0x8000_0000L) != 0;
    long index = e & 0x7FFF_FFFFL;
    long ssrc = RtpHeader.u32(packet, off + 4);
    SsrcState s = states.get(ssrc);
    if (s != null && !s.rtcp.isFresh(index)) {
      return Verdict.REPLAYED;
    }
    rtcpMac.update(packet, off, rtcpLen + SRTCP_INDEX);
    macFinal(rtcpMac);
    if (!MessageDigest.isEqual(
        Arrays.copyOf(tag, TAG),
        Arrays.copyOfRange(packet, off + rtcpLen + SRTCP_INDEX, off + len))) {
      return Verdict.AUTH_FAILED;
    }
    if (s == null) {
      s = stateFor(ssrc, false);
      if (s == null) {
        return Verdict.AUTH_FAILED;
      }
    }
    s.rtcp.accept(index);
    if (encrypted) {
      crypt(rtcpCipher, rtcpKey, rtcpSalt, ssrc, index << 16, packet, off + 8, rtcpLen - 8);
    }
    return Verdict.OK;
  }

  /** RFC 3711 Appendix A: the rollover counter most likely meant by {@code seq}. */
  private static int estimateRoc(SsrcState s, int seq) {
    if (s.highestSeq < 0) {
      return s.roc;
    }
    if (s.highestSeq < 0x8000) {
      return seq - s.highestSeq > 0x8000 ? s.roc - 1 : s.roc;
    }
    return s.highestSeq - 0x8000 > seq ? s.roc + 1 : s.roc;
  }

  private SsrcState stateFor(long ssrc, boolean sending) {
    SsrcState s = states.get(ssrc);
    if (s == null) {
      if (states.size() >= MAX_SSRCS) {
        if (!sending) {
          return null;
        }
        states.clear(); // a sender never has this many; keep going rather than fail
      }
      s = new SsrcState();
      states.put(ssrc, s);
    }
    return s;
  }

  /** AES-CM: IV = salt·2^16 ⊕ SSRC·2^64 ⊕ shiftedIndex (index·2^16). */
  private void crypt(
      Cipher cipher,
      SecretKeySpec key,
      byte[] salt,
      long ssrc,
      long shiftedIndex,
      byte[] buf,
      int off,
      int len) {
    if (len <= 0) {
      return;
    }
    Arrays.fill(iv, (byte) 0);
    System.arraycopy(salt, 0, iv, 0, SALT);
    for (int i = 0; i < 4; i++) {
      iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
    }
    for (int i = 0; i < 8; i++) {
      iv[8 + i] ^= (byte) (shiftedIndex >>> (56 - 8 * i));
    }
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
      cipher.doFinal(buf, off, len, buf, off);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR failed", e);
    }
  }

  private void authTag(Mac mac, byte[] buf, int len, int roc) {
    authTag(mac, buf, 0, len, roc);
  }

  private void authTag(Mac mac, byte[] buf, int off, int len, int roc) {
    mac.update(buf, off, len);
    mac.update((byte) (roc >>> 24));
    mac.update((byte) (roc >>> 16));
    mac.update((byte) (roc >>> 8));
    mac.update((byte) roc);
    macFinal(mac);
  }

  private void macFinal(Mac mac) {
    try {
      mac.doFinal(tag, 0);
    } catch (javax.crypto.ShortBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
