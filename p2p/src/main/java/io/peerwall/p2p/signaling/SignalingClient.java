package io.peerwall.p2p.signaling;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.control.ControlChannel;
import io.peerwall.p2p.dtls.DtlsFailure;
import io.peerwall.p2p.dtls.DtlsSession;
import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.ice.IceDescription;
import io.peerwall.p2p.ice.IceFailedException;
import io.peerwall.p2p.ice.IceSession;
import io.peerwall.p2p.identity.PublicIdentity;
import io.peerwall.p2p.media.MediaConfig;
import io.peerwall.p2p.media.MediaReceiver;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingMessage.Answer;
import io.peerwall.p2p.signaling.SignalingMessage.ErrorMessage;
import io.peerwall.p2p.signaling.SignalingMessage.Hello;
import io.peerwall.p2p.signaling.SignalingMessage.Offer;
import io.peerwall.p2p.srtp.SrtpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
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
 * Station side of signaling: pairs with cameras ({@link #pair}) and opens authenticated sessions to
 * paired ones ({@link #connect}). Stateless apart from its config: one client can open many
 * sessions.
 *
 * <pre>{@code
 * SignalingClient client = new SignalingClient(SignalingClient.Config.loopback().withCredentials(st));
 * client.pair(address, "K7QD-…", password);                    // once
 * StationSession s = client.connect(address, frame -> tile.offer(frame));
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
   * @param handshakeTimeout limit for hello → answer → ICE → DTLS (and for pairing)
   * @param credentials the station's identity and pinned cameras
   * @param deadAfter a session whose control channel is silent this long ends
   */
  public record Config(
      IceConfig ice,
      MediaConfig media,
      Duration connectTimeout,
      Duration handshakeTimeout,
      StationCredentials credentials,
      Duration deadAfter) {
    public Config {
      Objects.requireNonNull(ice);
      Objects.requireNonNull(media);
      Objects.requireNonNull(connectTimeout);
      Objects.requireNonNull(handshakeTimeout);
      Objects.requireNonNull(credentials);
      Objects.requireNonNull(deadAfter);
    }

    /** Loopback ICE, default media, and a fresh in-memory station identity with no camera. */
    public static Config loopback() {
      return new Config(
          IceConfig.loopbackOnly(),
          MediaConfig.defaults(),
          Duration.ofSeconds(5),
          Duration.ofSeconds(20),
          StationCredentials.ephemeral("PeerWall station"),
          Duration.ofSeconds(5));
    }

    public Config withIce(IceConfig newIce) {
      return new Config(newIce, media, connectTimeout, handshakeTimeout, credentials, deadAfter);
    }

    public Config withMedia(MediaConfig newMedia) {
      return new Config(ice, newMedia, connectTimeout, handshakeTimeout, credentials, deadAfter);
    }

    public Config withCredentials(StationCredentials c) {
      return new Config(ice, media, connectTimeout, handshakeTimeout, c, deadAfter);
    }

    public Config withDeadAfter(Duration d) {
      return new Config(ice, media, connectTimeout, handshakeTimeout, credentials, d);
    }

    public Config withHandshakeTimeout(Duration d) {
      return new Config(ice, media, connectTimeout, d, credentials, deadAfter);
    }

    Duration pingInterval() {
      return deadAfter.dividedBy(5).compareTo(Duration.ofSeconds(1)) < 0
          ? deadAfter.dividedBy(5)
          : Duration.ofSeconds(1);
    }
  }

  private final Config config;

  public SignalingClient(Config config) {
    this.config = Objects.requireNonNull(config);
  }

  public Config config() {
    return config;
  }

  /**
   * Pairs with the camera at {@code camera} whose ID the user typed, by password (SRP-6a over
   * Argon2id). On success the camera's key is pinned in the station's trust store.
   *
   * @param password not kept; the caller should wipe it afterwards
   * @throws SignalingException with {@link FailureReason} WRONG_PASSWORD, LOCKED_OUT, THROTTLED,
   *     NOT_PAIRABLE, UNKNOWN_ID, or REFUSED
   * @throws IOException if the camera cannot be reached
   */
  public PairedPeer pair(InetSocketAddress camera, String cameraId, char[] password)
      throws IOException {
    try (SignalingConnection conn = open(camera)) {
      return pair(conn, cameraId, password, hostPort(camera));
    }
  }

  /** Pairing over an already open channel (direct or relayed). */
  public PairedPeer pair(MessageChannel conn, String cameraId, char[] password, String address)
      throws IOException {
    int timeout = (int) config.handshakeTimeout().toMillis();
    Hello hello = readHello(conn, timeout);
    PairedPeer p =
        StationPairing.pair(
            conn, hello, config.credentials(), cameraId, password, address, timeout);
    conn.trySend(new SignalingMessage.Bye("paired"));
    return p;
  }

  /**
   * Opens a session to the paired camera listening at {@code camera}, whatever its ID (it must be
   * pinned). Blocks until media can flow (at most connect + handshake timeouts).
   *
   * @param frames receives complete frames on {@code p2p-frames-<id>}
   * @throws SignalingException with a {@link FailureReason}: NOT_PAIRED, KEY_MISMATCH, UNKNOWN_ID,
   *     REPLAYED, UNREACHABLE, REFUSED
   * @throws IOException on connection problems
   */
  public StationSession connect(InetSocketAddress camera, Consumer<EncodedFrame> frames)
      throws IOException {
    return connect(camera, null, frames);
  }

  /** As {@link #connect(InetSocketAddress, Consumer)}, insisting on the camera with this ID. */
  public StationSession connect(
      InetSocketAddress camera, String expectedCameraId, Consumer<EncodedFrame> frames)
      throws IOException {
    SignalingConnection conn = open(camera);
    StationSession s = null;
    try {
      s = connect(conn, expectedCameraId, frames);
      rememberAddress(s.cameraId(), hostPort(camera));
      return s;
    } catch (IOException | RuntimeException | Error e) {
      // Whatever was built goes with the failure: the session's ICE agent, receiver and threads.
      if (s != null) {
        s.close();
      }
      conn.close();
      throw e;
    }
  }

  /**
   * Remembers where a camera answered. A failure to store it (a full disk, a read-only directory)
   * costs the next start a search, not this session: logged, and the session goes on.
   */
  private void rememberAddress(String cameraId, String address) {
    try {
      config.credentials().trust().updateAddress(cameraId, address);
    } catch (UncheckedIOException e) {
      LOG.warn(
          "camera {} answered at {}, but the paired cameras could not be saved: {}",
          cameraId,
          address,
          String.valueOf(e.getCause()));
    }
  }

  private SignalingConnection open(InetSocketAddress camera) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(camera, (int) config.connectTimeout().toMillis());
      return new SignalingConnection(socket);
    } catch (ConnectException | SocketTimeoutException e) {
      socket.close();
      throw new SignalingException(
          FailureReason.UNREACHABLE,
          "camera " + hostPort(camera) + " is unreachable: " + e.getMessage(),
          0);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Opens a signaling connection to {@code camera} (TCP), for callers that try several ways to a
   * camera at once and keep the first that answers ({@link #readHello}, then {@link
   * #connect(MessageChannel, Hello, String, Consumer)}).
   *
   * @throws SignalingException UNREACHABLE when refused or timed out
   */
  public MessageChannel openChannel(InetSocketAddress camera) throws IOException {
    return open(camera);
  }

  /**
   * The camera's first message on a new channel, checked to be a hello of this protocol version.
   *
   * @throws SignalingException REFUSED for another version; UNREACHABLE on silence
   */
  public static Hello hello(MessageChannel conn, int timeoutMillis) throws IOException {
    try {
      return readHello(conn, timeoutMillis);
    } catch (SocketTimeoutException e) {
      throw new SignalingException(
          FailureReason.UNREACHABLE, "the camera did not say hello in time", 0);
    }
  }

  /**
   * Opens a session over an open signaling channel (direct or relayed). The channel belongs to the
   * session afterwards (closed with it, or here on failure).
   */
  public StationSession connect(
      MessageChannel conn, String expectedCameraId, Consumer<EncodedFrame> frames)
      throws IOException {
    return connect(conn, null, expectedCameraId, frames);
  }

  /**
   * As {@link #connect(MessageChannel, String, Consumer)} on a channel whose hello was read already
   * ({@link #hello}); {@code hello} null reads it here.
   */
  public StationSession connect(
      MessageChannel conn, Hello hello, String expectedCameraId, Consumer<EncodedFrame> frames)
      throws IOException {
    String id = "sta" + SESSION_COUNTER.incrementAndGet();
    long deadline = System.nanoTime() + config.handshakeTimeout().toNanos();
    StationCredentials st = config.credentials();
    IceSession ice = null;
    DtlsSession dtls = null;
    MediaReceiver receiver = null;
    boolean ok = false;
    try {
      if (hello == null) {
        hello = readHello(conn, CameraHandshake.remainingMillis(deadline));
      }
      PublicIdentity camera = pinnedCamera(hello, expectedCameraId);
      ice = new IceSession(id, true, config.ice());
      IceDescription local = ice.gather();
      String nonce = SessionSignatures.newNonce();
      conn.send(
          new Offer(
              local,
              SessionSignatures.sign(
                  st.identity(), "offer", camera.id(), st.stationId(), nonce, local)));
      Answer answer =
          StationPairing.expect(
              conn.read(CameraHandshake.remainingMillis(deadline)), Answer.class, "answer");
      if (!answer.auth().nonce().equals(nonce)
          || !SessionSignatures.verify(
              camera, answer.auth(), "answer", camera.id(), st.stationId(), answer.ice())) {
        conn.trySend(new ErrorMessage("answer signature invalid"));
        throw new SignalingException(
            FailureReason.REPLAYED,
            "the answer is not signed by the pinned camera for this offer",
            0);
      }
      ice.start(answer.ice());
      try {
        ice.awaitConnected(Duration.ofMillis(CameraHandshake.remainingMillis(deadline)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IceFailedException("interrupted");
      }
      dtls =
          DtlsSession.client(
              ice.dtlsTransport(),
              st.identity(),
              camera,
              Duration.ofMillis(CameraHandshake.remainingMillis(deadline)));
      SrtpTransport srtp = new SrtpTransport(ice.transport(), dtls.srtpKeys());
      receiver = new MediaReceiver(id, srtp, config.media(), frames);
      StationSession session =
          new StationSession(id, hello, camera, conn, ice, dtls, srtp, receiver);
      ControlChannel control =
          new ControlChannel(
              id, dtls, session.controlHandler(), config.pingInterval(), config.deadAfter());
      session.attachControl(control);
      receiver.start();
      control.start();
      session.startMonitor();
      session.watchPath();
      LOG.info(
          "station session {}: connected to camera {} ('{}') via {} in {} ms",
          id,
          camera.id(),
          hello.cameraName(),
          ice.selectedPath().type(),
          ice.connectMillis());
      ok = true;
      return session;
    } catch (SignalingProtocolException e) {
      conn.trySend(new ErrorMessage(e.getMessage()));
      throw e;
    } catch (IceFailedException e) {
      conn.trySend(new ErrorMessage("ICE failed: " + e.getMessage()));
      SignalingException se =
          new SignalingException(
              FailureReason.UNREACHABLE, "no network path to the camera: " + e.getMessage(), 0);
      se.initCause(e); // IceFailedException.serverProblems(): which STUN/TURN server failed how
      throw se;
    } catch (DtlsFailure e) {
      conn.trySend(new ErrorMessage("DTLS failed"));
      throw new SignalingException(
          e.kind() == DtlsFailure.Kind.KEY_MISMATCH
              ? FailureReason.KEY_MISMATCH
              : FailureReason.UNREACHABLE,
          e.getMessage(),
          0);
    } catch (SocketTimeoutException e) {
      throw new SignalingException(
          FailureReason.UNREACHABLE, "the camera did not complete the handshake in time", 0);
    } finally {
      if (!ok) {
        if (receiver != null) {
          receiver.close();
        }
        if (dtls != null) {
          dtls.close();
        }
        conn.close();
        if (ice != null) {
          ice.close();
        }
      }
    }
  }

  private static Hello readHello(MessageChannel conn, int timeoutMillis) throws IOException {
    Hello hello = StationPairing.expect(conn.read(timeoutMillis), Hello.class, "hello");
    if (hello.version() != SignalingCodec.PROTOCOL_VERSION) {
      String why = "unsupported protocol version " + hello.version();
      conn.trySend(new ErrorMessage(why));
      throw new SignalingException(FailureReason.REFUSED, why, 0);
    }
    return hello;
  }

  /** The camera's pinned key, after checking the hello against it and what was asked for. */
  private PublicIdentity pinnedCamera(Hello hello, String expectedCameraId) throws IOException {
    PublicIdentity presented = StationPairing.cameraKey(hello, null);
    if (expectedCameraId != null && !expectedCameraId.equals(presented.id())) {
      boolean pinned = config.credentials().trust().camera(expectedCameraId) != null;
      throw new SignalingException(
          pinned ? FailureReason.KEY_MISMATCH : FailureReason.UNKNOWN_ID,
          pinned
              ? "the camera at this address has a different key (ID "
                  + presented.id()
                  + ") than paired camera "
                  + expectedCameraId
                  + "; it was reset or replaced: pair it again if you trust it"
              : "the camera at this address is " + presented.id() + ", not " + expectedCameraId,
          0);
    }
    PairedPeer pinned = config.credentials().trust().camera(presented.id());
    if (pinned == null) {
      throw new SignalingException(
          FailureReason.NOT_PAIRED,
          "camera " + presented.id() + " is not paired with this station; pair it first",
          0);
    }
    if (!pinned.key().equals(presented)) {
      throw new SignalingException(
          FailureReason.KEY_MISMATCH, "camera " + presented.id() + " presented another key", 0);
    }
    return pinned.key();
  }

  static String hostPort(InetSocketAddress a) {
    String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
