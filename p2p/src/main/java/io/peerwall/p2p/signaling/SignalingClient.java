package io.peerwall.p2p.signaling;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.ice.IceFailedException;
import io.peerwall.p2p.ice.IceSession;
import io.peerwall.p2p.media.MediaConfig;
import io.peerwall.p2p.media.MediaReceiver;
import io.peerwall.p2p.signaling.SignalingMessage.Answer;
import io.peerwall.p2p.signaling.SignalingMessage.Bye;
import io.peerwall.p2p.signaling.SignalingMessage.ErrorMessage;
import io.peerwall.p2p.signaling.SignalingMessage.Hello;
import io.peerwall.p2p.signaling.SignalingMessage.Offer;
import io.peerwall.p2p.transport.DatagramTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Station side of direct signaling: connects to a camera's {@link SignalingServer}, checks its
 * hello, offers ICE (the station is ICE-controlling), applies the answer, waits for ICE and starts
 * a {@link MediaReceiver}. Stateless apart from its config: one client can open many sessions.
 *
 * <pre>{@code
 * SignalingClient client = new SignalingClient(SignalingClient.Config.loopback());
 * StationSession s = client.connect(new InetSocketAddress("127.0.0.1", port), frame -> tile.offer(frame));
 * s.hello().cameraName();  s.selectedPath().type();  s.stats();
 * s.onEnded(reason -> wall.showOffline(reason));
 * s.close();
 * }</pre>
 */
public final class SignalingClient {
  private static final Logger LOG = LoggerFactory.getLogger(SignalingClient.class);
  private static final AtomicInteger SESSION_COUNTER = new AtomicInteger();

  /**
   * Client settings.
   *
   * @param ice ICE settings (station is controlling)
   * @param media RTP settings (must match the camera's)
   * @param connectTimeout TCP connect timeout
   * @param handshakeTimeout limit for hello → answer → ICE connected
   */
  public record Config(
      IceConfig ice, MediaConfig media, Duration connectTimeout, Duration handshakeTimeout) {
    public Config {
      Objects.requireNonNull(ice);
      Objects.requireNonNull(media);
      Objects.requireNonNull(connectTimeout);
      Objects.requireNonNull(handshakeTimeout);
    }

    public static Config loopback() {
      return new Config(
          IceConfig.loopbackOnly(),
          MediaConfig.defaults(),
          Duration.ofSeconds(5),
          Duration.ofSeconds(20));
    }

    public Config withIce(IceConfig newIce) {
      return new Config(newIce, media, connectTimeout, handshakeTimeout);
    }

    public Config withMedia(MediaConfig newMedia) {
      return new Config(ice, newMedia, connectTimeout, handshakeTimeout);
    }
  }

  private final Config config;

  public SignalingClient(Config config) {
    this.config = Objects.requireNonNull(config);
  }

  /**
   * Opens a session (blocking until media can flow, at most connect + handshake timeouts).
   *
   * @param camera the camera's signaling address
   * @param frames receives complete frames on {@code p2p-frames-<id>}
   * @throws SignalingException if the camera refused (error/bye) or speaks another version
   * @throws SignalingProtocolException if the camera sent malformed input
   * @throws IceFailedException if ICE did not connect
   * @throws IOException on connection problems or timeouts
   */
  public StationSession connect(InetSocketAddress camera, Consumer<EncodedFrame> frames)
      throws IOException {
    String id = "sta" + SESSION_COUNTER.incrementAndGet();
    long deadline = System.nanoTime() + config.handshakeTimeout().toNanos();
    Socket socket = new Socket();
    SignalingConnection conn = null;
    IceSession ice = null;
    MediaReceiver receiver = null;
    boolean ok = false;
    try {
      socket.connect(camera, (int) config.connectTimeout().toMillis());
      conn = new SignalingConnection(socket);
      conn.setReadTimeout(remainingMillis(deadline));
      SignalingMessage m = conn.read();
      Hello hello = expect(m, Hello.class, "hello");
      if (hello.version() != SignalingCodec.PROTOCOL_VERSION) {
        String why = "unsupported protocol version " + hello.version();
        conn.trySend(new ErrorMessage(why));
        throw new SignalingException(why);
      }
      ice = new IceSession(id, true, config.ice());
      conn.send(new Offer(ice.gather()));
      conn.setReadTimeout(remainingMillis(deadline));
      Answer answer = expect(conn.read(), Answer.class, "answer");
      ice.start(answer.ice());
      DatagramTransport transport;
      try {
        transport = ice.awaitConnected(Duration.ofMillis(remainingMillis(deadline)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IceFailedException("interrupted");
      }
      receiver = new MediaReceiver(id, transport, config.media(), frames);
      receiver.start();
      StationSession session = new StationSession(id, hello, conn, ice, receiver);
      session.startMonitor();
      LOG.info(
          "station session {}: connected to camera '{}' via {} in {} ms",
          id,
          hello.cameraName(),
          ice.selectedPath().type(),
          ice.connectMillis());
      ok = true;
      return session;
    } catch (SignalingProtocolException e) {
      if (conn != null) {
        conn.trySend(new ErrorMessage(e.getMessage()));
      }
      throw e;
    } catch (IceFailedException e) {
      if (conn != null) {
        conn.trySend(new ErrorMessage("ICE failed: " + e.getMessage()));
      }
      throw e;
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException("camera " + camera + " did not complete the handshake");
    } finally {
      if (!ok) {
        if (receiver != null) {
          receiver.close();
        }
        if (conn != null) {
          conn.close();
        } else {
          socket.close();
        }
        if (ice != null) {
          ice.close();
        }
      }
    }
  }

  private static <T extends SignalingMessage> T expect(
      SignalingMessage m, Class<T> type, String name) throws IOException {
    if (m == null) {
      throw new SignalingException("camera closed the connection before " + name);
    }
    if (m instanceof ErrorMessage e) {
      throw new SignalingException("camera refused: " + e.reason());
    }
    if (m instanceof Bye b) {
      throw new SignalingException("camera said bye: " + b.reason());
    }
    if (!type.isInstance(m)) {
      throw new SignalingProtocolException(
          "expected " + name + ", got " + m.getClass().getSimpleName().toLowerCase());
    }
    return type.cast(m);
  }

  private static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
    long ms = (deadlineNanos - System.nanoTime()) / 1_000_000L;
    if (ms <= 0) {
      throw new SocketTimeoutException("handshake deadline passed");
    }
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }
}
