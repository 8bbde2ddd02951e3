package io.peerwall.p2p.transport;

import java.io.IOException;

/**
 * A connected, unreliable datagram path to exactly one peer.
 *
 * <p>The method set deliberately mirrors Bouncy Castle's {@code org.bouncycastle.tls
 * .DatagramTransport} (same names, same semantics), so that the DTLS-SRTP layer of a later issue
 * can wrap the ICE transport with a one-line adapter, and the RTP layer can then run on top of an
 * SRTP transport that implements this same interface:
 *
 * <pre>
 *   today:  RTP/RTCP  ──►  DatagramTransport (ICE component)
 *   later:  RTP/RTCP  ──►  SRTP DatagramTransport ──►  RFC 7983 demux ──►  ICE component
 *                                                            └──► DTLS (BC DTLSTransport)
 * </pre>
 *
 * <p>Implementations are safe for one receiving thread and any number of sending threads.
 */
public interface DatagramTransport extends AutoCloseable {

  /** Largest datagram {@link #receive} can return without truncation. */
  int getReceiveLimit();

  /** Largest datagram {@link #send} accepts. */
  int getSendLimit();

  /**
   * Waits up to {@code waitMillis} for one datagram and copies it into {@code buf}.
   *
   * @return the number of bytes received, or {@code -1} if nothing arrived in time
   * @throws IOException if the transport is closed or broken
   */
  int receive(byte[] buf, int off, int len, int waitMillis) throws IOException;

  /** Sends one datagram to the peer. */
  void send(byte[] buf, int off, int len) throws IOException;

  /** Whether {@link #close()} has been called (or the underlying socket went away). */
  boolean isClosed();

  /** Closes the transport; a blocked {@link #receive} returns promptly with an exception. */
  @Override
  void close();
}
