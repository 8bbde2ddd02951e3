package io.peerwall.p2p.rendezvous;

/**
 * The rendezvous protocol (JSON lines over TCP; docs/protocol.md §Rendezvous). The rendezvous
 * relays opaque signaling lines between a station and a registered camera, by camera ID. It
 * authenticates camera registrations and ICE server requests (by a signature over its challenge
 * with the key whose hash is the ID), so nobody can register as someone else's camera or obtain
 * TURN credentials in someone else's name; everything it relays is protected end to end (SRP
 * proofs, signed offers and answers). Its own key signs the ICE servers it hands out, so a peer
 * that pinned it cannot be pointed at someone else's STUN or TURN server.
 */
public sealed interface RendezvousMessage {
  /**
   * Server → any client on connect: a fresh nonce, and the rendezvous's public key (base64
   * SubjectPublicKeyInfo; absent from rendezvous servers older than protocol 2 of the rendezvous).
   */
  record Challenge(String nonce, String rendezvousKey) implements RendezvousMessage {}

  /** Camera → server: its key, and a signature over the challenge. */
  record Register(String cameraKey, String signature) implements RendezvousMessage {}

  /** Server → camera: registration accepted. */
  record Registered(String cameraId) implements RendezvousMessage {}

  /**
   * Peer → server: "tell me your STUN and TURN servers, with TURN credentials for my ID": its key,
   * a fresh nonce of its own, and a signature over the challenge, the nonce and its ID.
   */
  record IceRequest(String key, String nonce, String signature) implements RendezvousMessage {}

  /**
   * Server → peer: the answer to an {@link IceRequest}: the grant (a JSON text, {@link
   * IceServerGrant}) and the rendezvous key's signature over exactly that text.
   */
  record IceGrant(String grant, String signature) implements RendezvousMessage {}

  /** Station → server: open a channel to a camera; server → camera: a station opened one. */
  record Open(long channel, String cameraId) implements RendezvousMessage {}

  /** One signaling line on a channel, either way. */
  record Data(long channel, String payload) implements RendezvousMessage {}

  /** A channel ended (either way), with a reason ("unknown-id", "closed", ...). */
  record Close(long channel, String reason) implements RendezvousMessage {}

  /** Keep-alive request, either way; answered with {@link Pong}. */
  record Ping() implements RendezvousMessage {}

  /** Keep-alive answer. */
  record Pong() implements RendezvousMessage {}
}
