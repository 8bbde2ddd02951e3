package io.peerwall.p2p.ice;

import io.peerwall.p2p.transport.DatagramTransport;
import io.peerwall.p2p.transport.PacketClass;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.socket.IceSocketWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DatagramTransport} over the socket of ICE's selected candidate pair.
 *
 * <p>Why not ice4j's per-component merging socket ({@code Component.getSocket()}): in ice4j 3.2 it
 * is a {@code DatagramSocket} subclass whose implicit super constructor binds an extra UDP socket
 * on the <em>wildcard</em> address (i.e. on every interface, including the LAN one) for each
 * session. It never sends, but an open port on real interfaces is exactly what PeerWall's host
 * candidate policy rules out. So {@link IceSession} creates the component with {@code
 * useComponentSocket=false} and uses the pair's socket, as ice4j documents for that mode.
 *
 * <p>The pair's socket is a {@code MultiplexingDatagramSocket} shared with ice4j's STUN stack (its
 * STUN-filtered child carries connectivity checks and consent freshness); reading the parent yields
 * every non-STUN datagram. It must be read <em>blocking</em>: a receive timeout set on it would
 * also apply to ice4j's STUN reader, which logs a warning on every timeout. So one reader thread,
 * {@code p2p-ice-rx-<id>}, reads it, drops datagrams not from the selected remote address, and
 * queues the rest (bounded; overflow is dropped and counted); {@link #receive} polls the queue with
 * its timeout. The thread ends when the agent closes the socket ({@code IceSession.close()}).
 */
final class IcePairTransport implements DatagramTransport {
  private static final Logger LOG = LoggerFactory.getLogger(IcePairTransport.class);

  /** ice4j's multiplexing socket delivers at most this many bytes per datagram. */
  static final int MAX_DATAGRAM = 1500;

  private final String id;
  private final IceSocketWrapper socket;
  private final DatagramSocket udp;
  private final TransportAddress remote;
  private final BlockingQueue<byte[]> queue;

  /** RFC 7983: DTLS records (first byte 20..63) go to their own queue, read by the DTLS layer. */
  private final BlockingQueue<byte[]> dtlsQueue = new ArrayBlockingQueue<>(256);

  private final DtlsChannel dtlsChannel = new DtlsChannel();
  private final AtomicLong foreignDropped = new AtomicLong();
  private final AtomicLong overflowDropped = new AtomicLong();
  private volatile boolean closed;
  private volatile long lastReceivedNanos = System.nanoTime();
  private Thread reader;

  IcePairTransport(String id, CandidatePair pair, int queueCapacity) {
    this.id = id;
    this.remote = pair.getRemoteCandidate().getTransportAddress();
    this.socket = pairSocket(pair);
    if (socket == null || socket.getUDPSocket() == null) {
      throw new IllegalStateException("selected pair has no UDP socket");
    }
    this.udp = socket.getUDPSocket();
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
  }

  /**
   * The local socket of the pair: the base candidate's socket. For host bases (all PeerWall
   * candidates so far, and the base of srflx/prflx ones) {@code HostCandidate} exposes it publicly;
   * other bases (relayed, once TURN is configured) need the deprecated pair accessor, which does
   * the same lookup.
   */
  @SuppressWarnings("deprecation")
  private static IceSocketWrapper pairSocket(CandidatePair pair) {
    LocalCandidate local = pair.getLocalCandidate();
    LocalCandidate base = local.getBase() != null ? local.getBase() : local;
    if (base instanceof HostCandidate) {
      return ((HostCandidate) base).getCandidateIceSocketWrapper();
    }
    return pair.getIceSocketWrapper();
  }

  void start() {
    reader = NamedThreadFactory.start("p2p-ice-rx-" + id, this::readLoop);
  }

  private void readLoop() {
    byte[] buf = new byte[MAX_DATAGRAM];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    while (!closed) {
      p.setData(buf, 0, buf.length);
      try {
        udp.receive(p);
      } catch (IOException e) {
        if (!closed && !udp.isClosed()) {
          LOG.info("ICE session {}: socket receive failed: {}", id, e.toString());
        }
        break;
      }
      if (!remote.equals(p.getSocketAddress())) {
        foreignDropped.incrementAndGet();
        continue;
      }
      lastReceivedNanos = System.nanoTime();
      byte[] d = Arrays.copyOf(buf, p.getLength());
      BlockingQueue<byte[]> target =
          PacketClass.classify(d, 0, d.length) == PacketClass.DTLS ? dtlsQueue : queue;
      if (!target.offer(d)) {
        overflowDropped.incrementAndGet();
      }
    }
    closed = true;
  }

  @Override
  public int getReceiveLimit() {
    return MAX_DATAGRAM;
  }

  @Override
  public int getSendLimit() {
    return MAX_DATAGRAM;
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    return take(queue, buf, off, len, waitMillis);
  }

  /** The DTLS records of this pair (RFC 7983 demultiplexing): the DTLS layer's transport. */
  DatagramTransport dtlsChannel() {
    return dtlsChannel;
  }

  private int take(BlockingQueue<byte[]> from, byte[] buf, int off, int len, int waitMillis)
      throws IOException {
    byte[] d;
    try {
      d = waitMillis > 0 ? from.poll(waitMillis, TimeUnit.MILLISECONDS) : from.poll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
    if (d == null) {
      if (closed) {
        throw new SocketException("transport closed");
      }
      return -1;
    }
    int n = Math.min(len, d.length);
    System.arraycopy(d, 0, buf, off, n);
    return n;
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    if (closed) {
      throw new SocketException("transport closed");
    }
    if (len > MAX_DATAGRAM) {
      throw new IOException("datagram of " + len + " bytes exceeds " + MAX_DATAGRAM);
    }
    socket.send(new DatagramPacket(buf, off, len, remote));
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /**
   * When a datagram from the peer last arrived on the pair (System.nanoTime; the transport's
   * creation if none yet). STUN (consent checks) is not counted: ice4j consumes it first.
   */
  long lastReceivedNanos() {
    return lastReceivedNanos;
  }

  /** Datagrams on the pair's socket from other addresses (dropped). */
  long foreignDropped() {
    return foreignDropped.get();
  }

  /** Datagrams dropped because nobody read the queue fast enough. */
  long overflowDropped() {
    return overflowDropped.get();
  }

  /**
   * Marks the transport closed: receivers get an exception, senders too. The socket itself belongs
   * to the ice4j agent; {@code Agent.free()} closes it, which ends the reader thread (see {@link
   * #awaitReader}).
   */
  @Override
  public void close() {
    closed = true;
  }

  /** Waits for the reader thread to end (after the agent closed the socket). */
  void awaitReader(long millis) {
    Thread t = reader;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        LOG.warn("ICE session {}: reader thread still running after close", id);
      }
    }
  }

  /**
   * The DTLS view: same socket and remote, its own queue. Closing it closes only the view (Bouncy
   * Castle closes its transport when the DTLS association ends; the ICE pair lives on until the
   * session closes).
   */
  private final class DtlsChannel implements DatagramTransport {
    private volatile boolean viewClosed;

    @Override
    public int getReceiveLimit() {
      return MAX_DATAGRAM;
    }

    @Override
    public int getSendLimit() {
      return MAX_DATAGRAM;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
      if (viewClosed) {
        throw new SocketException("DTLS channel closed");
      }
      return take(dtlsQueue, buf, off, len, waitMillis);
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
      if (viewClosed) {
        throw new SocketException("DTLS channel closed");
      }
      IcePairTransport.this.send(buf, off, len);
    }

    @Override
    public boolean isClosed() {
      return viewClosed || closed;
    }

    @Override
    public void close() {
      viewClosed = true;
    }
  }
}
