package io.peerwall.p2p.rendezvous;

/**
 * The rendezvous protocol (JSON lines over TCP; docs/protocol.md §Rendezvous). The rendezvous
 * relays opaque signaling lines between a station and a registered camera, by camera ID. It
 * authenticates only camera registrations (by a signature over its challenge with the key whose
 * hash is the ID), so nobody can register as someone else's camera; everything it relays is
 * protected end to end (SRP proofs, signed offers and answers), so it can neither impersonate nor
 * learn anything testable offline.
 */
public sealed interface RendezvousMessage {
  /** Server → any client on connect. */
  record Challenge(String nonce) implements RendezvousMessage {}

  /** Camera → server: its key, and a signature over the challenge. */
  record Register(String cameraKey, String signature) implements RendezvousMessage {}

  /** Server → camera: registration accepted. */
  record Registered(String cameraId) implements RendezvousMessage {}

  /** Station → server: open a channel to a camera; server → camera: a station opened one. */
  record Open(long channel, String cameraId) implements RendezvousMessage {}

  /** One signaling line on a channel, either way. */
  record Data(long channel, String payload) implements RendezvousMessage {}

  /** A channel ended (either way), with a reason ("unknown-id", "closed", ...). */
  record Close(long channel, String reason) implements RendezvousMessage {}

  /** Keep-alive, both ways. */
  record Ping() implements RendezvousMessage {}
}
