package io.peerwall.p2p.signaling;

import io.peerwall.p2p.ice.IceDescription;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.identity.PublicIdentity;
import io.peerwall.p2p.json.StrictJson;
import io.peerwall.p2p.signaling.SignalingMessage.Auth;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signatures of offers and answers by the long-term keys. What is signed binds the message to this
 * camera, this station, this exchange (the offer's nonce, which the answer repeats), a time, and
 * the exact ICE description, so a relay can neither redirect media, nor replay an old offer, nor
 * splice an answer from one session into another.
 */
public final class SessionSignatures {
  /** Offers older or newer than this (clock skew) are refused. */
  public static final long MAX_SKEW_MILLIS = 120_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionSignatures() {}

  public static String newNonce() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  static byte[] bytes(
      String kind, String cameraId, String stationId, String nonce, long ts, IceDescription ice) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String part :
        new String[] {
          "peerwall-" + kind + "-v2",
          cameraId,
          stationId,
          nonce,
          Long.toString(ts),
          StrictJson.write(ice)
        }) {
      byte[] b = part.getBytes(StandardCharsets.UTF_8);
      out.write(b.length >>> 8);
      out.write(b.length);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  /** Signs an offer (station) or answer (camera). */
  public static Auth sign(
      Identity signer,
      String kind,
      String cameraId,
      String stationId,
      String nonce,
      IceDescription ice) {
    long ts = System.currentTimeMillis();
    byte[] sig = signer.sign(bytes(kind, cameraId, stationId, nonce, ts, ice));
    return new Auth(signer.id(), nonce, ts, Base64.getEncoder().encodeToString(sig));
  }

  /** Verifies the signature of {@code auth} by {@code signer} (false for anything malformed). */
  public static boolean verify(
      PublicIdentity signer,
      Auth auth,
      String kind,
      String cameraId,
      String stationId,
      IceDescription ice) {
    if (!signer.id().equals(auth.from())) {
      return false;
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(auth.signature());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return signer.verify(
        bytes(kind, cameraId, stationId, auth.nonce(), auth.timestamp(), ice), sig);
  }
}
