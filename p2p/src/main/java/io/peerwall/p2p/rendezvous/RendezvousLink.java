package io.peerwall.p2p.rendezvous;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Challenge;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Close;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Data;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Open;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Ping;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Register;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Registered;
import io.peerwall.p2p.signaling.BoundedLineReader;
import io.peerwall.p2p.signaling.MessageChannel;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's TCP connection to a rendezvous, multiplexing signaling channels. A station {@link
 * #open}s a channel to a camera ID; a camera {@link #register}s (signing the server's challenge)
 * and receives channels that stations open. One reader thread, {@code p2p-rdv-link-<n>}, dispatches
 * inbound lines; it ends when the connection does.
 */
public final class RendezvousLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RendezvousLink.class);
  private static final AtomicInteger COUNTER = new AtomicInteger();
  static final String REGISTER_LABEL = "peerwall-rdv-register-v1";

  private final Socket socket;
  private final BoundedLineReader reader;
  private final OutputStream out;
  private final String challenge;
  private final Map<Long, RelayedChannel> channels = new ConcurrentHashMap<>();
  private final AtomicLong nextChannel = new AtomicLong();
  private final String tag;
  private volatile Consumer<MessageChannel> incoming;
  private volatile boolean closed;
  private volatile Registered registered;
  private Thread thread;

  private RendezvousLink(Socket socket, BoundedLineReader reader, String challenge)
      throws IOException {
    this.socket = socket;
    this.reader = reader;
    this.out = socket.getOutputStream();
    this.challenge = challenge;
    this.tag = "relay:" + socket.getRemoteSocketAddress();
  }

  /** Connects and reads the server's challenge. */
  public static RendezvousLink connect(InetSocketAddress server, Duration timeout)
      throws IOException {
    Socket s = new Socket();
    try {
      s.connect(server, (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      s.setTcpNoDelay(true);
      BoundedLineReader r =
          new BoundedLineReader(
              new BufferedInputStream(s.getInputStream()), RendezvousCodec.MAX_LINE_BYTES);
      RendezvousMessage m = decode(r.readLine());
      if (!(m instanceof Challenge c)) {
        throw new IOException("rendezvous did not send a challenge");
      }
      s.setSoTimeout(0);
      return new RendezvousLink(s, r, c.nonce());
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
  }

  /** Starts reading (after {@link #register}, or at once for a station). */
  public synchronized RendezvousLink start() {
    if (thread == null) {
      thread =
          NamedThreadFactory.start("p2p-rdv-link-" + COUNTER.incrementAndGet(), this::readLoop);
    }
    return this;
  }

  /**
   * Registers a camera: proves possession of the ID's key by signing the challenge; afterwards
   * stations' channels arrive at {@code onChannel} (on the link's thread: hand them off quickly).
   */
  public void register(Identity camera, Consumer<MessageChannel> onChannel, Duration timeout)
      throws IOException {
    this.incoming = onChannel;
    byte[] sig = camera.sign(registerBytes(challenge, camera.id()));
    send(new Register(camera.publicIdentity().base64(), Base64.getEncoder().encodeToString(sig)));
    socket.setSoTimeout((int) timeout.toMillis());
    RendezvousMessage m = decode(reader.readLine());
    socket.setSoTimeout(0);
    if (!(m instanceof Registered r) || !r.cameraId().equals(camera.id())) {
      throw new IOException("rendezvous refused the registration");
    }
    registered = r;
    start();
  }

  static byte[] registerBytes(String challenge, String cameraId) {
    return (REGISTER_LABEL + "\n" + challenge + "\n" + cameraId).getBytes(StandardCharsets.UTF_8);
  }

  /** Station: opens a signaling channel to a registered camera. */
  public MessageChannel open(String cameraId) throws IOException {
    start();
    long id = nextChannel.incrementAndGet();
    RelayedChannel ch = new RelayedChannel(this, id, tag, tag);
    channels.put(id, ch);
    send(new Open(id, cameraId));
    return ch;
  }

  void send(RendezvousMessage m) throws IOException {
    if (closed) {
      throw new IOException("rendezvous connection closed");
    }
    byte[] b = (RendezvousCodec.encode(m) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (out) {
      out.write(b);
      out.flush();
    }
  }

  void channelClosed(RelayedChannel ch) {
    channels.remove(ch.id());
  }

  private void readLoop() {
    try {
      while (!closed) {
        String line = reader.readLine();
        if (line == null) {
          break;
        }
        RendezvousMessage m;
        try {
          m = RendezvousCodec.decode(line);
        } catch (IllegalArgumentException e) {
          LOG.warn("rendezvous sent a malformed line: {}", e.getMessage());
          break;
        }
        if (m instanceof Data d) {
          RelayedChannel ch = channels.get(d.channel());
          if (ch != null) {
            ch.deliver(d.payload());
          }
        } else if (m instanceof Close c) {
          RelayedChannel ch = channels.remove(c.channel());
          if (ch != null) {
            ch.remoteClosed();
          }
        } else if (m instanceof Open o && incoming != null) {
          RelayedChannel ch = new RelayedChannel(this, o.channel(), tag + "#" + o.channel(), tag);
          channels.put(o.channel(), ch);
          incoming.accept(ch);
        } else if (m instanceof Ping) {
          send(new Ping());
        }
      }
    } catch (IOException e) {
      if (!closed) {
        LOG.info("rendezvous connection lost: {}", e.getMessage());
      }
    } catch (RuntimeException e) {
      // A bug here must not leave a link that looks registered but reads nothing: end it, so a
      // camera's registration reconnects.
      LOG.error("rendezvous link failed; closing it", e);
    }
    shutdown();
  }

  public boolean isClosed() {
    return closed;
  }

  /** Waits until the connection ends (or the timeout). */
  public void awaitClosed(long millis) throws InterruptedException {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      t.join(millis);
    }
  }

  private void shutdown() {
    closed = true;
    for (RelayedChannel ch : channels.values()) {
      ch.remoteClosed();
    }
    channels.clear();
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("rendezvous socket close: {}", e.toString());
    }
  }

  @Override
  public void close() {
    shutdown();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static RendezvousMessage decode(String line) throws IOException {
    if (line == null) {
      throw new IOException("rendezvous closed the connection");
    }
    try {
      return RendezvousCodec.decode(line);
    } catch (IllegalArgumentException e) {
      throw new IOException("rendezvous sent a malformed line: " + e.getMessage());
    }
  }
}
