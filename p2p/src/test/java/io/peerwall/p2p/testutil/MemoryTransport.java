package io.peerwall.p2p.testutil;

import io.peerwall.p2p.transport.DatagramTransport;
import java.io.IOException;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An in-memory datagram pipe pair for tests that don't need ICE. */
public final class MemoryTransport implements DatagramTransport {
  private final BlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
  private MemoryTransport peer;
  private volatile boolean closed;

  public static MemoryTransport[] pair() {
    MemoryTransport a = new MemoryTransport();
    MemoryTransport b = new MemoryTransport();
    a.peer = b;
    b.peer = a;
    return new MemoryTransport[] {a, b};
  }

  /** Injects a datagram as if the peer had sent it. */
  public void inject(byte[] datagram) {
    inbox.add(datagram.clone());
  }

  public int pending() {
    return inbox.size();
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
    if (closed) {
      throw new SocketException("closed");
    }
    byte[] d;
    try {
      d = inbox.poll(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException();
    }
    if (d == null) {
      return -1;
    }
    int n = Math.min(len, d.length);
    System.arraycopy(d, 0, buf, off, n);
    return n;
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    if (closed) {
      throw new SocketException("closed");
    }
    peer.inbox.add(Arrays.copyOfRange(buf, off, off + len));
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
