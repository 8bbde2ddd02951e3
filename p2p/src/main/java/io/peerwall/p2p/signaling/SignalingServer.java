package io.peerwall.p2p.signaling;

import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.ice.IceFailedException;
import io.peerwall.p2p.ice.IceSession;
import io.peerwall.p2p.ice.IceSessionState;
import io.peerwall.p2p.media.MediaConfig;
import io.peerwall.p2p.media.MediaSender;
import io.peerwall.p2p.signaling.SignalingMessage.Answer;
import io.peerwall.p2p.signaling.SignalingMessage.Bye;
import io.peerwall.p2p.signaling.SignalingMessage.ErrorMessage;
import io.peerwall.p2p.signaling.SignalingMessage.Hello;
import io.peerwall.p2p.signaling.SignalingMessage.Offer;
import io.peerwall.p2p.transport.DatagramTransport;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camera side of direct (LAN/loopback) signaling: accepts station connections over TCP, says hello,
 * answers the station's ICE offer, connects ICE and hands the caller a {@link CameraSession} with a
 * running {@link MediaSender}. Media then flows over ICE (UDP); the TCP connection stays open as
 * the session's control channel (bye / loss of the connection ends the session).
 *
 * <p>Robustness: every connection is handled on its own thread from a bounded pool (at most {@link
 * Config#maxConnections()}; beyond that a connection gets an {@code error} "busy" and is closed).
 * Malformed, oversized or unexpected input closes that connection with a logged reason; nothing a
 * peer sends can stop the server. The handshake must complete within {@link
 * Config#handshakeTimeout()}.
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
   * @param cameraId camera id string (1..128 of [A-Za-z0-9._:-])
   * @param ice ICE settings for each session (the camera is ICE-controlled)
   * @param media RTP settings for each session
   * @param maxConnections concurrent connections (sessions and handshakes) accepted
   * @param handshakeTimeout limit for hello → offer → answer → ICE connected
   */
  public record Config(
      InetAddress bindAddress,
      int port,
      String cameraName,
      String cameraId,
      IceConfig ice,
      MediaConfig media,
      int maxConnections,
      Duration handshakeTimeout) {
    public Config {
      Objects.requireNonNull(bindAddress);
      Objects.requireNonNull(ice);
      Objects.requireNonNull(media);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535");
      }
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be positive");
      }
      // Validate name and id exactly as the station will.
      try {
        SignalingCodec.decode(
            SignalingCodec.encode(
                new Hello(SignalingCodec.PROTOCOL_VERSION, cameraName, cameraId)));
      } catch (SignalingProtocolException | RuntimeException e) {
        throw new IllegalArgumentException("invalid camera name or id: " + e.getMessage());
      }
    }

    /** Loopback, ephemeral port, default ICE/media settings, 8 connections, 20 s handshake. */
    public static Config loopback(String cameraName, String cameraId) {
      return new Config(
          InetAddress.getLoopbackAddress(),
          0,
          cameraName,
          cameraId,
          IceConfig.loopbackOnly(),
          MediaConfig.defaults(),
          8,
          Duration.ofSeconds(20));
    }

    public Config withPort(int newPort) {
      return new Config(
          bindAddress, newPort, cameraName, cameraId, ice, media, maxConnections, handshakeTimeout);
    }

    public Config withIce(IceConfig newIce) {
      return new Config(
          bindAddress, port, cameraName, cameraId, newIce, media, maxConnections, handshakeTimeout);
    }

    public Config withMedia(MediaConfig newMedia) {
      return new Config(
          bindAddress, port, cameraName, cameraId, ice, newMedia, maxConnections, handshakeTimeout);
    }
  }

  private final Config config;
  private final CameraSessionListener listener;
  private final List<CameraSession> sessions = new CopyOnWriteArrayList<>();
  private final List<SignalingConnection> connections = new CopyOnWriteArrayList<>();
  private ServerSocket serverSocket;
  private ThreadPoolExecutor pool;
  private Thread acceptThread;
  private volatile boolean closed;

  public SignalingServer(Config config, CameraSessionListener listener) {
    this.config = Objects.requireNonNull(config);
    this.listener = Objects.requireNonNull(listener);
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
      ss.setReuseAddress(false);
      ss.bind(new InetSocketAddress(config.bindAddress(), config.port()), 16);
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
    pool =
        new ThreadPoolExecutor(
            0,
            config.maxConnections(),
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            NamedThreadFactory.numbered("p2p-sig-conn-" + port));
    acceptThread = NamedThreadFactory.start("p2p-sig-accept-" + port, this::acceptLoop);
    LOG.info(
        "signaling server for camera '{}' listening on {}:{}",
        config.cameraName(),
        config.bindAddress().getHostAddress(),
        port);
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

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = serverSocket.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("signaling accept failed: {}", e.toString());
        }
        break;
      }
      try {
        pool.execute(() -> handle(s));
      } catch (RejectedExecutionException e) {
        LOG.warn("signaling connection from {} refused: busy", s.getRemoteSocketAddress());
        try (SignalingConnection c = new SignalingConnection(s)) {
          c.trySend(new ErrorMessage("busy"));
        } catch (IOException ignored) {
          closeQuietly(s);
        }
      }
    }
  }

  /** Runs on p2p-sig-conn-<port>-<n> for the connection's lifetime. Never throws. */
  private void handle(Socket socket) {
    SignalingConnection conn;
    try {
      conn = new SignalingConnection(socket);
    } catch (IOException e) {
      closeQuietly(socket);
      return;
    }
    connections.add(conn);
    String id = "cam" + SESSION_COUNTER.incrementAndGet();
    IceSession ice = null;
    CameraSession session = null;
    String endReason = "connection closed";
    try {
      if (closed) {
        return;
      }
      long deadline = System.nanoTime() + config.handshakeTimeout().toNanos();
      conn.setReadTimeout(remainingMillis(deadline));
      conn.send(new Hello(SignalingCodec.PROTOCOL_VERSION, config.cameraName(), config.cameraId()));
      SignalingMessage m = conn.read();
      if (m == null) {
        LOG.info("signaling {}: {} disconnected before offering", id, conn.remote());
        return;
      }
      if (m instanceof Bye || m instanceof ErrorMessage) {
        LOG.info("signaling {}: station ended the handshake: {}", id, describe(m));
        return;
      }
      if (!(m instanceof Offer offer)) {
        throw new SignalingProtocolException(
            "expected offer, got " + m.getClass().getSimpleName().toLowerCase());
      }
      ice = new IceSession(id, false, config.ice());
      conn.send(new Answer(ice.gather()));
      ice.start(offer.ice());
      DatagramTransport transport =
          ice.awaitConnected(Duration.ofMillis(remainingMillis(deadline)));
      MediaSender sender = new MediaSender(id, transport, config.media());
      sender.start();
      session = new CameraSession(id, conn, ice, sender, this::sessionEnded);
      sessions.add(session);
      CameraSession started = session;
      ice.addListener(
          e -> {
            if (e.state() == IceSessionState.FAILED) {
              started.end("ICE failed: " + e.reason());
            }
          });
      LOG.info(
          "signaling {}: session with {} started over {}",
          id,
          conn.remote(),
          ice.selectedPath().type());
      try {
        listener.onSessionStarted(session);
      } catch (RuntimeException e) {
        LOG.warn("signaling {}: onSessionStarted threw", id, e);
      }
      endReason = monitor(conn, session);
    } catch (SignalingProtocolException e) {
      endReason = "protocol error: " + e.getMessage();
      LOG.warn("signaling {}: closing connection from {}: {}", id, conn.remote(), e.getMessage());
      conn.trySend(new ErrorMessage(e.getMessage()));
    } catch (IceFailedException e) {
      endReason = "ICE failed: " + e.getMessage();
      LOG.warn("signaling {}: ICE with {} failed: {}", id, conn.remote(), e.getMessage());
      conn.trySend(new ErrorMessage("ICE failed: " + e.getMessage()));
    } catch (SocketTimeoutException e) {
      endReason = "handshake timed out";
      LOG.warn("signaling {}: handshake with {} timed out", id, conn.remote());
      conn.trySend(new ErrorMessage("handshake timed out"));
    } catch (InterruptedException e) {
      endReason = "server closing";
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      if (session != null && session.isClosed()) {
        endReason = "closed by camera"; // close() shut the socket under our read
      } else {
        endReason = "connection error: " + e;
        if (!closed) {
          LOG.warn("signaling {}: connection from {} failed: {}", id, conn.remote(), e.toString());
        }
      }
    } finally {
      if (session != null) {
        session.end(endReason);
      } else {
        conn.close();
        if (ice != null) {
          ice.close();
        }
      }
      connections.remove(conn);
    }
  }

  /** Watches the control channel of a running session; returns why it ended. */
  private String monitor(SignalingConnection conn, CameraSession session) throws IOException {
    conn.setReadTimeout(500);
    while (!closed && !session.isClosed()) {
      SignalingMessage m;
      try {
        m = conn.read();
      } catch (SocketTimeoutException e) {
        continue;
      }
      if (m == null) {
        return "station disconnected";
      }
      if (m instanceof Bye b) {
        return "bye from station: " + b.reason();
      }
      if (m instanceof ErrorMessage em) {
        return "error from station: " + em.reason();
      }
      throw new SignalingProtocolException(
          "unexpected " + m.getClass().getSimpleName().toLowerCase() + " during session");
    }
    return closed ? "server closed" : "closed by camera";
  }

  private void sessionEnded(CameraSession s, String reason) {
    sessions.remove(s);
    LOG.info("signaling {}: session ended: {}", s.id(), reason);
    try {
      listener.onSessionEnded(s, reason);
    } catch (RuntimeException e) {
      LOG.warn("signaling {}: onSessionEnded threw", s.id(), e);
    }
  }

  private static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
    long ms = (deadlineNanos - System.nanoTime()) / 1_000_000L;
    if (ms <= 0) {
      throw new SocketTimeoutException("handshake deadline passed");
    }
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }

  private static String describe(SignalingMessage m) {
    if (m instanceof Bye b) {
      return "bye: " + b.reason();
    }
    if (m instanceof ErrorMessage e) {
      return "error: " + e.reason();
    }
    return m.getClass().getSimpleName();
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
    for (SignalingConnection c : connections) {
      c.close(); // wakes handshakes blocked in read()
    }
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
  }
}
