package io.peerwall.p2p.signaling;

import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.control.ControlChannel;
import io.peerwall.p2p.dtls.DtlsFailure;
import io.peerwall.p2p.dtls.DtlsSession;
import io.peerwall.p2p.ice.IceDescription;
import io.peerwall.p2p.ice.IceFailedException;
import io.peerwall.p2p.ice.IceSession;
import io.peerwall.p2p.ice.IceSessionState;
import io.peerwall.p2p.media.MediaSender;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.signaling.SignalingMessage.Answer;
import io.peerwall.p2p.signaling.SignalingMessage.Bye;
import io.peerwall.p2p.signaling.SignalingMessage.ErrorMessage;
import io.peerwall.p2p.signaling.SignalingMessage.Hello;
import io.peerwall.p2p.signaling.SignalingMessage.Offer;
import io.peerwall.p2p.signaling.SignalingMessage.PairHello;
import io.peerwall.p2p.signaling.SignalingMessage.Refused;
import io.peerwall.p2p.srtp.SrtpTransport;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's side of one signaling conversation (direct or relayed): hello, then either pairing
 * or a session. For a session, in this order: the offer must name a paired station, carry its valid
 * signature, and a fresh nonce and timestamp; only then does the camera gather and answer (signed,
 * bound to the offer's nonce), run ICE, and as DTLS server require the station's certificate to
 * carry exactly that station's pinned key. Media starts only after all of that.
 */
final class CameraHandshake {
  private static final Logger LOG = LoggerFactory.getLogger(CameraHandshake.class);

  private final SignalingServer.Config config;
  private final CameraSessionListener listener;
  private final NonceCache nonces;
  private final SignalingServer server;
  private final ConnectionGate gate;

  CameraHandshake(
      SignalingServer.Config config,
      CameraSessionListener listener,
      NonceCache nonces,
      SignalingServer server,
      ConnectionGate gate) {
    this.config = config;
    this.listener = listener;
    this.nonces = nonces;
    this.server = server;
    this.gate = gate;
  }

  /**
   * Runs on the connection's thread for the conversation's lifetime. Never throws. The deadlines
   * count from the slot's admission; reads are bounded by the time left, so a peer dripping bytes
   * cannot extend them.
   */
  void run(MessageChannel conn, String id, Admission.Slot slot) {
    CameraCredentials creds = config.credentials();
    IceSession ice = null;
    DtlsSession dtls = null;
    CameraSession session = null;
    String endReason = "connection closed";
    boolean authenticated = false;
    try {
      long deadline = slot.admittedNanos() + config.handshakeTimeout().toNanos();
      long firstLineDeadline =
          Math.min(deadline, slot.admittedNanos() + config.limits().firstLineTimeout().toNanos());
      conn.send(
          new Hello(
              SignalingCodec.PROTOCOL_VERSION,
              config.cameraName(),
              creds.cameraId(),
              creds.identity().publicIdentity().base64()));
      SignalingMessage m;
      try {
        m = conn.read(remainingMillis(firstLineDeadline));
      } catch (SocketTimeoutException e) {
        endReason = "no first line in time";
        gate.firstLineTimedOut(conn);
        conn.trySend(new ErrorMessage("handshake timed out"));
        return;
      }
      if (m == null) {
        LOG.debug("signaling {}: {} left before offering", id, conn.source());
        return;
      }
      if (m instanceof Bye || m instanceof ErrorMessage) {
        LOG.info("signaling {}: station ended the handshake", id);
        return;
      }
      if (m instanceof PairHello ph) {
        slot.protect(); // the throttle lets one pairing run at a time: not taken back
        boolean paired = CameraPairing.handle(conn, ph, creds, remainingMillis(deadline));
        endReason = paired ? "paired" : "pairing failed";
        return;
      }
      if (!(m instanceof Offer offer)) {
        throw new SignalingProtocolException(
            "expected offer or pair-hello, got " + m.getClass().getSimpleName());
      }
      PairedPeer station = creds.store().station(offer.auth().from());
      if (station == null) {
        gate.peerTrouble(conn, "refused an offer from a station that is not paired");
        conn.trySend(new Refused(FailureReason.NOT_PAIRED.wire(), "this station is not paired", 0));
        endReason = "station not paired";
        return;
      }
      String cameraId = creds.cameraId();
      if (!SessionSignatures.verify(
          station.key(), offer.auth(), "offer", cameraId, station.id(), offer.ice())) {
        gate.peerTrouble(conn, "refused an offer with a bad signature");
        conn.trySend(new Refused(FailureReason.REPLAYED.wire(), "offer signature invalid", 0));
        endReason = "bad offer signature";
        return;
      }
      if (!nonces.accept(
          station.id() + "/" + offer.auth().nonce(),
          offer.auth().timestamp(),
          System.currentTimeMillis())) {
        gate.peerTrouble(conn, "refused a replayed or stale offer");
        conn.trySend(new Refused(FailureReason.REPLAYED.wire(), "offer replayed or stale", 0));
        endReason = "replayed offer";
        return;
      }
      // The station proved its pinned key: from here on it holds a session slot, which no
      // unauthenticated peer can take.
      if (!slot.promote()) {
        LOG.warn(
            "signaling {}: station {} refused: all {} session slots are taken",
            id,
            station.id(),
            gate.maxSessions());
        conn.trySend(
            new Refused(
                FailureReason.REFUSED.wire(),
                "the camera already serves its maximum of " + gate.maxSessions() + " stations",
                0));
        endReason = "sessions full";
        return;
      }
      authenticated = true;
      ice = new IceSession(id, false, config.ice());
      IceDescription local = ice.gather();
      conn.send(
          new Answer(
              local,
              SessionSignatures.sign(
                  creds.identity(),
                  "answer",
                  cameraId,
                  station.id(),
                  offer.auth().nonce(),
                  local)));
      ice.start(offer.ice());
      ice.awaitConnected(Duration.ofMillis(remainingMillis(deadline)));
      PairedPeer expected = station;
      dtls =
          DtlsSession.server(
              ice.dtlsTransport(),
              creds.identity(),
              k -> k.equals(expected.key()) && creds.store().station(k.id()) != null,
              Duration.ofMillis(remainingMillis(deadline)));
      SrtpTransport srtp = new SrtpTransport(ice.transport(), dtls.srtpKeys());
      MediaSender sender = new MediaSender(id, srtp, config.media());
      sender.start();
      session = new CameraSession(id, conn, ice, dtls, srtp, sender, station, server::sessionEnded);
      server.register(session);
      CameraSession started = session;
      ice.addListener(
          e -> {
            if (e.state() == IceSessionState.FAILED) {
              started.end("ICE failed: " + e.reason());
            } else if (e.state() == IceSessionState.PATH_LOST) {
              started.end(e.reason());
            }
          });
      CameraControlHandler handler =
          new CameraControlHandler(session, creds, config.cameraName(), listener);
      ControlChannel control =
          new ControlChannel(id, dtls, handler, config.pingInterval(), config.deadAfter());
      handler.bind(control);
      session.attachControl(control);
      control.start();
      ice.watchPath();
      LOG.info(
          "signaling {}: session with station {} ({}) started over {}",
          id,
          station.id(),
          conn.source(),
          ice.selectedPath().type());
      try {
        listener.onSessionStarted(session);
      } catch (RuntimeException e) {
        LOG.warn("signaling {}: onSessionStarted threw", id, e);
      }
      endReason = monitor(conn, session);
    } catch (SignalingProtocolException e) {
      endReason = "protocol error: " + e.getMessage();
      if (authenticated) {
        LOG.warn("signaling {}: closing connection from {}: {}", id, conn.source(), e.getMessage());
      } else {
        gate.peerTrouble(conn, "closed a connection: " + e.getMessage());
      }
      conn.trySend(new ErrorMessage(e.getMessage()));
    } catch (DtlsFailure e) {
      endReason = "DTLS failed: " + e.getMessage();
      LOG.warn(
          "signaling {}: DTLS with {} failed ({}): {}",
          id,
          conn.source(),
          e.kind(),
          e.getMessage());
    } catch (IceFailedException e) {
      endReason = "ICE failed: " + e.getMessage();
      LOG.warn("signaling {}: ICE with {} failed: {}", id, conn.source(), e.getMessage());
      conn.trySend(new ErrorMessage("ICE failed: " + e.getMessage()));
    } catch (SocketTimeoutException e) {
      endReason = "handshake timed out";
      gate.handshakeTimedOut(conn);
      conn.trySend(new ErrorMessage("handshake timed out"));
    } catch (InterruptedException e) {
      endReason = "server closing";
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      if (session != null && session.isClosed()) {
        endReason = "closed by camera";
      } else if (slot.evicted()) {
        endReason = "taken back for a newcomer";
      } else {
        endReason = "connection error: " + e;
        if (server.isClosed()) {
          LOG.debug("signaling {}: ended by the server closing", id);
        } else if (authenticated) {
          LOG.warn("signaling {}: connection from {} failed: {}", id, conn.source(), e.toString());
        } else {
          gate.peerTrouble(conn, "a connection failed: " + e.getClass().getSimpleName());
        }
      }
    } finally {
      if (session != null) {
        session.end(endReason);
      } else {
        conn.close();
        if (dtls != null) {
          dtls.close();
        }
        if (ice != null) {
          ice.close();
        }
      }
    }
  }

  /** Watches the signaling channel of a running session; returns why it ended. */
  private String monitor(MessageChannel conn, CameraSession session) throws IOException {
    while (!server.isClosed() && !session.isClosed()) {
      SignalingMessage m;
      try {
        m = conn.read(500);
      } catch (SocketTimeoutException e) {
        continue;
      }
      if (m == null) {
        if (!conn.essential()) {
          return awaitEnd(session);
        }
        return "station disconnected";
      }
      if (m instanceof Bye b) {
        return "bye from station: " + b.reason();
      }
      if (m instanceof ErrorMessage em) {
        return "error from station: " + em.reason();
      }
      throw new SignalingProtocolException(
          "unexpected " + m.getClass().getSimpleName() + " during session");
    }
    return server.isClosed() ? "server closed" : "closed by camera";
  }

  /** A relayed channel ended: the session lives on until its control channel says otherwise. */
  private String awaitEnd(CameraSession session) {
    while (!server.isClosed() && !session.isClosed()) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return server.isClosed() ? "server closed" : "closed by camera";
  }

  static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
    long ms = (deadlineNanos - System.nanoTime()) / 1_000_000L;
    if (ms <= 0) {
      throw new SocketTimeoutException("handshake deadline passed");
    }
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }
}
