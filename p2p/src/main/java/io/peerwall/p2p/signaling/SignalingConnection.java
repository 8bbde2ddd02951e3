package io.peerwall.p2p.signaling;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/** One TCP signaling connection: bounded line reads, whole-line writes. */
final class SignalingConnection implements MessageChannel {
  private final Socket socket;
  private final BoundedLineReader reader;
  private final OutputStream out;
  private final SocketAddress remote;
  private volatile boolean closed;

  SignalingConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.remote = socket.getRemoteSocketAddress();
    socket.setTcpNoDelay(true);
    this.reader =
        new BoundedLineReader(
            new BufferedInputStream(socket.getInputStream()), SignalingCodec.MAX_LINE_BYTES);
    this.out = socket.getOutputStream();
  }

  SocketAddress remote() {
    return remote;
  }

  @Override
  public String source() {
    return remote instanceof java.net.InetSocketAddress isa && isa.getAddress() != null
        ? isa.getAddress().getHostAddress()
        : String.valueOf(remote);
  }

  /**
   * Reads the next message, which must be complete within {@code timeoutMillis} (bytes trickling in
   * do not extend it).
   *
   * @return the message, or null if the peer closed the connection cleanly
   * @throws SignalingProtocolException on malformed input
   * @throws java.net.SocketTimeoutException if the time is up first
   */
  @Override
  public SignalingMessage read(int timeoutMillis) throws IOException {
    String line =
        reader.readLine(
            System.nanoTime() + Math.max(1, timeoutMillis) * 1_000_000L, socket::setSoTimeout);
    if (line == null) {
      return null;
    }
    return SignalingCodec.decode(line);
  }

  /** Sends one message (thread-safe). */
  @Override
  public void send(SignalingMessage m) throws IOException {
    byte[] bytes = (SignalingCodec.encode(m) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (out) {
      out.write(bytes);
      out.flush();
    }
  }

  /** Sends without throwing (for bye/error on the way out). */
  @Override
  public void trySend(SignalingMessage m) {
    if (closed) {
      return;
    }
    try {
      socket.setSoTimeout(1000);
      send(m);
    } catch (IOException | RuntimeException e) {
      // the peer may already be gone
    }
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
