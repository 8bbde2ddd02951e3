package io.peerwall.p2p.signaling;

import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.control.CameraInfo;
import io.peerwall.p2p.control.ControlChannel;
import io.peerwall.p2p.control.ControlMessage;
import io.peerwall.p2p.control.ControlMessage.Info;
import io.peerwall.p2p.control.ControlMessage.InfoRequest;
import io.peerwall.p2p.control.ControlMessage.PasswordFactsReply;
import io.peerwall.p2p.control.ControlMessage.PasswordFactsRequest;
import io.peerwall.p2p.control.ControlMessage.Result;
import io.peerwall.p2p.control.ControlMessage.SiteKeyCreate;
import io.peerwall.p2p.control.ControlMessage.SiteKeyExport;
import io.peerwall.p2p.control.ControlMessage.SiteKeyImport;
import io.peerwall.p2p.control.ControlMessage.SiteKeySealed;
import io.peerwall.p2p.control.PasswordFacts;
import io.peerwall.p2p.identity.PublicIdentity;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a station asks a connected camera for its audit, over the session's control channel: the
 * camera's info with its password facts, and the steps that share the site's reuse-tag key between
 * cameras without the station reading it (docs/protocol.md, "Password facts" and "Reuse tags").
 */
public final class CameraAudit {
  /**
   * How long to wait for the facts after the info came: the camera answers in order, so a camera
   * that answered the info but not the facts within this time dropped the request (an older agent).
   */
  static final Duration FACTS_GRACE = Duration.ofSeconds(1);

  private static final Duration INFO_TIMEOUT = Duration.ofSeconds(10);

  private CameraAudit() {}

  /**
   * A camera's info and password facts.
   *
   * @param facts null when the camera sent none: an agent from before password facts
   */
  public record Report(CameraInfo info, PasswordFacts facts) {
    /** Whether the camera is too old to send password facts. */
    public boolean tooOldForFacts() {
      return facts == null;
    }
  }

  /**
   * Asks for the facts, then the info, and waits for both: an older camera drops the first request
   * (unknown type) and answers the second, which is how it is told apart from a slow one.
   *
   * @throws IOException when the camera does not answer the info request (gone, not a camera)
   */
  public static Report read(StationSession session) throws IOException {
    return read(session.controlChannel());
  }

  static Report read(ControlChannel c) throws IOException {
    long factsId = c.nextId();
    long infoId = c.nextId();
    CompletableFuture<ControlMessage> facts = c.request(factsId, new PasswordFactsRequest(factsId));
    CompletableFuture<ControlMessage> info = c.request(infoId, new InfoRequest(infoId));
    ControlMessage i = get(info, INFO_TIMEOUT);
    if (!(i instanceof Info answer)) {
      c.forget(factsId);
      throw new IOException(
          "camera answered the info request with " + i.getClass().getSimpleName());
    }
    ControlMessage f;
    try {
      f = facts.get(FACTS_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      c.forget(factsId);
      return new Report(answer.info(), null);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    if (!(f instanceof PasswordFactsReply reply)) {
      throw new IOException(
          "camera answered the facts request with " + f.getClass().getSimpleName());
    }
    return new Report(answer.info(), reply.facts());
  }

  /** Asks the camera to make a site key if it has none (the first camera of a site). */
  public static void createSiteKey(StationSession session) throws IOException {
    expectOk(session.request(SiteKeyCreate::new));
  }

  /**
   * Asks the camera of {@code holder} to seal its site key to the camera whose pinned key is {@code
   * recipient}; returns the envelope (only that camera can open it).
   *
   * @throws SignalingException (REFUSED) with the camera's reason: no site key, not a camera key
   */
  public static String exportSiteKey(StationSession holder, PublicIdentity recipient)
      throws IOException {
    ControlMessage m = holder.request(id -> new SiteKeyExport(id, recipient.base64()));
    if (m instanceof SiteKeySealed s) {
      return s.envelope();
    }
    expectOk(m);
    throw new IOException("camera answered the export with " + m.getClass().getSimpleName());
  }

  /**
   * Hands {@code envelope}, sealed by the camera whose pinned key is {@code sender}, to the camera
   * of {@code recipient}.
   *
   * @throws SignalingException (REFUSED) with the camera's reason (already has another key, not
   *     sealed to it)
   */
  public static void importSiteKey(StationSession recipient, PublicIdentity sender, String envelope)
      throws IOException {
    expectOk(recipient.request(id -> new SiteKeyImport(id, sender.base64(), envelope)));
  }

  /** Carries the site key of {@code holder}'s camera to {@code recipient}'s camera. */
  public static void shareSiteKey(StationSession holder, StationSession recipient)
      throws IOException {
    String envelope = exportSiteKey(holder, recipient.cameraKey());
    importSiteKey(recipient, holder.cameraKey(), envelope);
  }

  private static void expectOk(ControlMessage m) throws SignalingException {
    if (m instanceof Result r && r.ok()) {
      return;
    }
    String why = m instanceof Result r ? r.reason() : "unexpected answer";
    throw new SignalingException(FailureReason.REFUSED, "camera refused: " + why, 0);
  }

  private static ControlMessage get(CompletableFuture<ControlMessage> f, Duration timeout)
      throws IOException {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("camera did not answer within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }
}
