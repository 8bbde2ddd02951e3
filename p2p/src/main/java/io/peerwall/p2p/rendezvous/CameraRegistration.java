package io.peerwall.p2p.rendezvous;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a camera registered with a rendezvous: connects, proves its ID, hands every channel a
 * station opens to the camera's {@link SignalingServer} (same pool, same handshake as direct
 * connections), and reconnects with exponential backoff (0.5 s doubling to 15 s) when the
 * connection drops. Thread: {@code p2p-rdv-reg-<port>}, stopped by {@link #close()}.
 */
public final class CameraRegistration implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CameraRegistration.class);

  private final InetSocketAddress rendezvous;
  private final Identity camera;
  private final SignalingServer server;
  private volatile boolean closed;
  private volatile boolean registered;
  private volatile RendezvousLink link;
  private Thread thread;

  public CameraRegistration(InetSocketAddress rendezvous, Identity camera, SignalingServer server) {
    this.rendezvous = rendezvous;
    this.camera = camera;
    this.server = server;
  }

  public synchronized void start() {
    if (thread == null) {
      thread = NamedThreadFactory.start("p2p-rdv-reg-" + rendezvous.getPort(), this::loop);
    }
  }

  /** Whether the registration is up now. */
  public boolean registered() {
    return registered;
  }

  private void loop() {
    long delay = 500;
    while (!closed) {
      try (RendezvousLink l = RendezvousLink.connect(rendezvous, Duration.ofSeconds(5))) {
        link = l;
        l.register(camera, server::serve, Duration.ofSeconds(5));
        registered = true;
        delay = 500;
        LOG.info("camera {} registered with rendezvous {}", camera.id(), rendezvous);
        while (!closed && !l.isClosed()) {
          l.awaitClosed(500);
        }
      } catch (IOException e) {
        LOG.info("rendezvous {} not reachable: {}", rendezvous, e.getMessage());
      } catch (RuntimeException e) {
        // Whatever it was, keep the camera reachable through the rendezvous: retry with backoff.
        LOG.error("registering with rendezvous {} failed; retrying", rendezvous, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        registered = false;
      }
      if (closed) {
        return;
      }
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      delay = Math.min(15_000, delay * 2);
    }
  }

  @Override
  public void close() {
    closed = true;
    RendezvousLink l = link;
    if (l != null) {
      l.close();
    }
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
