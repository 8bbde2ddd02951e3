package io.peerwall.p2p.rendezvous;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.identity.PublicIdentity;
import io.peerwall.p2p.rendezvous.RendezvousException.Kind;
import io.peerwall.p2p.rendezvous.RendezvousMessage.IceGrant;
import io.peerwall.p2p.rendezvous.RendezvousMessage.IceRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of {@code ice-request} / {@code ice-servers} on one {@link RendezvousLink}: one
 * request at a time, its answer verified before anything of it is used.
 */
final class IceServerRequests {
  private static final Logger LOG = LoggerFactory.getLogger(IceServerRequests.class);
  static final String REQUEST_LABEL = "peerwall-rdv-ice-request-v1";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RendezvousLink link;
  private final String where;
  private final Object oneAtATime = new Object();
  private final AtomicReference<CompletableFuture<IceGrant>> pending = new AtomicReference<>();

  IceServerRequests(RendezvousLink link, String where) {
    this.link = link;
    this.where = where;
  }

  /** The bytes a peer signs to ask: label, the connection's challenge, its nonce, its ID. */
  static byte[] requestBytes(String challenge, String nonce, String peerId) {
    return (REQUEST_LABEL + "\n" + challenge + "\n" + nonce + "\n" + peerId)
        .getBytes(StandardCharsets.UTF_8);
  }

  IceServerGrant request(Identity me, Duration timeout) throws RendezvousException {
    synchronized (oneAtATime) {
      byte[] n = new byte[16];
      RANDOM.nextBytes(n);
      String nonce = Base64.getEncoder().encodeToString(n);
      String sig =
          Base64.getEncoder()
              .encodeToString(me.sign(requestBytes(link.challenge(), nonce, me.id())));
      CompletableFuture<IceGrant> answer = new CompletableFuture<>();
      pending.set(answer);
      try {
        link.send(new IceRequest(me.publicIdentity().base64(), nonce, sig));
        IceGrant g = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return verify(g, me.id(), nonce);
      } catch (TimeoutException e) {
        throw new RendezvousException(
            Kind.NO_ANSWER,
            "rendezvous " + where + " sent no ICE servers within " + timeout.toMillis() + " ms");
      } catch (ExecutionException e) {
        throw new RendezvousException(
            Kind.NO_ANSWER,
            "rendezvous "
                + where
                + " ended the connection instead of sending ICE servers ("
                + e.getCause().getMessage()
                + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RendezvousException(Kind.NO_ANSWER, "interrupted");
      } catch (RendezvousException e) {
        throw e;
      } catch (IOException e) {
        throw new RendezvousException(
            Kind.NO_ANSWER, "rendezvous " + where + ": " + e.getMessage());
      } finally {
        pending.compareAndSet(answer, null);
      }
    }
  }

  private IceServerGrant verify(IceGrant g, String myId, String nonce) throws RendezvousException {
    PublicIdentity key = link.rendezvousKey();
    if (key == null) {
      throw new RendezvousException(
          Kind.BAD_ANSWER,
          "rendezvous " + where + " has no key, so its ICE servers cannot be verified (too old?)");
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(g.signature());
    } catch (IllegalArgumentException e) {
      throw new RendezvousException(Kind.BAD_ANSWER, "ICE server grant signature is not base64");
    }
    if (!key.verify(IceServerGrant.signedBytes(g.grant()), sig)) {
      throw new RendezvousException(
          Kind.BAD_ANSWER,
          "the ICE servers from rendezvous " + where + " are not signed by its key " + key.id());
    }
    IceServerGrant grant;
    try {
      grant = IceServerGrant.parse(g.grant());
    } catch (IllegalArgumentException e) {
      throw new RendezvousException(
          Kind.BAD_ANSWER, "malformed ICE server grant from " + where + ": " + e.getMessage());
    }
    if (!grant.rendezvousId().equals(key.id())
        || !grant.peerId().equals(myId)
        || !grant.nonce().equals(nonce)) {
      throw new RendezvousException(
          Kind.BAD_ANSWER, "the ICE server grant from " + where + " is not for this request");
    }
    if (link.trust().pinnedId() == null) {
      try {
        link.trust().pinFirstUse(key.id());
        LOG.info("rendezvous {}: pinned its key {} (first use)", where, key.id());
      } catch (IOException e) {
        LOG.warn(
            "rendezvous {}: could not store the pin of key {}: {}",
            where,
            key.id(),
            e.getMessage());
      }
    }
    return grant;
  }

  /**
   * The reader thread got a grant: hand it to the waiting request (unsolicited ones are dropped).
   */
  void answered(IceGrant g) {
    CompletableFuture<IceGrant> p = pending.get();
    if (p != null) {
      p.complete(g);
    }
  }

  void connectionEnded(String reason) {
    CompletableFuture<IceGrant> p = pending.get();
    if (p != null) {
      p.completeExceptionally(new IOException(reason.isEmpty() ? "connection ended" : reason));
    }
  }
}
