package io.peerwall.p2p.rendezvous;

import io.peerwall.p2p.ice.IceServerList;
import io.peerwall.p2p.ice.TurnServer;
import io.peerwall.p2p.identity.PublicIdentity;
import io.peerwall.p2p.rendezvous.RendezvousMessage.IceGrant;
import io.peerwall.p2p.rendezvous.RendezvousMessage.IceRequest;
import io.peerwall.p2p.turn.TurnRestCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rendezvous side of {@code ice-request}: checks that the peer holds the key of the ID it asks
 * for (a signature over this connection's challenge and its nonce), mints time-limited TURN
 * credentials for that ID, and signs the grant with the rendezvous key.
 */
final class IceServerGrants {
  private static final Logger LOG = LoggerFactory.getLogger(IceServerGrants.class);

  private final RendezvousConfig config;

  IceServerGrants(RendezvousConfig config) {
    this.config = config;
  }

  /**
   * The signed answer to a request on the connection with this challenge.
   *
   * @throws IOException if the request does not prove its ID (the connection is then dropped)
   */
  IceGrant answer(String challenge, IceRequest r) throws IOException {
    PublicIdentity key;
    byte[] sig;
    try {
      key = PublicIdentity.fromBase64(r.key());
      sig = Base64.getDecoder().decode(r.signature());
    } catch (IllegalArgumentException e) {
      throw new IOException("bad key or signature encoding in ICE request");
    }
    if (r.nonce().length() < 16
        || !key.verify(IceServerRequests.requestBytes(challenge, r.nonce(), key.id()), sig)) {
      LOG.warn("rendezvous: refused an ICE request for {} with a bad signature", key.id());
      throw new IOException("ICE request signature invalid");
    }
    Instant now = config.clock().instant();
    List<TurnServer> turn = new ArrayList<>();
    if (config.turnSecret() != null && config.mayRelay().test(key.id())) {
      for (InetSocketAddress a : config.turn()) {
        turn.add(
            TurnRestCredentials.issue(config.turnSecret(), a, key.id(), now, config.turnTtl()));
      }
    }
    IceServerGrant grant =
        new IceServerGrant(
            config.identity().id(),
            key.id(),
            r.nonce(),
            now,
            new IceServerList(config.stun(), turn));
    String text = grant.toJson();
    String signature =
        Base64.getEncoder()
            .encodeToString(config.identity().sign(IceServerGrant.signedBytes(text)));
    LOG.info(
        "rendezvous: ICE servers for {} ({} STUN, {} TURN credential(s) for {} s)",
        key.id(),
        config.stun().size(),
        turn.size(),
        turn.isEmpty() ? 0 : config.turnTtl().toSeconds());
    return new IceGrant(text, signature);
  }
}
