package io.peerwall.p2p.signaling;

import io.peerwall.p2p.ice.IceSession;
import io.peerwall.p2p.ice.SelectedPath;
import io.peerwall.p2p.media.MediaReceiver;
import io.peerwall.p2p.signaling.SignalingMessage.Bye;
import io.peerwall.p2p.signaling.SignalingMessage.ErrorMessage;
import io.peerwall.p2p.signaling.SignalingMessage.Hello;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera, as the station sees it: the camera's hello, an {@link IceSession} (ICE-controlling)
 * and a running {@link MediaReceiver}. Returned by {@link SignalingClient#connect}.
 *
 * <p>Threads: {@code p2p-sig-client-<id>} watches the TCP control channel (bye, error, loss of the
 * connection end the session), plus the receiver's and ICE session's threads. All stop in {@link
 * #close()}, or when the camera ends the session.
 */
public final class StationSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StationSession.class);

  private final String id;
  private final Hello hello;
  private final SignalingConnection connection;
  private final IceSession ice;
  private final MediaReceiver receiver;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<Consumer<String>> endListeners = new CopyOnWriteArrayList<>();
  private volatile String endReason;
  private Thread monitor;

  StationSession(
      String id,
      Hello hello,
      SignalingConnection connection,
      IceSession ice,
      MediaReceiver receiver) {
    this.id = id;
    this.hello = hello;
    this.connection = connection;
    this.ice = ice;
    this.receiver = receiver;
  }

  void startMonitor() {
    monitor = NamedThreadFactory.start("p2p-sig-client-" + id, this::monitorLoop);
  }

  public String id() {
    return id;
  }

  /** What the camera said about itself. */
  public Hello hello() {
    return hello;
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

  public SelectedPath selectedPath() {
    return ice.selectedPath();
  }

  /** Asks the camera for a keyframe (PLI). */
  public void requestKeyframe() {
    receiver.requestKeyframe();
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

  /** Ends the session: bye to the camera, receiver and ICE closed, threads stopped. Idempotent. */
  @Override
  public void close() {
    end("closed by station");
  }

  private void monitorLoop() {
    String reason;
    try {
      connection.setReadTimeout(500);
      while (true) {
        if (closed.get()) {
          return;
        }
        SignalingMessage m;
        try {
          m = connection.read();
        } catch (SocketTimeoutException e) {
          continue;
        }
        if (m == null) {
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
    endReason = reason;
    receiver.close();
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
