package io.peerwall.p2p.dtls;

import io.peerwall.p2p.transport.DatagramTransport;
import java.io.IOException;

/** Our {@link DatagramTransport} seen as Bouncy Castle's (same shape, by design). */
final class BcTransportAdapter implements org.bouncycastle.tls.DatagramTransport {
  /** DTLS records stay below this so that a relayed (TURN) path never fragments at IP level. */
  static final int DTLS_MTU = 1200;

  private final DatagramTransport inner;

  BcTransportAdapter(DatagramTransport inner) {
    this.inner = inner;
  }

  @Override
  public int getReceiveLimit() {
    return inner.getReceiveLimit();
  }

  @Override
  public int getSendLimit() {
    return Math.min(DTLS_MTU, inner.getSendLimit());
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    return inner.receive(buf, off, len, Math.max(1, waitMillis));
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    inner.send(buf, off, len);
  }

  @Override
  public void close() {
    inner.close();
  }
}
