package io.peerwall.p2p.signaling;

import java.io.IOException;

/**
 * One signaling conversation between a station and a camera: a direct TCP connection ({@code
 * SignalingConnection}) or a virtual channel relayed by a rendezvous. Messages are whole and
 * validated ({@link SignalingCodec}); the channel itself is not trusted for anything: everything
 * that matters is signed, or proven by SRP, end to end.
 */
public interface MessageChannel extends AutoCloseable {
  /**
   * The next message, waiting at most {@code timeoutMillis}.
   *
   * @return the message, or null if the peer closed the channel
   * @throws java.net.SocketTimeoutException on timeout
   * @throws SignalingProtocolException on malformed input
   */
  SignalingMessage read(int timeoutMillis) throws IOException;

  /** Sends one message (thread-safe). */
  void send(SignalingMessage m) throws IOException;

  /** Sends without throwing (bye/error/refused on the way out). */
  void trySend(SignalingMessage m);

  /**
   * Where the peer is, for logs and per-source throttling: the IP address of a direct connection,
   * or "relay:" plus the rendezvous' tag for a relayed one.
   */
  String source();

  /**
   * Whose share of the camera's handshake capacity this conversation takes ({@link
   * ConnectionLimits}): the IP address of a direct connection; for relayed channels the rendezvous
   * connection they all arrive on (a rendezvous does not vouch for the station's address).
   */
  default String admissionKey() {
    return source();
  }

  /**
   * Whether the session depends on this channel staying open. A direct connection is the session's
   * lifeline (its loss ends the session at once); a relayed one is not (a rendezvous restart must
   * not cut live media; the control channel's liveness decides instead).
   */
  default boolean essential() {
    return true;
  }

  @Override
  void close();
}
