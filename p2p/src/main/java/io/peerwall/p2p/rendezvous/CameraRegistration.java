package io.peerwall.p2p.rendezvous;

import io.peerwall.p2p.ice.IceServerSource;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a camera registered with a rendezvous: connects, checks the rendezvous's key against the
 * pin, proves its ID, hands every channel a station opens to the camera's {@link SignalingServer}
 * (same pool, same handshake as direct connections), and keeps its STUN and TURN servers in {@link
 * #iceServers()} fresh (asked after each registration, again at half the credentials' lifetime).
 *
 * <p>A dead connection is noticed by the link's keep-alive ({@link RendezvousKeepalive}: silence
 * for 12 s by default) or at once when the connection breaks; the camera then registers again after
 * 0.5 s, doubling to 15 s while the rendezvous stays unreachable. A key mismatch is logged as an
 * error and retried at the longest interval: it needs a person, but must not take the camera off a
 * rendezvous whose operator reverts a mistake.
 *
 * <p>Thread: {@code p2p-rdv-reg-<port>}, stopped by {@link #close()} (plus the link's threads).
 */
public final class CameraRegistration implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CameraRegistration.class);
  private static final long FIRST_RETRY_MS = 500;
  private static final long MAX_RETRY_MS = 15_000;
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);
  private static final long ICE_RETRY_MS = 30_000;
  private static final long ICE_REFRESH_WITHOUT_TURN_MS = 3_600_000;

  private final RendezvousAddress address;
  private final RendezvousTrust trust;
  private final Identity camera;
  private final SignalingServer server;
  private final IceServerSource.Holder iceServers;
  private final RendezvousKeepalive keepalive;
  private volatile boolean closed;
  private volatile boolean registered;
  private volatile RendezvousException problem;
  private volatile RendezvousLink link;
  private volatile java.io.Closeable connecting; // the connection being made, closed by relink
  private volatile int registrations;
  private final Object wakeUp = new Object();
  private boolean relinkNow; // guarded by wakeUp
  private Thread thread;

  /**
   * @param trust which rendezvous key to accept ({@link RendezvousPins#trustFor})
   * @param iceServers where the rendezvous's STUN and TURN servers go (the camera's {@code
   *     IceConfig} reads them for each session)
   */
  public CameraRegistration(
      RendezvousAddress address,
      RendezvousTrust trust,
      Identity camera,
      SignalingServer server,
      IceServerSource.Holder iceServers,
      RendezvousKeepalive keepalive) {
    this.address = Objects.requireNonNull(address);
    this.trust = Objects.requireNonNull(trust);
    this.camera = Objects.requireNonNull(camera);
    this.server = Objects.requireNonNull(server);
    this.iceServers = Objects.requireNonNull(iceServers);
    this.keepalive = Objects.requireNonNull(keepalive);
  }

  /**
   * No pinned key ({@link RendezvousTrust#none()}), default keep-alive, ICE servers kept but
   * unused: for callers that only have an address (the lab, {@code camera serve} until it keeps a
   * pin).
   */
  public CameraRegistration(InetSocketAddress rendezvous, Identity camera, SignalingServer server) {
    this(
        new RendezvousAddress(rendezvous.getAddress().getHostAddress(), rendezvous.getPort(), null),
        RendezvousTrust.none(),
        camera,
        server,
        new IceServerSource.Holder(),
        RendezvousKeepalive.DEFAULT);
  }

  public synchronized void start() {
    if (thread == null) {
      thread = NamedThreadFactory.start("p2p-rdv-reg-" + address.port(), this::loop);
    }
  }

  /** Whether the registration is up now. */
  public boolean registered() {
    return registered;
  }

  /** How many times the camera registered since start (a re-registration counts again). */
  public int registrations() {
    return registrations;
  }

  /**
   * Drops the current connection (if any) and registers again at once, without waiting for the
   * keep-alive to notice a dead link or for the retry backoff: the camera's own addresses changed
   * ({@code LocalAddressWatch}), so the old connection is gone or about to be.
   */
  public void relink(String why) {
    LOG.info("camera {}: registering with rendezvous {} again: {}", camera.id(), address, why);
    synchronized (wakeUp) {
      relinkNow = true;
      wakeUp.notifyAll();
    }
    closeQuietly(connecting);
    RendezvousLink l = link;
    if (l != null) {
      l.close();
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // closing to abort: nothing to report
      }
    }
  }

  /** What went wrong last (null once registered again): for the camera's status line. */
  public RendezvousException problem() {
    return problem;
  }

  /** The STUN and TURN servers the rendezvous granted (none until it did). */
  public IceServerSource iceServers() {
    return iceServers;
  }

  private void loop() {
    long delay = FIRST_RETRY_MS;
    while (!closed) {
      try (RendezvousLink l =
          RendezvousLink.connect(
              address, trust, keepalive, STEP_TIMEOUT, socket -> connecting = socket)) {
        connecting = null;
        link = l;
        l.register(camera, server::serve, STEP_TIMEOUT);
        registered = true;
        registrations++;
        problem = null;
        delay = FIRST_RETRY_MS;
        LOG.info("camera {} registered with rendezvous {}", camera.id(), address);
        keepIceServersFresh(l);
        if (!closed) {
          LOG.info(
              "camera {}: rendezvous {} connection ended ({}); registering again",
              camera.id(),
              address,
              l.closeReason());
        }
      } catch (RendezvousException e) {
        noteProblem(e);
      } catch (IOException e) {
        noteProblem(
            new RendezvousException(RendezvousException.Kind.NO_ANSWER, String.valueOf(e), e));
      } catch (RuntimeException e) {
        // Whatever it was, keep the camera reachable through the rendezvous: retry with backoff.
        LOG.error("registering with rendezvous {} failed; retrying", address, e);
        noteProblem(
            new RendezvousException(RendezvousException.Kind.NO_ANSWER, String.valueOf(e), e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        connecting = null;
        registered = false;
      }
      if (closed) {
        return;
      }
      long wait = problem != null && !problem.retryable() ? MAX_RETRY_MS : delay;
      try {
        if (pause(wait)) {
          delay = FIRST_RETRY_MS; // the network changed: a fresh start
          continue;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      delay = Math.min(MAX_RETRY_MS, delay * 2);
    }
  }

  /** Waits {@code millis} or until {@link #relink}; returns whether a relink cut it short. */
  private boolean pause(long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000L;
    synchronized (wakeUp) {
      while (!relinkNow && !closed) {
        long left = (end - System.nanoTime() + 999_999L) / 1_000_000L; // never early
        if (left <= 0) {
          return false;
        }
        wakeUp.wait(left);
      }
      boolean relinked = relinkNow;
      relinkNow = false;
      return relinked;
    }
  }

  /** While registered: asks for ICE servers, again at half their credentials' lifetime. */
  private void keepIceServersFresh(RendezvousLink l) throws InterruptedException {
    long next = 0;
    while (!closed && !l.isClosed()) {
      long now = System.currentTimeMillis();
      if (now >= next) {
        next = now + refreshIceServers(l);
      }
      l.awaitClosed(Math.max(1, Math.min(500, next - now)));
    }
  }

  /** Returns milliseconds until the next request. */
  private long refreshIceServers(RendezvousLink l) {
    try {
      IceServerGrant g = l.requestIceServers(camera, STEP_TIMEOUT);
      iceServers.set(g.servers());
      java.time.Instant expiry = g.servers().earliestExpiry();
      if (expiry == null) {
        return ICE_REFRESH_WITHOUT_TURN_MS;
      }
      long lifetime = Duration.between(g.issued(), expiry).toMillis();
      return Math.max(ICE_RETRY_MS, lifetime / 2);
    } catch (RendezvousException e) {
      if (!l.isClosed()) {
        LOG.warn(
            "camera {}: no ICE servers from rendezvous {}: {}",
            camera.id(),
            address,
            e.getMessage());
      }
      return ICE_RETRY_MS;
    }
  }

  private void noteProblem(RendezvousException e) {
    RendezvousException before = problem;
    problem = e;
    boolean repeat = before != null && before.kind() == e.kind();
    if (e.kind() == RendezvousException.Kind.KEY_MISMATCH) {
      if (!repeat) {
        LOG.error("camera {}: {}", camera.id(), e.getMessage());
      }
    } else if (!repeat) {
      LOG.info("camera {}: rendezvous {}: {}", camera.id(), address, e.getMessage());
    } else {
      LOG.debug("camera {}: rendezvous {}: {}", camera.id(), address, e.getMessage());
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
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
