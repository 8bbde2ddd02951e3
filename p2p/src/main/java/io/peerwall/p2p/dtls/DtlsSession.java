package io.peerwall.p2p.dtls;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.identity.PublicIdentity;
import io.peerwall.p2p.transport.DatagramTransport;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.Predicate;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A finished, mutually authenticated DTLS 1.2 association on the DTLS channel of an ICE pair: the
 * application-data transport (the session's control channel), the peer's verified identity and the
 * SRTP master keys for each direction.
 *
 * <pre>{@code
 * DtlsSession d = DtlsSession.client(iceSession.dtlsTransport(), station, pinnedCameraKey, 10s);
 * SrtpTransport media = new SrtpTransport(iceSession.transport(), d.srtpKeys());
 * d.send(controlBytes);  d.receive(buf, 100);
 * }</pre>
 */
public final class DtlsSession implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DTLSTransport transport;
  private final PublicIdentity peer;
  private final SrtpKeyMaterial keys;
  private volatile boolean closed;

  private DtlsSession(DTLSTransport transport, PublicIdentity peer, SrtpKeyMaterial keys) {
    this.transport = transport;
    this.peer = peer;
    this.keys = keys;
  }

  /**
   * Station side (DTLS client, as the ICE-controlling peer, RFC 5763 "actpass" resolved to active).
   *
   * @param pinnedCamera the key pinned at pairing; any other key fails with KEY_MISMATCH
   */
  public static DtlsSession client(
      DatagramTransport dtlsChannel, Identity own, PublicIdentity pinnedCamera, Duration timeout)
      throws DtlsFailure {
    BcTlsCrypto crypto = new BcTlsCrypto(RANDOM);
    PinnedDtlsClient client =
        new PinnedDtlsClient(crypto, own, pinnedCamera, (int) timeout.toMillis());
    try {
      DTLSTransport t =
          new DTLSClientProtocol().connect(client, new BcTransportAdapter(dtlsChannel));
      return new DtlsSession(
          t, pinnedCamera, SrtpKeyMaterial.split(client.srtpKeyingMaterial, true));
    } catch (IOException | RuntimeException e) {
      if (client.keyMismatch) {
        throw new DtlsFailure(
            DtlsFailure.Kind.KEY_MISMATCH,
            "the camera presented a key other than the one pinned at pairing",
            e);
      }
      throw new DtlsFailure(DtlsFailure.Kind.HANDSHAKE, "DTLS handshake failed: " + describe(e), e);
    }
  }

  /**
   * Camera side (DTLS server).
   *
   * @param authorized accepts the station's presented key (paired, and the one the offer named)
   */
  public static DtlsSession server(
      DatagramTransport dtlsChannel,
      Identity own,
      Predicate<PublicIdentity> authorized,
      Duration timeout)
      throws DtlsFailure {
    BcTlsCrypto crypto = new BcTlsCrypto(RANDOM);
    PinnedDtlsServer server =
        new PinnedDtlsServer(crypto, own, authorized, (int) timeout.toMillis());
    DTLSServerProtocol protocol = new DTLSServerProtocol();
    // ICE connectivity checks already proved the peer's address: no cookie round trip.
    protocol.setVerifyRequests(false);
    try {
      DTLSTransport t = protocol.accept(server, new BcTransportAdapter(dtlsChannel));
      return new DtlsSession(
          t, server.peer, SrtpKeyMaterial.split(server.srtpKeyingMaterial, false));
    } catch (IOException | RuntimeException e) {
      if (server.notAuthorized) {
        throw new DtlsFailure(
            DtlsFailure.Kind.NOT_PAIRED, "the station's key is not paired with this camera", e);
      }
      throw new DtlsFailure(DtlsFailure.Kind.HANDSHAKE, "DTLS handshake failed: " + describe(e), e);
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof TlsFatalAlert a) {
      return "alert "
          + a.getAlertDescription()
          + (a.getMessage() == null ? "" : ": " + a.getMessage());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The peer's identity, proven by its CertificateVerify signature. */
  public PublicIdentity peer() {
    return peer;
  }

  public SrtpKeyMaterial srtpKeys() {
    return keys;
  }

  /** Largest application message. */
  public int sendLimit() throws IOException {
    return transport.getSendLimit();
  }

  /** Sends one application-data record (the control channel). */
  public void send(byte[] buf, int off, int len) throws IOException {
    transport.send(buf, off, len);
  }

  /**
   * Receives one application-data record; -1 on timeout. Records that fail authentication are
   * dropped inside Bouncy Castle and never surface here.
   */
  public int receive(byte[] buf, int waitMillis) throws IOException {
    return transport.receive(buf, 0, buf.length, waitMillis);
  }

  public boolean isClosed() {
    return closed;
  }

  /** Sends close_notify (best effort). Does not close the ICE transport underneath. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      transport.close();
    } catch (IOException | RuntimeException e) {
      // The peer or the path may already be gone; close_notify is a courtesy.
      org.slf4j.LoggerFactory.getLogger(DtlsSession.class).debug("close_notify: {}", e.toString());
    }
  }
}
