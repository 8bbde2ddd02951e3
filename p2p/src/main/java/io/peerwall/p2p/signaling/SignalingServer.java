package io.peerwall.p2p.signaling;

import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.media.MediaConfig;
import io.peerwall.p2p.media.MediaSender;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.signaling.SignalingMessage.Hello;
import io.peerwall.p2p.util.AcceptLoop;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camera side of signaling: accepts station connections over TCP (and relayed channels through
 * {@link #serve}), says hello, pairs stations that know the password, and for paired stations
 * answers the signed ICE offer, connects ICE and DTLS (mutual, pinned keys) and hands the caller a
 * {@link CameraSession} with a running {@link MediaSender} on SRTP (see {@code CameraHandshake}).
 * Media then flows over ICE (UDP); the TCP connection stays open as the session's control channel
 * (bye / loss of the connection ends the session).
 *
 * <p>Robustness: every conversation is admitted first ({@code Admission}): unauthenticated ones
 * share {@link ConnectionLimits#maxHandshakes()} slots, at most {@link
 * ConnectionLimits#maxHandshakesPerAddress()} per address, pending ones may be taken back for
 * newcomers; a paired station that proves its key moves to the sessions' own capacity ({@link
 * Config#maxConnections()}). A conversation that is not admitted gets an {@code error} "busy" and
 * is closed. The first line must arrive within {@link ConnectionLimits#firstLineTimeout()} and the
 * handshake end within {@link Config#handshakeTimeout()}, both counted from admission and not
 * extended by bytes trickling in. Malformed, oversized or unexpected input closes that connection.
 * What unauthenticated peers cause is counted ({@link #connectionStats()}) and logged once per
 * address per minute; nothing a peer sends can stop the server.
 *
 * <p>Threads: {@code p2p-sig-accept-<port>} (accept loop) and {@code p2p-sig-conn-<port>-<n>} (one
 * per connection, for the session's lifetime), all stopped by {@link #close()}, which also ends
 * every session.
 */
public final class SignalingServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SignalingServer.class);
  private static final AtomicInteger SESSION_COUNTER = new AtomicInteger();

  /**
   * Server settings.
   *
   * @param bindAddress address to listen on (loopback for the demo)
   * @param port TCP port, 0 for an ephemeral one (see {@link #port()})
   * @param cameraName shown to the station (1..128 printable characters)
   * @param credentials the camera's identity, pairing store and throttle (its ID is the camera ID)
   * @param ice ICE settings for each session (the camera is ICE-controlled)
   * @param media RTP settings for each session
   * @param maxConnections live sessions (stations that proved their pinned key), each with its
   *     thread; unauthenticated conversations have their own limits ({@code limits})
   * @param handshakeTimeout limit for hello → offer → answer → ICE → DTLS (and for pairing),
   *     counted from admission
   * @param deadAfter a session whose control channel is silent this long ends
   * @param limits how many unauthenticated conversations, from where, for how long
   */
  public record Config(
      InetAddress bindAddress,
      int port,
      String cameraName,
      CameraCredentials credentials,
      IceConfig ice,
      MediaConfig media,
      int maxConnections,
      Duration handshakeTimeout,
      Duration deadAfter,
      ConnectionLimits limits) {
    public Config {
      Objects.requireNonNull(bindAddress);
      Objects.requireNonNull(limits);
      Objects.requireNonNull(credentials);
      Objects.requireNonNull(ice);
      Objects.requireNonNull(media);
      Objects.requireNonNull(deadAfter);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535");
      }
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be positive");
      }
      // Validate the name exactly as the station will.
      try {
        SignalingCodec.decode(
            SignalingCodec.encode(
                new Hello(
                    SignalingCodec.PROTOCOL_VERSION,
                    cameraName,
                    credentials.cameraId(),
                    credentials.identity().publicIdentity().base64())));
      } catch (SignalingProtocolException | RuntimeException e) {
        throw new IllegalArgumentException("invalid camera name: " + e.getMessage());
      }
    }

    /** The settings with the default {@link ConnectionLimits}. */
    public Config(
        InetAddress bindAddress,
        int port,
        String cameraName,
        CameraCredentials credentials,
        IceConfig ice,
        MediaConfig media,
        int maxConnections,
        Duration handshakeTimeout,
        Duration deadAfter) {
      this(
          bindAddress,
          port,
          cameraName,
          credentials,
          ice,
          media,
          maxConnections,
          handshakeTimeout,
          deadAfter,
          ConnectionLimits.defaults());
    }

    /** Loopback, ephemeral port, default ICE/media settings, 8 sessions, 20 s handshake. */
    public static Config loopback(String cameraName, CameraCredentials credentials) {
      return new Config(
          InetAddress.getLoopbackAddress(),
          0,
          cameraName,
          credentials,
          IceConfig.loopbackOnly(),
          MediaConfig.defaults(),
          8,
          Duration.ofSeconds(20),
          Duration.ofSeconds(5));
    }

    /** The camera ID (derived from the credentials' key). */
    public String cameraId() {
      return credentials.cameraId();
    }

    /** Control-channel ping period. */
    public Duration pingInterval() {
      return deadAfter.dividedBy(5).compareTo(Duration.ofSeconds(1)) < 0
          ? deadAfter.dividedBy(5)
          : Duration.ofSeconds(1);
    }

    public Config withPort(int newPort) {
      return new Config(
          bindAddress,
          newPort,
          cameraName,
          credentials,
          ice,
          media,
          maxConnections,
          handshakeTimeout,
          deadAfter,
          limits);
    }

    public Config withBindAddress(InetAddress address) {
      return new Config(
          address,
          port,
          cameraName,
          credentials,
          ice,
          media,
          maxConnections,
          handshakeTimeout,
          deadAfter,
          limits);
    }

    public Config withIce(IceConfig newIce) {
      return new Config(
          bindAddress,
          port,
          cameraName,
          credentials,
          newIce,
          media,
          maxConnections,
          handshakeTimeout,
          deadAfter,
          limits);
    }

    public Config withMedia(MediaConfig newMedia) {
      return new Config(
          bindAddress,
          port,
          cameraName,
          credentials,
          ice,
          newMedia,
          maxConnections,
          handshakeTimeout,
          deadAfter,
          limits);
    }

    public Config withLimits(ConnectionLimits newLimits) {
      return new Config(
          bindAddress,
          port,
          cameraName,
          credentials,
          ice,
          media,
          maxConnections,
          handshakeTimeout,
          deadAfter,
          newLimits);
    }

    public Config withDeadAfter(Duration d) {
      return new Config(
          bindAddress,
          port,
          cameraName,
          credentials,
          ice,
          media,
          maxConnections,
          handshakeTimeout,
          d,
          limits);
    }
  }

  private final Config config;
  private final CameraSessionListener listener;
  private final List<CameraSession> sessions = new CopyOnWriteArrayList<>();
  private final CameraHandshake handshake;
  private final ConnectionGate gate;
  private ServerSocket serverSocket;
  private ThreadPoolExecutor pool;
  private Thread acceptThread;
  private volatile boolean closed;

  public SignalingServer(Config config, CameraSessionListener listener) {
    this.config = Objects.requireNonNull(config);
    this.listener = Objects.requireNonNull(listener);
    this.gate = new ConnectionGate(config.limits(), config.maxConnections(), System::nanoTime);
    this.handshake =
        new CameraHandshake(
            config, listener, new NonceCache(4096, SessionSignatures.MAX_SKEW_MILLIS), this, gate);
  }

  /**
   * Binds and starts accepting.
   *
   * @throws BindException naming address and port if the port is in use (or not bindable)
   */
  public synchronized void start() throws IOException {
    if (serverSocket != null || closed) {
      throw new IllegalStateException("already started or closed");
    }
    ServerSocket ss = new ServerSocket();
    try {
      // A restarted camera must get its port back while the connections it closed are still in
      // TIME_WAIT (60 s on Linux); SO_REUSEADDR allows exactly that on Unix and never a second
      // listener. On Windows it would let another program take the port, so not there.
      ss.setReuseAddress(!System.getProperty("os.name", "").startsWith("Windows"));
      ss.bind(new InetSocketAddress(config.bindAddress(), config.port()), 64);
    } catch (IOException e) {
      ss.close();
      BindException be =
          new BindException(
              "signaling port "
                  + config.port()
                  + " on "
                  + config.bindAddress().getHostAddress()
                  + " is already in use or cannot be bound ("
                  + e.getMessage()
                  + ")");
      be.initCause(e);
      throw be;
    }
    serverSocket = ss;
    int port = ss.getLocalPort();
    // Admission bounds the conversations running at once to handshakes + sessions; the queue only
    // holds a newcomer for the moment a conversation it replaced takes to end.
    int threads = config.limits().maxHandshakes() + config.maxConnections();
    pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            NamedThreadFactory.numbered("p2p-sig-conn-" + port));
    pool.allowCoreThreadTimeOut(true);
    acceptThread = NamedThreadFactory.start("p2p-sig-accept-" + port, this::acceptLoop);
    LOG.info(
        "signaling server for camera '{}' listening on {}:{}",
        config.cameraName(),
        config.bindAddress().getHostAddress(),
        port);
  }

  public Config config() {
    return config;
  }

  /** The bound TCP port (after {@link #start()}). */
  public int port() {
    ServerSocket ss = serverSocket;
    if (ss == null) {
      throw new IllegalStateException("not started");
    }
    return ss.getLocalPort();
  }

  /** Sessions currently connected. */
  public List<CameraSession> sessions() {
    return List.copyOf(sessions);
  }

  /** What happened to the conversations offered so far (refusals, evictions, timeouts). */
  public ConnectionStats connectionStats() {
    return gate.stats();
  }

  private void acceptLoop() {
    AcceptLoop.run(serverSocket, () -> closed, this::admit, LOG, "signaling");
  }

  /** Runs on the accept thread: admit (maybe taking a pending one back) or refuse, at once. */
  private void admit(Socket socket) {
    SignalingConnection conn;
    try {
      conn = new SignalingConnection(socket);
    } catch (IOException e) {
      closeQuietly(socket);
      return;
    }
    offer(conn);
  }

  /**
   * Serves a signaling conversation that arrived another way (a rendezvous' relayed channel) on
   * this server's pool, admitted exactly like a direct connection.
   *
   * @return false if it was refused or the server is closed (the channel is then closed)
   */
  public boolean serve(MessageChannel channel) {
    return offer(channel);
  }

  private boolean offer(MessageChannel conn) {
    ThreadPoolExecutor p = pool;
    if (closed || p == null) {
      conn.close();
      return false;
    }
    return gate.offer(conn, p, this::serveNow);
  }

  private void serveNow(MessageChannel conn, Admission.Slot slot) {
    if (!closed && !slot.evicted()) {
      handshake.run(conn, "cam" + SESSION_COUNTER.incrementAndGet(), slot);
    }
  }

  void register(CameraSession s) {
    sessions.add(s);
  }

  boolean isClosed() {
    return closed;
  }

  void sessionEnded(CameraSession s, String reason) {
    sessions.remove(s);
    LOG.info("signaling {}: session ended: {}", s.id(), reason);
    try {
      listener.onSessionEnded(s, reason);
    } catch (RuntimeException e) {
      LOG.warn("signaling {}: onSessionEnded threw", s.id(), e);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  /** Stops accepting, ends every session (bye "server closed"), stops all threads. Idempotent. */
  @Override
  public void close() {
    Thread accept;
    ThreadPoolExecutor p;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      accept = acceptThread;
      p = pool;
      if (serverSocket != null) {
        try {
          serverSocket.close();
        } catch (IOException ignored) {
          // nothing to do
        }
      }
    }
    for (CameraSession s : sessions) {
      s.end("server closed");
    }
    gate.closeAll(); // wakes handshakes blocked in read()
    if (p != null) {
      p.shutdownNow(); // interrupts handshakes waiting for ICE; their finally blocks clean up
      try {
        if (!p.awaitTermination(5, TimeUnit.SECONDS)) {
          LOG.warn("signaling connection threads did not stop within 5 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (accept != null) {
      try {
        accept.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    gate.closeAll(); // admitted while closing, their task dropped from the queue by shutdownNow
  }
}
