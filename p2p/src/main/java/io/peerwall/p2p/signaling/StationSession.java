package io.peerwall.p2p.signaling;

import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.control.CameraInfo;
import io.peerwall.p2p.control.ControlChannel;
import io.peerwall.p2p.control.ControlMessage;
import io.peerwall.p2p.control.ControlMessage.ChangePassword;
import io.peerwall.p2p.control.ControlMessage.Info;
import io.peerwall.p2p.control.ControlMessage.InfoRequest;
import io.peerwall.p2p.control.ControlMessage.KeyframeRequest;
import io.peerwall.p2p.control.ControlMessage.Result;
import io.peerwall.p2p.control.ControlMessage.SelectStreams;
import io.peerwall.p2p.control.ControlMessage.Unpair;
import io.peerwall.p2p.dtls.DtlsSession;
import io.peerwall.p2p.ice.IceSession;
import io.peerwall.p2p.ice.IceSessionState;
import io.peerwall.p2p.ice.SelectedPath;
import io.peerwall.p2p.identity.PublicIdentity;
import io.peerwall.p2p.media.MediaReceiver;
import io.peerwall.p2p.signaling.SignalingMessage.Bye;
import io.peerwall.p2p.signaling.SignalingMessage.ErrorMessage;
import io.peerwall.p2p.signaling.SignalingMessage.Hello;
import io.peerwall.p2p.srtp.SrtpTransport;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated camera, as the station sees it: the camera's hello, its pinned key (proven in
 * DTLS), an {@link IceSession} (ICE-controlling), SRTP on the ICE pair, a running {@link
 * MediaReceiver} and the control channel (keyframe, stream choice, camera info, password change,
 * unpair). Returned by {@link SignalingClient#connect}.
 *
 * <p>Threads: {@code p2p-sig-client-<id>} watches the signaling channel (bye, error, loss end the
 * session), {@code p2p-ctl-<id>} the control channel (silence ends it), plus the receiver's and ICE
 * session's threads. All stop in {@link #close()}, or when the camera ends the session.
 */
public final class StationSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StationSession.class);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final String id;
  private final Hello hello;
  private final PublicIdentity camera;
  private final MessageChannel connection;
  private final IceSession ice;
  private final DtlsSession dtls;
  private final SrtpTransport srtp;
  private final MediaReceiver receiver;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<Consumer<String>> endListeners = new CopyOnWriteArrayList<>();
  private volatile String endReason;
  private volatile boolean pathLost;
  private volatile ControlChannel control;
  private Thread monitor;

  StationSession(
      String id,
      Hello hello,
      PublicIdentity camera,
      MessageChannel connection,
      IceSession ice,
      DtlsSession dtls,
      SrtpTransport srtp,
      MediaReceiver receiver) {
    this.id = id;
    this.hello = hello;
    this.camera = camera;
    this.connection = connection;
    this.ice = ice;
    this.dtls = dtls;
    this.srtp = srtp;
    this.receiver = receiver;
  }

  void attachControl(ControlChannel c) {
    this.control = c;
  }

  ControlChannel.Handler controlHandler() {
    return new ControlChannel.Handler() {
      @Override
      public void onMessage(ControlMessage m) {
        LOG.debug(
            "station session {}: ignoring control message {}", id, m.getClass().getSimpleName());
      }

      @Override
      public void onClosed(String reason) {
        end(
            reason.startsWith(ControlChannel.BYE_PREFIX)
                ? "bye from camera: " + reason.substring(ControlChannel.BYE_PREFIX.length())
                : "control channel: " + reason);
      }
    };
  }

  void startMonitor() {
    monitor = NamedThreadFactory.start("p2p-sig-client-" + id, this::monitorLoop);
  }

  /**
   * Ends the session as soon as its ICE path is lost (silence, consent expiry): that is the "path
   * lost" a supervisor reacts to with a new session, within seconds instead of the control
   * channel's {@code deadAfter}.
   */
  void watchPath() {
    ice.addListener(
        e -> {
          if (e.state() == IceSessionState.PATH_LOST) {
            pathLost = true;
            end(e.reason());
          }
        });
    ice.watchPath();
  }

  /** Whether the session ended because its network path died (a new session may well work). */
  public boolean endedByPathLoss() {
    return pathLost;
  }

  public String id() {
    return id;
  }

  /** What the camera said about itself. */
  public Hello hello() {
    return hello;
  }

  /** The camera's verified ID (its pinned key's). */
  public String cameraId() {
    return camera.id();
  }

  /** The camera's identity key, as pinned by this station and proven in DTLS. */
  public PublicIdentity cameraKey() {
    return camera;
  }

  /** The control channel (for requests defined outside this class, such as CameraAudit's). */
  ControlChannel controlChannel() {
    return control;
  }

  /** Sends the request {@code build} makes with a fresh id and waits for its answer. */
  ControlMessage request(java.util.function.LongFunction<ControlMessage> build) throws IOException {
    ControlChannel c = control;
    long rid = c.nextId();
    return await(c.request(rid, build.apply(rid)));
  }

  public IceSession iceSession() {
    return ice;
  }

  public MediaReceiver receiver() {
    return receiver;
  }

  public MediaReceiver.Stats stats() {
    return receiver.stats();
  }

  /** SRTP counters: packets dropped as tampered or replayed. */
  public SrtpTransport srtp() {
    return srtp;
  }

  public SelectedPath selectedPath() {
    return ice.selectedPath();
  }

  /** Asks the camera for a keyframe (RTCP PLI, and the control channel's keyframe request). */
  public void requestKeyframe() {
    receiver.requestKeyframe();
    ControlChannel c = control;
    if (c != null) {
      c.send(new KeyframeRequest());
    }
  }

  /**
   * Asks the camera for a keyframe on one stream of the session ("main" or "sub"), by the control
   * channel only: a PLI names the SSRC, which every stream shares, so it would make the camera send
   * a keyframe on all of them (a recorded main stream grows by a keyframe for nothing).
   */
  public void requestKeyframe(String stream) {
    ControlChannel c = control;
    if (c != null) {
      c.send(new KeyframeRequest(stream));
    }
  }

  /**
   * Asks the camera to carry exactly these streams ("main", "sub": one or both) on the session.
   *
   * @throws SignalingException (REFUSED) when the camera lacks one of them; its set is unchanged
   */
  public void selectStreams(Collection<String> streams) throws IOException {
    ControlChannel c = control;
    long rid = c.nextId();
    expectOk(await(c.request(rid, new SelectStreams(rid, List.copyOf(streams)))));
  }

  /** The camera's description and its password facts (for the audit). */
  public CameraInfo cameraInfo() throws IOException {
    ControlChannel c = control;
    long rid = c.nextId();
    ControlMessage m = await(c.request(rid, new InfoRequest(rid)));
    if (m instanceof Info i) {
      return i.info();
    }
    throw new IOException("camera answered the info request with " + m.getClass().getSimpleName());
  }

  /**
   * Changes the camera's password (sent inside the DTLS-protected control channel; the camera keeps
   * only the new verifier). Other stations stay paired.
   *
   * @throws SignalingException with the camera's reason in words and its {@link FailureReason}:
   *     WRONG_PASSWORD (the current password is wrong), LOCKED_OUT or THROTTLED (password checks
   *     are throttled like pairing; {@link SignalingException#retryAfterMillis()} says when to try
   *     again), NOT_PAIRABLE, or REFUSED (the new password is too weak: the reasons are in the
   *     message; or the camera could not store it)
   */
  public void changePassword(char[] oldPassword, char[] newPassword) throws IOException {
    ControlChannel c = control;
    long rid = c.nextId();
    expectOk(
        await(
            c.request(
                rid, new ChangePassword(rid, new String(oldPassword), new String(newPassword)))));
  }

  /** Unpairs a station from the camera (this station's own ID ends this session too). */
  public void unpair(String stationId) throws IOException {
    ControlChannel c = control;
    long rid = c.nextId();
    expectOk(await(c.request(rid, new Unpair(rid, stationId))));
  }

  private static void expectOk(ControlMessage m) throws SignalingException {
    if (m instanceof Result r && r.ok()) {
      return;
    }
    if (!(m instanceof Result r)) {
      throw new SignalingException(FailureReason.REFUSED, "camera refused: unexpected answer", 0);
    }
    throw new SignalingException(
        r.code().isEmpty() ? FailureReason.REFUSED : FailureReason.fromWire(r.code()),
        "camera refused: " + r.reason(),
        r.retryAfterMillis());
  }

  private static ControlMessage await(CompletableFuture<ControlMessage> f) throws IOException {
    try {
      return f.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("camera did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Why the session ended, or null while it runs. */
  public String endReason() {
    return endReason;
  }

  /**
   * Called once with the reason when the session ends (on the thread that ended it). If it has
   * already ended, called at once.
   */
  public void onEnded(Consumer<String> listener) {
    endListeners.add(listener);
    String r = endReason;
    if (r != null && endListeners.remove(listener)) {
      listener.accept(r);
    }
  }

  /** Ends the session: bye to the camera, receiver, DTLS and ICE closed, threads stopped. */
  @Override
  public void close() {
    end("closed by station");
  }

  /**
   * Ends the session for a reason of the station's (its address went away), which becomes the
   * {@link #endReason()}.
   */
  public void close(String reason) {
    end(reason);
  }

  private void monitorLoop() {
    String reason;
    try {
      while (true) {
        if (closed.get()) {
          return;
        }
        SignalingMessage m;
        try {
          m = connection.read(500);
        } catch (SocketTimeoutException e) {
          continue;
        }
        if (m == null) {
          if (!connection.essential()) {
            return; // relayed signaling gone; the control channel watches the session
          }
          reason = "camera disconnected";
          break;
        }
        if (m instanceof Bye b) {
          reason = "bye from camera: " + b.reason();
          break;
        }
        if (m instanceof ErrorMessage e) {
          reason = "error from camera: " + e.reason();
          break;
        }
        connection.trySend(new ErrorMessage("unexpected message during session"));
        reason = "protocol error: unexpected message during session";
        break;
      }
    } catch (SignalingProtocolException e) {
      connection.trySend(new ErrorMessage(e.getMessage()));
      reason = "protocol error: " + e.getMessage();
    } catch (IOException e) {
      reason = "signaling connection lost: " + e.getMessage();
    } catch (RuntimeException e) {
      LOG.error("station session {}: signaling monitor failed; ending the session", id, e);
      reason = "signaling monitor failed: " + e;
    }
    if (!closed.get()) {
      LOG.info("station session {}: {}", id, reason);
    }
    end(reason);
  }

  private void end(String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (ice.state() == IceSessionState.PATH_LOST) {
      // Losing the path closes the ICE transport at once, so the control channel may report
      // "transport closed" before the PATH_LOST event arrives: the path is the cause.
      pathLost = true;
      reason = ice.reason();
    }
    endReason = reason;
    receiver.close();
    ControlChannel c = control;
    if (c != null) {
      c.close(reason);
    }
    dtls.close();
    connection.trySend(new Bye(reason));
    connection.close();
    ice.close();
    Thread m = monitor;
    if (m != null && m != Thread.currentThread()) {
      try {
        m.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Consumer<String> l : endListeners) {
      if (endListeners.remove(l)) {
        try {
          l.accept(reason);
        } catch (RuntimeException e) {
          LOG.warn("station session {}: end listener threw", id, e);
        }
      }
    }
  }
}
