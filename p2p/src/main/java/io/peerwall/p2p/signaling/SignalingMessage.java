package io.peerwall.p2p.signaling;

import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.ice.IceDescription;

/**
 * The messages of the signaling protocol, version 2 (one JSON object per line, see {@link
 * SignalingCodec}; the full protocol is in docs/protocol.md). Flows on one connection, direct (TCP)
 * or relayed by a rendezvous:
 *
 * <pre>
 *   camera                                 station
 *     ── hello {version, cameraName, cameraId, cameraKey} ──►
 *   pairing (once per station, password-authenticated, SRP-6a):
 *     ◄── pair-hello {stationKey, stationName, nonce}
 *     ── pair-challenge {salt, argon…, b, nonce} ──►        (or refused {code, retryAfter})
 *     ◄── pair-proof {a, proof, signature}
 *     ── pair-result {proof, signature} ──►                 (or refused wrong-password)
 *   session (after pairing; signed by the long-term keys, bound to both IDs and a fresh nonce):
 *     ◄── offer {ice, auth{from, nonce, timestamp, signature}}
 *     ── answer {ice, auth{from, nonce (the offer's), timestamp, signature}} ──►
 *     ═══ ICE checks → DTLS 1.2 (pinned keys) → SRTP media + control channel ═══
 *     ◄──► bye {reason} | error {reason} | refused {code, reason, retryAfter}
 * </pre>
 */
public sealed interface SignalingMessage {

  /** Sent by the camera first. {@code cameraKey}: base64 DER SubjectPublicKeyInfo. */
  record Hello(int version, String cameraName, String cameraId, String cameraKey)
      implements SignalingMessage {}

  /**
   * The signature block of an offer or answer.
   *
   * @param from the signer's peer ID
   * @param nonce 16 random bytes, base64 (the answer repeats the offer's)
   * @param timestamp signer's clock, epoch ms (offers outside ±2 min are refused)
   * @param signature base64 DER ECDSA-SHA256 over {@code SessionSignatures} bytes
   */
  record Auth(String from, String nonce, long timestamp, String signature) {}

  /** The station's ICE description, signed. */
  record Offer(IceDescription ice, Auth auth) implements SignalingMessage {}

  /** The camera's ICE description, signed and bound to the offer's nonce. */
  record Answer(IceDescription ice, Auth auth) implements SignalingMessage {}

  /** Pairing step 1 (station): its public key, its name, a fresh nonce. */
  record PairHello(String stationKey, String stationName, String nonce)
      implements SignalingMessage {}

  /** Pairing step 2 (camera): salt, Argon2id settings, SRP B, a fresh nonce. */
  record PairChallenge(
      String salt,
      int argonMemoryKiB,
      int argonIterations,
      int argonParallelism,
      String b,
      String nonce)
      implements SignalingMessage {}

  /** Pairing step 3 (station): SRP A, key confirmation, signature by the station key. */
  record PairProof(String a, String proof, String signature) implements SignalingMessage {}

  /** Pairing step 4 (camera): its key confirmation and signature by the camera key. */
  record PairResult(String proof, String signature) implements SignalingMessage {}

  /** The camera (or station) refuses: {@code code} is a {@link FailureReason} wire code. */
  record Refused(String code, String reason, long retryAfterMillis) implements SignalingMessage {}

  /** Orderly end of the session. */
  record Bye(String reason) implements SignalingMessage {}

  /** Fatal problem; the connection is closed after it. */
  record ErrorMessage(String reason) implements SignalingMessage {}
}
