package io.peerwall.p2p.srtp;

import io.peerwall.p2p.dtls.SrtpKeyMaterial;
import io.peerwall.p2p.transport.DatagramTransport;
import io.peerwall.p2p.transport.PacketClass;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RTP/RTCP in the clear above, SRTP/SRTCP below: the layer DTLS-SRTP inserts between the media
 * classes and the ICE pair. {@code MediaSender} and {@code MediaReceiver} run on it unchanged.
 *
 * <p>{@link #receive} drops (and counts) every datagram that is not SRTP/SRTCP, fails
 * authentication or is a replay, and keeps waiting for a good one until the caller's timeout.
 * Thread-safety: sends are serialised on the sending context, receives on the receiving one, so one
 * receiving thread and any number of sending threads may use it.
 */
public final class SrtpTransport implements DatagramTransport {
  private final DatagramTransport inner;
  private final SrtpContext tx;
  private final SrtpContext rx;
  private final AtomicLong authFailures = new AtomicLong();
  private final AtomicLong replays = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong protectNanos = new AtomicLong();

  public SrtpTransport(DatagramTransport inner, SrtpKeyMaterial keys) {
    this(
        inner,
        new SrtpContext(keys.localKey(), keys.localSalt()),
        new SrtpContext(keys.remoteKey(), keys.remoteSalt()));
  }

  SrtpTransport(DatagramTransport inner, SrtpContext tx, SrtpContext rx) {
    this.inner = inner;
    this.tx = tx;
    this.rx = rx;
  }

  @Override
  public int getReceiveLimit() {
    return inner.getReceiveLimit();
  }

  @Override
  public int getSendLimit() {
    return inner.getSendLimit() - SrtpContext.TAG - SrtpContext.SRTCP_INDEX;
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    long deadline = System.nanoTime() + waitMillis * 1_000_000L;
    byte[] tmp = new byte[Math.max(len, inner.getReceiveLimit())];
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      int n = inner.receive(tmp, 0, tmp.length, (int) Math.max(1, left));
      if (n < 0) {
        return -1;
      }
      PacketClass c = PacketClass.classify(tmp, 0, n);
      SrtpContext.Verdict v;
      int plain;
      synchronized (rx) {
        if (c == PacketClass.RTP) {
          v = rx.unprotectRtp(tmp, 0, n);
          plain = n - SrtpContext.TAG;
        } else if (c == PacketClass.RTCP) {
          v = rx.unprotectRtcp(tmp, 0, n);
          plain = n - SrtpContext.TAG - SrtpContext.SRTCP_INDEX;
        } else {
          v = SrtpContext.Verdict.MALFORMED;
          plain = 0;
        }
      }
      switch (v) {
        case OK:
          int k = Math.min(len, plain);
          System.arraycopy(tmp, 0, buf, off, k);
          return k;
        case AUTH_FAILED:
          authFailures.incrementAndGet();
          break;
        case REPLAYED:
          replays.incrementAndGet();
          break;
        default:
          malformed.incrementAndGet();
      }
      if (System.nanoTime() - deadline >= 0) {
        return -1;
      }
    }
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    long t0 = System.nanoTime();
    byte[] out;
    synchronized (tx) {
      PacketClass c = PacketClass.classify(buf, off, len);
      out =
          c == PacketClass.RTP
              ? tx.protectRtp(buf, off, len)
              : c == PacketClass.RTCP ? tx.protectRtcp(buf, off, len) : null;
    }
    if (out == null) {
      throw new IOException("only RTP and RTCP packets can be sent over SRTP");
    }
    protectNanos.addAndGet(System.nanoTime() - t0);
    inner.send(out, 0, out.length);
  }

  @Override
  public boolean isClosed() {
    return inner.isClosed();
  }

  /** Does not close the ICE transport underneath (the ICE session owns it). */
  @Override
  public void close() {}

  /** SRTP/SRTCP packets whose authentication tag did not verify (tampered or foreign). */
  public long authFailures() {
    return authFailures.get();
  }

  public long replays() {
    return replays.get();
  }

  /** Datagrams that were neither SRTP nor SRTCP, or too short. */
  public long malformed() {
    return malformed.get();
  }

  /** Total CPU time spent protecting outgoing packets (for the cost benchmark). */
  public long protectNanos() {
    return protectNanos.get();
  }
}
