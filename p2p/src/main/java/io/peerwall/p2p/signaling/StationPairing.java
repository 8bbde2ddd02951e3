package io.peerwall.p2p.signaling;

import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.identity.PublicIdentity;
import io.peerwall.p2p.pairing.Argon2Params;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.pairing.Srp;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingMessage.Hello;
import io.peerwall.p2p.signaling.SignalingMessage.PairChallenge;
import io.peerwall.p2p.signaling.SignalingMessage.PairHello;
import io.peerwall.p2p.signaling.SignalingMessage.PairProof;
import io.peerwall.p2p.signaling.SignalingMessage.PairResult;
import io.peerwall.p2p.signaling.SignalingMessage.Refused;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.agreement.srp.SRP6Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Station side of pairing (see {@code SignalingMessage} and docs/protocol.md §Pairing). After the
 * camera's hello: check that the camera's key hashes to the ID the user typed; send our key, name
 * and a nonce; on the challenge, stretch the password with the camera's Argon2id settings, run
 * SRP-6a, prove knowledge of the password with an HMAC over the transcript (which contains both
 * public keys) and sign it; accept the camera only if its proof verifies (it holds the verifier)
 * and its signature verifies (it holds the private key of the ID). Then pin.
 */
public final class StationPairing {
  private static final Logger LOG = LoggerFactory.getLogger(StationPairing.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private StationPairing() {}

  /**
   * Runs pairing on an open channel whose hello was already read.
   *
   * @param expectedCameraId what the user typed (canonical form)
   * @param password wiped by the caller afterwards; never sent, never stored
   * @param address where the camera was reached directly (remembered), or null
   * @return the pinned camera
   * @throws SignalingException with WRONG_PASSWORD, LOCKED_OUT, THROTTLED, NOT_PAIRABLE, UNKNOWN_ID
   *     or REFUSED
   */
  public static PairedPeer pair(
      MessageChannel ch,
      Hello hello,
      StationCredentials station,
      String expectedCameraId,
      char[] password,
      String address,
      int timeoutMillis)
      throws IOException {
    PublicIdentity camera = cameraKey(hello, expectedCameraId);
    byte[] stationNonce = random(16);
    ch.send(
        new PairHello(
            station.identity().publicIdentity().base64(), station.name(), b64(stationNonce)));
    SignalingMessage m = ch.read(timeoutMillis);
    PairChallenge c = expect(m, PairChallenge.class, "pair-challenge");
    Argon2Params argon;
    byte[] salt = unb64(c.salt());
    if (salt.length < 8 || salt.length > 32) {
      throw new SignalingProtocolException("pair-challenge salt has a wrong size");
    }
    try {
      argon = new Argon2Params(c.argonMemoryKiB(), c.argonIterations(), c.argonParallelism());
    } catch (IllegalArgumentException e) {
      throw new SignalingProtocolException("camera asked for unacceptable Argon2 settings");
    }
    byte[] stretched = argon.stretch(password, salt);
    byte[] aBytes;
    byte[] bBytes = unb64(c.b());
    byte[] key;
    try {
      SRP6Client srp = Srp.client();
      BigInteger a =
          srp.generateClientCredentials(
              salt, hello.cameraId().getBytes(StandardCharsets.US_ASCII), stretched);
      aBytes = Srp.encode(a);
      BigInteger s = srp.calculateSecret(Srp.decode(bBytes));
      key = Transcript.sessionKey(Srp.encode(s));
    } catch (CryptoException e) {
      throw new SignalingProtocolException("camera sent an invalid SRP value");
    } finally {
      Arrays.fill(stretched, (byte) 0);
    }
    byte[] transcript =
        transcript(
            camera,
            station.identity().publicIdentity(),
            station.name(),
            stationNonce,
            unb64(c.nonce()),
            salt,
            argon,
            aBytes,
            bBytes);
    byte[] m1 = Transcript.mac(key, "M1", transcript);
    byte[] sig = station.identity().sign(Transcript.signedPart("SIG-S", transcript, m1));
    ch.send(new PairProof(b64(aBytes), b64(m1), b64(sig)));
    PairResult r = expect(ch.read(timeoutMillis), PairResult.class, "pair-result");
    byte[] expectedM2 = Transcript.mac(key, "M2", transcript, m1);
    Arrays.fill(key, (byte) 0);
    if (!MessageDigest.isEqual(expectedM2, unb64(r.proof()))) {
      // Only a camera holding the verifier can make M2: this one does not.
      throw new SignalingException(
          FailureReason.UNKNOWN_ID,
          "the camera could not prove it holds the password verifier; not paired",
          0);
    }
    if (!camera.verify(
        Transcript.signedPart("SIG-C", transcript, expectedM2), unb64(r.signature()))) {
      throw new SignalingException(
          FailureReason.UNKNOWN_ID, "the camera's signature does not match its ID; not paired", 0);
    }
    station.trust().pin(camera, hello.cameraName(), address, System.currentTimeMillis());
    LOG.info("paired with camera {} ('{}')", camera.id(), hello.cameraName());
    return station.trust().camera(camera.id());
  }

  /** The camera's key from its hello, checked against its ID and the one the user asked for. */
  public static PublicIdentity cameraKey(Hello hello, String expectedCameraId) throws IOException {
    PublicIdentity key;
    try {
      key = PublicIdentity.fromBase64(hello.cameraKey());
    } catch (IllegalArgumentException e) {
      throw new SignalingProtocolException("camera key: " + e.getMessage());
    }
    if (!key.id().equals(hello.cameraId())) {
      throw new SignalingException(
          FailureReason.UNKNOWN_ID, "the camera's key does not match the ID it claims", 0);
    }
    if (expectedCameraId != null && !expectedCameraId.equals(key.id())) {
      throw new SignalingException(
          FailureReason.UNKNOWN_ID,
          "the camera at this address is " + key.id() + ", not " + expectedCameraId,
          0);
    }
    return key;
  }

  static byte[] transcript(
      PublicIdentity camera,
      PublicIdentity station,
      String stationName,
      byte[] stationNonce,
      byte[] cameraNonce,
      byte[] salt,
      Argon2Params argon,
      byte[] a,
      byte[] b) {
    return new Transcript()
        .add(camera.id())
        .add(camera.encoded())
        .add(station.encoded())
        .add(stationName)
        .add(stationNonce)
        .add(cameraNonce)
        .add(salt)
        .add(argon.memoryKiB())
        .add(argon.iterations())
        .add(argon.parallelism())
        .add(a)
        .add(b)
        .hash();
  }

  /** The expected message, or the camera's refusal turned into a typed exception. */
  public static <T extends SignalingMessage> T expect(
      SignalingMessage m, Class<T> type, String name) throws IOException {
    if (m == null) {
      throw new SignalingException(FailureReason.REFUSED, "camera closed before " + name, 0);
    }
    if (m instanceof Refused r) {
      FailureReason reason = FailureReason.fromWire(r.code());
      throw new SignalingException(reason, r.reason(), r.retryAfterMillis());
    }
    if (m instanceof SignalingMessage.ErrorMessage e) {
      throw new SignalingException(FailureReason.REFUSED, "camera refused: " + e.reason(), 0);
    }
    if (m instanceof SignalingMessage.Bye b) {
      throw new SignalingException(FailureReason.REFUSED, "camera said bye: " + b.reason(), 0);
    }
    if (!type.isInstance(m)) {
      throw new SignalingProtocolException(
          "expected " + name + ", got " + m.getClass().getSimpleName());
    }
    return type.cast(m);
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static byte[] unb64(String s) throws SignalingProtocolException {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new SignalingProtocolException("bad base64");
    }
  }
}
