package io.peerwall.p2p.testutil;

import io.peerwall.p2p.transport.DatagramTransport;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/**
 * A real UDP socket on loopback, connected to one peer, as a {@link DatagramTransport}: the kernel
 * carries (and may drop) the datagrams. For media tests that need real sockets but not ICE.
 */
public final class UdpTransport implements DatagramTransport {
  private final DatagramSocket socket;

  private UdpTransport(DatagramSocket socket) {
    this.socket = socket;
  }

  /** Two transports on 127.0.0.1 connected to each other (4 MiB receive buffers). */
  public static UdpTransport[] pair() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    DatagramSocket a = new DatagramSocket(new InetSocketAddress(lo, 0));
    DatagramSocket b = new DatagramSocket(new InetSocketAddress(lo, 0));
    a.setReceiveBufferSize(4 << 20);
    b.setReceiveBufferSize(4 << 20);
    a.connect(b.getLocalSocketAddress());
    b.connect(a.getLocalSocketAddress());
    return new UdpTransport[] {new UdpTransport(a), new UdpTransport(b)};
  }

  @Override
  public int getReceiveLimit() {
    return 1500;
  }

  @Override
  public int getSendLimit() {
    return 1500;
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    socket.setSoTimeout(Math.max(1, waitMillis));
    DatagramPacket p = new DatagramPacket(buf, off, len);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      return -1;
    }
    return p.getLength();
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    socket.send(new DatagramPacket(buf, off, len));
  }

  @Override
  public boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    socket.close();
  }
}
