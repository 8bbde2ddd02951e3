package io.peerwall.p2p.rendezvous;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.identity.PublicIdentity;
import io.peerwall.p2p.rendezvous.RendezvousException.Kind;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Challenge;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Close;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Data;
import io.peerwall.p2p.rendezvous.RendezvousMessage.IceGrant;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Open;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Ping;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Pong;
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
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's TCP connection to a rendezvous, multiplexing signaling channels. A station {@link
 * #open}s a channel to a camera ID; a camera {@link #register}s (signing the server's challenge)
 * and receives channels that stations open; either asks for the rendezvous's STUN and TURN servers
 * ({@link #requestIceServers}), which come signed by the rendezvous key the peer pinned.
 *
 * <p>Threads: {@code p2p-rdv-link-<n>} reads and dispatches lines; {@code p2p-rdv-ping-<n>} pings
 * every {@link RendezvousKeepalive#pingInterval()}. The reader drops the connection after {@link
 * RendezvousKeepalive#deadAfter()} without a line. Both end with the connection ({@link #close()}).
 */
public final class RendezvousLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RendezvousLink.class);
  private static final AtomicInteger COUNTER = new AtomicInteger();
  static final String REGISTER_LABEL = "peerwall-rdv-register-v1";

  private final Socket socket;
  private final BoundedLineReader reader;
  private final OutputStream out;
  private final String where;
  private final String challenge;
  private final PublicIdentity rendezvousKey;
  private final RendezvousTrust trust;
  private final RendezvousKeepalive keepalive;
  private final Map<Long, RelayedChannel> channels = new ConcurrentHashMap<>();
  private final AtomicLong nextChannel = new AtomicLong();
  private final IceServerRequests iceRequests;
  private final String tag;
  private final int number = COUNTER.incrementAndGet();
  private volatile Consumer<MessageChannel> incoming;
  private volatile boolean closed;
  private volatile String closeReason = "";
  private Thread thread;
  private ScheduledExecutorService pinger;

  private RendezvousLink(
      Socket socket,
      BoundedLineReader reader,
      String where,
      Challenge challenge,
      PublicIdentity rendezvousKey,
      RendezvousTrust trust,
      RendezvousKeepalive keepalive)
      throws IOException {
    this.socket = socket;
    this.reader = reader;
    this.out = socket.getOutputStream();
    this.where = where;
    this.challenge = challenge.nonce();
    this.rendezvousKey = rendezvousKey;
    this.trust = trust;
    this.keepalive = keepalive;
    this.tag = "relay:" + socket.getRemoteSocketAddress();
    this.iceRequests = new IceServerRequests(this, where);
  }

  /** Connects without pinning its key, with the default keep-alive (callers without a pin). */
  public static RendezvousLink connect(InetSocketAddress server, Duration timeout)
      throws IOException {
    return connect(
        new RendezvousAddress(server.getAddress().getHostAddress(), server.getPort(), null),
        RendezvousTrust.none(),
        RendezvousKeepalive.DEFAULT,
        timeout);
  }

  /**
   * Connects, reads the challenge and checks the rendezvous's key against the pin.
   *
   * @throws RendezvousException UNREACHABLE (no connection), NO_ANSWER (no challenge in time),
   *     BAD_ANSWER (malformed), KEY_MISMATCH (another key than the pinned one, or none)
   */
  public static RendezvousLink connect(
      RendezvousAddress address,
      RendezvousTrust trust,
      RendezvousKeepalive keepalive,
      Duration timeout)
      throws RendezvousException {
    return connect(address, trust, keepalive, timeout, socket -> {});
  }

  /**
   * As {@link #connect(RendezvousAddress, RendezvousTrust, RendezvousKeepalive, Duration)}, handing
   * {@code abort} the connection being made: closing it ends the attempt at once (a camera whose
   * network changed does not wait for a connection over the old route to time out).
   */
  public static RendezvousLink connect(
      RendezvousAddress address,
      RendezvousTrust trust,
      RendezvousKeepalive keepalive,
      Duration timeout,
      java.util.function.Consumer<java.io.Closeable> abort)
      throws RendezvousException {
    InetSocketAddress server;
    try {
      server = address.resolve();
    } catch (UnknownHostException e) {
      throw new RendezvousException(
          Kind.UNREACHABLE, "rendezvous host " + address.host() + " not found", e);
    }
    Socket s = new Socket();
    abort.accept(s);
    try {
      try {
        s.connect(server, (int) timeout.toMillis());
      } catch (IOException e) {
        throw new RendezvousException(
            Kind.UNREACHABLE,
            "rendezvous " + address.hostPort() + " is unreachable: " + e.getMessage(),
            e);
      }
      s.setSoTimeout((int) timeout.toMillis());
      s.setTcpNoDelay(true);
      BoundedLineReader r =
          new BoundedLineReader(
              new BufferedInputStream(s.getInputStream()), RendezvousCodec.MAX_LINE_BYTES);
      RendezvousMessage m = decode(readLine(r, address.hostPort()), address.hostPort());
      if (!(m instanceof Challenge c)) {
        throw new RendezvousException(
            Kind.BAD_ANSWER, "rendezvous " + address.hostPort() + " did not send a challenge");
      }
      PublicIdentity key = checkKey(address, c, trust.pinnedId());
      s.setSoTimeout((int) keepalive.deadAfter().toMillis());
      return new RendezvousLink(s, r, address.hostPort(), c, key, trust, keepalive);
    } catch (IOException | RuntimeException e) {
      closeQuietly(s);
      if (e instanceof RendezvousException re) {
        throw re;
      }
      throw new RendezvousException(
          Kind.NO_ANSWER, "rendezvous " + address.hostPort() + ": " + e.getMessage(), e);
    }
  }

  /** The presented key, after checking it against {@code pinned} (null: nothing pinned yet). */
  private static PublicIdentity checkKey(RendezvousAddress address, Challenge c, String pinned)
      throws RendezvousException {
    PublicIdentity key = null;
    if (c.rendezvousKey() != null) {
      try {
        key = PublicIdentity.fromBase64(c.rendezvousKey());
      } catch (IllegalArgumentException e) {
        throw new RendezvousException(
            Kind.BAD_ANSWER, "rendezvous " + address.hostPort() + " sent a malformed key");
      }
    }
    if (pinned != null && (key == null || !key.id().equals(pinned))) {
      throw new RendezvousException(
          Kind.KEY_MISMATCH,
          "rendezvous "
              + address.hostPort()
              + (key == null ? " presented no key" : " presented key " + key.id())
              + ", but "
              + pinned
              + " is pinned for it: it was replaced or reinstalled, or someone is in between."
              + " If its operator confirms the new key, set the address to "
              + address.hostPort()
              + "#"
              + (key == null ? "<its ID>" : key.id()));
    }
    return key;
  }

  /** Starts reading and pinging (after {@link #register}, or at once for a station). */
  public synchronized RendezvousLink start() {
    if (thread == null) {
      thread = NamedThreadFactory.start("p2p-rdv-link-" + number, this::readLoop);
      pinger =
          Executors.newSingleThreadScheduledExecutor(
              NamedThreadFactory.single("p2p-rdv-ping-" + number));
      long ms = keepalive.pingInterval().toMillis();
      pinger.scheduleWithFixedDelay(this::ping, ms, ms, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** The ID of the key the rendezvous presented (null for a rendezvous that presented none). */
  public String rendezvousId() {
    return rendezvousKey == null ? null : rendezvousKey.id();
  }

  PublicIdentity rendezvousKey() {
    return rendezvousKey;
  }

  RendezvousTrust trust() {
    return trust;
  }

  String challenge() {
    return challenge;
  }

  /**
   * Registers a camera: proves possession of the ID's key by signing the challenge; afterwards
   * stations' channels arrive at {@code onChannel} (on the link's thread: hand them off quickly).
   *
   * @throws RendezvousException REFUSED, or NO_ANSWER when nothing came back in time
   */
  public void register(Identity camera, Consumer<MessageChannel> onChannel, Duration timeout)
      throws IOException {
    this.incoming = onChannel;
    byte[] sig = camera.sign(registerBytes(challenge, camera.id()));
    send(
        new Register(
            camera.publicIdentity().base64(), java.util.Base64.getEncoder().encodeToString(sig)));
    socket.setSoTimeout((int) timeout.toMillis());
    RendezvousMessage m = decode(readLine(reader, where), where);
    socket.setSoTimeout((int) keepalive.deadAfter().toMillis());
    if (!(m instanceof Registered r) || !r.cameraId().equals(camera.id())) {
      throw new RendezvousException(
          Kind.REFUSED, "rendezvous " + where + " refused the registration");
    }
    start();
  }

  static byte[] registerBytes(String challenge, String cameraId) {
    return (REGISTER_LABEL + "\n" + challenge + "\n" + cameraId).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Asks for the rendezvous's STUN and TURN servers, with TURN credentials for {@code me}'s ID.
   * Verifies the grant (signature by the presented key, this request's nonce, our ID) and pins the
   * key on first use.
   *
   * @throws RendezvousException NO_ANSWER (no grant in time, or the connection dropped: a
   *     rendezvous refuses a bad request by closing), BAD_ANSWER (unsigned, wrongly signed,
   *     malformed or not for this request)
   */
  public IceServerGrant requestIceServers(Identity me, Duration timeout)
      throws RendezvousException {
    start();
    return iceRequests.request(me, timeout);
  }

  /** Station: opens a signaling channel to a registered camera. */
  public MessageChannel open(String cameraId) throws IOException {
    start();
    long id = nextChannel.incrementAndGet();
    RelayedChannel ch = new RelayedChannel(this, id, tag, tag, cameraId);
    channels.put(id, ch);
    send(new Open(id, cameraId));
    return ch;
  }

  /**
   * Station: opens a signaling channel to a registered camera on a link made for it alone: closing
   * the channel (the session that took it ends) closes the link. Stations open a fresh link per
   * connection attempt, so a station that moved never waits on a dead one (decision 0068).
   */
  public MessageChannel openOwning(String cameraId) throws IOException {
    RelayedChannel ch;
    try {
      ch = (RelayedChannel) open(cameraId);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    ch.ownLink();
    return ch;
  }

  void send(RendezvousMessage m) throws IOException {
    if (closed) {
      throw new RendezvousException(
          Kind.NO_ANSWER, "rendezvous connection closed" + reasonSuffix());
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

  private void ping() {
    try {
      send(new Ping());
    } catch (IOException e) {
      LOG.debug("rendezvous {}: ping not sent: {}", where, e.getMessage());
    }
  }

  private void readLoop() {
    try {
      while (!closed) {
        String line = reader.readLine();
        if (line == null) {
          closeReason = "the rendezvous closed the connection";
          break;
        }
        RendezvousMessage m;
        try {
          m = RendezvousCodec.decode(line);
        } catch (IllegalArgumentException e) {
          LOG.warn("rendezvous {} sent a malformed line: {}", where, e.getMessage());
          closeReason = "malformed line from the rendezvous";
          break;
        }
        dispatch(m);
      }
    } catch (SocketTimeoutException e) {
      closeReason = "no line from the rendezvous for " + keepalive.deadAfter().toMillis() + " ms";
      LOG.info("rendezvous {}: {}; dropping the connection", where, closeReason);
    } catch (IOException e) {
      if (!closed) {
        closeReason = "connection lost: " + e.getMessage();
        LOG.info("rendezvous {} connection lost: {}", where, e.getMessage());
      }
    } catch (RuntimeException e) {
      // A bug here must not leave a link that looks registered but reads nothing: end it, so a
      // camera's registration reconnects.
      closeReason = "internal error";
      LOG.error("rendezvous link {} failed; closing it", where, e);
    }
    shutdown();
  }

  private void dispatch(RendezvousMessage m) throws IOException {
    if (m instanceof Data d) {
      RelayedChannel ch = channels.get(d.channel());
      if (ch != null) {
        ch.deliver(d.payload());
      }
    } else if (m instanceof Close c) {
      RelayedChannel ch = channels.remove(c.channel());
      if (ch != null) {
        ch.remoteClosed(c.reason());
      }
    } else if (m instanceof Open o && incoming != null) {
      RelayedChannel ch = new RelayedChannel(this, o.channel(), tag + "#" + o.channel(), tag, null);
      channels.put(o.channel(), ch);
      incoming.accept(ch);
    } else if (m instanceof IceGrant g) {
      iceRequests.answered(g);
    } else if (m instanceof Ping) {
      send(new Pong());
    }
    // Pong: its arrival already reset the read timeout.
  }

  public boolean isClosed() {
    return closed;
  }

  /** Why the connection ended ("" while open). */
  public String closeReason() {
    return closeReason;
  }

  private String reasonSuffix() {
    return closeReason.isEmpty() ? "" : " (" + closeReason + ")";
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
      ch.remoteClosed("rendezvous connection ended");
    }
    channels.clear();
    iceRequests.connectionEnded(closeReason);
    closeQuietly(socket);
    ScheduledExecutorService p;
    synchronized (this) {
      p = pinger;
    }
    if (p != null) {
      p.shutdownNow();
    }
  }

  @Override
  public void close() {
    if (closeReason.isEmpty()) {
      closeReason = "closed";
    }
    shutdown();
    Thread t;
    ScheduledExecutorService p;
    synchronized (this) {
      t = thread;
      p = pinger;
    }
    try {
      if (t != null && t != Thread.currentThread()) {
        t.join(1000);
      }
      if (p != null) {
        p.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String readLine(BoundedLineReader r, String where) throws RendezvousException {
    try {
      String line = r.readLine();
      if (line == null) {
        throw new RendezvousException(
            Kind.NO_ANSWER, "rendezvous " + where + " closed the connection");
      }
      return line;
    } catch (SocketTimeoutException e) {
      throw new RendezvousException(
          Kind.NO_ANSWER, "rendezvous " + where + " did not answer in time");
    } catch (RendezvousException e) {
      throw e;
    } catch (IOException e) {
      throw new RendezvousException(
          Kind.NO_ANSWER, "rendezvous " + where + ": " + e.getMessage(), e);
    }
  }

  private static RendezvousMessage decode(String line, String where) throws RendezvousException {
    try {
      return RendezvousCodec.decode(line);
    } catch (IllegalArgumentException e) {
      throw new RendezvousException(
          Kind.BAD_ANSWER, "rendezvous " + where + " sent a malformed line: " + e.getMessage());
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      LOG.debug("rendezvous socket close: {}", e.toString());
    }
  }
}
