package io.peerwall.p2p.session;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.identity.PeerId;
import io.peerwall.p2p.signaling.FailureReason;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one paired camera connected: a session, and when it is lost a new one (a fresh ICE agent:
 * ice4j has no ICE restart) after an exponential backoff capped at {@code maxBackoff}, until the
 * camera is back or the link is closed. States go out as {@link LinkEvent}s on this link's own
 * single event thread ({@code p2p-link-events-<id>}), never on ice4j's threads; the supervisor runs
 * on {@code p2p-link-<id>}.
 *
 * <p>Failures that retrying cannot fix stop the link: KEY_MISMATCH (the camera's key changed: reset
 * or impostor) and NOT_PAIRED (this station was unpaired).
 */
public final class CameraLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CameraLink.class);

  /** Opens one session to the camera (direct address, LAN or rendezvous: the caller decides). */
  @FunctionalInterface
  public interface Connector {
    StationSession connect(Consumer<EncodedFrame> frames) throws IOException;
  }

  private final String cameraId;
  private final String shortId;
  private final Connector connector;
  private final Consumer<EncodedFrame> frames;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final List<Consumer<LinkEvent>> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService events;
  private volatile LinkState state = LinkState.CONNECTING;
  private volatile StationSession session;
  private volatile boolean closed;
  private volatile int reconnects;
  private volatile boolean everLive;
  private Thread supervisor;

  public CameraLink(
      String cameraId,
      Connector connector,
      Consumer<EncodedFrame> frames,
      Duration initialBackoff,
      Duration maxBackoff) {
    this.cameraId = Objects.requireNonNull(cameraId);
    this.shortId =
        cameraId.replace("-", "").substring(0, Math.min(8, cameraId.replace("-", "").length()));
    this.connector = Objects.requireNonNull(connector);
    this.frames = Objects.requireNonNull(frames);
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.events =
        Executors.newSingleThreadExecutor(NamedThreadFactory.single("p2p-link-events-" + shortId));
  }

  /** Defaults: 250 ms doubling to 2 s, so a camera back after a restart is live within ~3 s. */
  public CameraLink(String cameraId, Connector connector, Consumer<EncodedFrame> frames) {
    this(cameraId, connector, frames, Duration.ofMillis(250), Duration.ofSeconds(2));
  }

  public void addListener(Consumer<LinkEvent> l) {
    listeners.add(l);
  }

  public synchronized void start() {
    if (supervisor == null) {
      supervisor = NamedThreadFactory.start("p2p-link-" + shortId, this::supervise);
    }
  }

  public LinkState state() {
    return state;
  }

  /** The live session, or null. */
  public StationSession session() {
    return session;
  }

  public int reconnects() {
    return reconnects;
  }

  private void supervise() {
    long delay = initialBackoff.toMillis();
    int attempt = 0;
    while (!closed) {
      CountDownLatch ended = new CountDownLatch(1);
      try {
        StationSession s = connector.connect(frames);
        s.onEnded(r -> ended.countDown());
        session = s;
        if (closed) {
          s.close();
          break;
        }
        everLive = true;
        delay = initialBackoff.toMillis();
        publish(LinkState.LIVE, attempt, "", s);
        ended.await();
        String why = s.endReason();
        session = null;
        s.close();
        if (closed) {
          break;
        }
        LOG.info("camera {}: session ended ({}); reconnecting", PeerId.shortForm(cameraId), why);
        attempt++;
        reconnects++;
        publish(LinkState.RECONNECTING, attempt, why, null);
      } catch (SignalingException e) {
        FailureReason r = e.reason();
        if (r == FailureReason.KEY_MISMATCH || r == FailureReason.NOT_PAIRED) {
          publish(
              r == FailureReason.KEY_MISMATCH ? LinkState.KEY_MISMATCH : LinkState.NOT_PAIRED,
              attempt,
              e.getMessage(),
              null);
          LOG.warn("camera {}: {}; not retrying", PeerId.shortForm(cameraId), e.getMessage());
          return;
        }
        attempt++;
        publish(
            everLive ? LinkState.RECONNECTING : LinkState.UNREACHABLE,
            attempt,
            e.getMessage(),
            null);
      } catch (IOException | RuntimeException e) {
        attempt++;
        publish(
            everLive ? LinkState.RECONNECTING : LinkState.UNREACHABLE,
            attempt,
            String.valueOf(e.getMessage()),
            null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (closed) {
        break;
      }
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      delay = Math.min(maxBackoff.toMillis(), delay * 2);
    }
  }

  private void publish(LinkState s, int attempt, String reason, StationSession live) {
    state = s;
    LinkEvent e =
        new LinkEvent(
            cameraId,
            s,
            attempt,
            reason == null ? "" : reason,
            live == null ? null : live.selectedPath().type());
    try {
      events.execute(
          () -> {
            for (Consumer<LinkEvent> l : listeners) {
              try {
                l.accept(e);
              } catch (RuntimeException ex) {
                LOG.warn("link listener threw", ex);
              }
            }
          });
    } catch (RejectedExecutionException ex) {
      LOG.debug("link event after close: {}", s);
    }
  }

  /** Ends the session and the supervisor; CLOSED is the last event. */
  @Override
  public void close() {
    closed = true;
    StationSession s = session;
    if (s != null) {
      s.close();
    }
    Thread t;
    synchronized (this) {
      t = supervisor;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    publish(LinkState.CLOSED, reconnects, "closed", null);
    events.shutdown();
    try {
      events.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
