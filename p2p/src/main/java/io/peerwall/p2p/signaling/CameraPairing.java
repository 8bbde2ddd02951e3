package io.peerwall.p2p.signaling;

import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.identity.PublicIdentity;
import io.peerwall.p2p.pairing.Argon2Params;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.PairingThrottle;
import io.peerwall.p2p.pairing.PasswordVerifier;
import io.peerwall.p2p.pairing.Srp;
import io.peerwall.p2p.signaling.SignalingMessage.PairChallenge;
import io.peerwall.p2p.signaling.SignalingMessage.PairHello;
import io.peerwall.p2p.signaling.SignalingMessage.PairProof;
import io.peerwall.p2p.signaling.SignalingMessage.PairResult;
import io.peerwall.p2p.signaling.SignalingMessage.Refused;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.agreement.srp.SRP6Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camera side of pairing. Order of checks: throttle (before any expensive work), then SRP with the
 * stored verifier; the station's proof M1 is checked before anything is revealed (a wrong password
 * gets only "wrong-password", no M2), then the station's signature over the transcript (it holds
 * the private key it asks us to pin). Only then is the station pinned and M2 + our signature sent.
 * Any other ending (disconnect, timeout, garbage) counts as a failed attempt.
 */
public final class CameraPairing {
  private static final Logger LOG = LoggerFactory.getLogger(CameraPairing.class);

  private CameraPairing() {}

  /**
   * Handles one pairing attempt whose pair-hello was read. Never throws for what the station does;
   * returns whether the station was paired.
   */
  public static boolean handle(
      MessageChannel ch, PairHello hello, CameraCredentials camera, int timeoutMillis) {
    String source = ch.source();
    PasswordVerifier verifier = camera.store().verifier();
    if (verifier == null) {
      LOG.warn("pairing attempt from {} refused: no camera password is set", source);
      ch.trySend(
          new Refused(FailureReason.NOT_PAIRABLE.wire(), "the camera has no password set", 0));
      return false;
    }
    PairingThrottle.Decision d = camera.throttle().begin(source);
    if (d instanceof PairingThrottle.Refusal r) {
      String why =
          r.reason() == FailureReason.LOCKED_OUT
              ? "pairing is locked after repeated wrong passwords"
              : "too many pairing attempts; wait";
      ch.trySend(new Refused(r.reason().wire(), why, r.retryAfterMillis()));
      return false;
    }
    PairingThrottle.Permit permit = (PairingThrottle.Permit) d;
    String outcome = "abandoned";
    try {
      PublicIdentity station = PublicIdentity.fromBase64(hello.stationKey());
      byte[] stationNonce = StationPairing.unb64(hello.nonce());
      byte[] cameraNonce = StationPairing.random(16);
      SRP6Server srp = Srp.server(verifier.verifier());
      byte[] bBytes = Srp.encode(srp.generateServerCredentials());
      Argon2Params argon = verifier.argon();
      ch.send(
          new PairChallenge(
              StationPairing.b64(verifier.salt()),
              argon.memoryKiB(),
              argon.iterations(),
              argon.parallelism(),
              StationPairing.b64(bBytes),
              StationPairing.b64(cameraNonce)));
      SignalingMessage m = ch.read(timeoutMillis);
      if (!(m instanceof PairProof proof)) {
        outcome =
            m == null ? "station left before the proof" : "unexpected message instead of proof";
        return false;
      }
      byte[] aBytes = StationPairing.unb64(proof.a());
      byte[] key;
      try {
        BigInteger s = srp.calculateSecret(Srp.decode(aBytes));
        key = Transcript.sessionKey(Srp.encode(s));
      } catch (CryptoException e) {
        outcome = "invalid SRP value";
        ch.trySend(new Refused(FailureReason.REFUSED.wire(), "invalid SRP value", 0));
        return false;
      }
      byte[] transcript =
          StationPairing.transcript(
              camera.identity().publicIdentity(),
              station,
              hello.stationName(),
              stationNonce,
              cameraNonce,
              verifier.salt(),
              argon,
              aBytes,
              bBytes);
      byte[] m1 = Transcript.mac(key, "M1", transcript);
      if (!MessageDigest.isEqual(m1, StationPairing.unb64(proof.proof()))) {
        outcome = "wrong password";
        Arrays.fill(key, (byte) 0);
        permit.failed(outcome); // counted (and logged) before the station hears of it
        ch.trySend(new Refused(FailureReason.WRONG_PASSWORD.wire(), "wrong password", 0));
        return false;
      }
      if (!station.verify(
          Transcript.signedPart("SIG-S", transcript, m1),
          StationPairing.unb64(proof.signature()))) {
        outcome = "station signature invalid";
        Arrays.fill(key, (byte) 0);
        ch.trySend(new Refused(FailureReason.REFUSED.wire(), "station signature invalid", 0));
        return false;
      }
      byte[] m2 = Transcript.mac(key, "M2", transcript, m1);
      Arrays.fill(key, (byte) 0);
      byte[] sig = camera.identity().sign(Transcript.signedPart("SIG-C", transcript, m2));
      camera.store().pin(station, hello.stationName(), System.currentTimeMillis());
      outcome = "ok";
      permit.succeeded();
      ch.send(new PairResult(StationPairing.b64(m2), StationPairing.b64(sig)));
      LOG.info("paired with station {} ('{}') from {}", station.id(), hello.stationName(), source);
      return true;
    } catch (IOException | RuntimeException e) {
      outcome = "broken attempt: " + e.getClass().getSimpleName();
      return false;
    } finally {
      if ("ok".equals(outcome)) {
        permit.succeeded();
      } else {
        permit.failed(outcome);
      }
    }
  }
}
