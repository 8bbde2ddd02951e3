package io.peerwall.p2p.control;

import io.peerwall.p2p.control.ControlMessage.Bye;
import io.peerwall.p2p.control.ControlMessage.Info;
import io.peerwall.p2p.control.ControlMessage.Ping;
import io.peerwall.p2p.control.ControlMessage.Pong;
import io.peerwall.p2p.control.ControlMessage.Result;
import io.peerwall.p2p.dtls.DtlsSession;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control channel of a session: {@link ControlMessage}s as DTLS application data, plus
 * liveness. One thread, {@code p2p-ctl-<id>}, reads records, answers pings, completes pending
 * requests and hands everything else to the {@link Handler}; it also pings every {@code
 * pingInterval} and declares the peer gone after {@code deadAfter} of silence. That is what notices
 * a camera that vanished on a path with no TCP connection (rendezvous, NAT): a station then
 * reconnects with a new ICE agent.
 *
 * <p>Malformed records are counted and dropped (the DTLS layer already dropped forged ones).
 */
public final class ControlChannel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlChannel.class);

  /** Receives control messages on {@code p2p-ctl-<id>}. Do not block. */
  public interface Handler {
    /** A message that is not ping/pong or a response. */
    void onMessage(ControlMessage m);

    /** The channel ended (peer bye, silence, DTLS closed, or {@link #close}). Called once. */
    void onClosed(String reason);
  }

  /** {@link Handler#onClosed} reasons for a peer's bye start with this. */
  public static final String BYE_PREFIX = "bye: ";

  private final String id;
  private final DtlsSession dtls;
  private final Handler handler;
  private final long pingNanos;
  private final long deadNanos;
  private final Object sendLock = new Object();
  private final Map<Long, CompletableFuture<ControlMessage>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean closing;
  private volatile long lastHeardNanos = System.nanoTime();
  private Thread thread;

  public ControlChannel(
      String id, DtlsSession dtls, Handler handler, Duration pingInterval, Duration deadAfter) {
    this.id = id;
    this.dtls = dtls;
    this.handler = handler;
    this.pingNanos = pingInterval.toNanos();
    this.deadNanos = deadAfter.toNanos();
  }

  public synchronized void start() {
    if (thread == null) {
      thread = NamedThreadFactory.start("p2p-ctl-" + id, this::loop);
    }
  }

  /** A fresh request id. */
  public long nextId() {
    return ids.incrementAndGet();
  }

  /** Sends one message; false if the channel is closed or the send failed. */
  public boolean send(ControlMessage m) {
    if (ended.get()) {
      return false;
    }
    byte[] b = ControlCodec.encode(m);
    synchronized (sendLock) {
      try {
        dtls.send(b, 0, b.length);
        return true;
      } catch (IOException | RuntimeException e) {
        LOG.debug("control {}: send failed: {}", id, e.toString());
        return false;
      }
    }
  }

  /**
   * Sends a request and completes with the peer's {@link Result}, {@link Info} or {@link
   * ControlMessage.Reply} of that id.
   */
  public CompletableFuture<ControlMessage> request(long requestId, ControlMessage m) {
    CompletableFuture<ControlMessage> f = new CompletableFuture<>();
    pending.put(requestId, f);
    if (!send(m)) {
      pending.remove(requestId);
      f.completeExceptionally(new IOException("control channel closed"));
    }
    return f;
  }

  /**
   * Stops waiting for the answer to {@code requestId} (a peer that drops the request, such as an
   * older camera, would otherwise leave it pending for the session's life).
   */
  public void forget(long requestId) {
    CompletableFuture<ControlMessage> f = pending.remove(requestId);
    if (f != null) {
      f.cancel(false);
    }
  }

  /** Records dropped as malformed. */
  public long malformed() {
    return malformed.get();
  }

  private void loop() {
    byte[] buf = new byte[ControlCodec.MAX_BYTES + 64];
    long nextPing = System.nanoTime();
    String reason = "closed";
    try {
      while (!closing) {
        long now = System.nanoTime();
        if (now - nextPing >= 0) {
          nextPing = now + pingNanos;
          send(new Ping(nextId()));
        }
        if (now - lastHeardNanos > deadNanos) {
          reason = "peer silent for " + deadNanos / 1_000_000 + " ms";
          break;
        }
        int n = dtls.receive(buf, 100);
        if (n < 0) {
          continue;
        }
        lastHeardNanos = System.nanoTime();
        ControlMessage m;
        try {
          m = ControlCodec.decode(buf, n);
        } catch (IllegalArgumentException e) {
          malformed.incrementAndGet();
          LOG.debug("control {}: dropped malformed record: {}", id, e.getMessage());
          continue;
        }
        if (m instanceof Ping p) {
          send(new Pong(p.id()));
        } else if (m instanceof Pong) {
          // lastHeard already updated
        } else if (m instanceof Result r) {
          complete(r.id(), r);
        } else if (m instanceof Info i) {
          complete(i.id(), i);
        } else if (m instanceof ControlMessage.Reply r) {
          complete(r.id(), r);
        } else if (m instanceof Bye b) {
          reason = BYE_PREFIX + b.reason();
          break;
        } else {
          try {
            handler.onMessage(m);
          } catch (RuntimeException e) {
            LOG.warn("control {}: handler threw", id, e);
          }
        }
      }
    } catch (IOException e) {
      reason = closing ? "closed" : "DTLS channel ended: " + e.getMessage();
    } catch (RuntimeException e) {
      // Without this thread nobody pings or notices silence: end the session rather than leave
      // it looking live.
      LOG.error("control {}: channel loop failed; ending the session", id, e);
      reason = "control channel failed: " + e;
    }
    end(reason);
  }

  private void complete(long requestId, ControlMessage m) {
    CompletableFuture<ControlMessage> f = pending.remove(requestId);
    if (f != null) {
      f.complete(m);
    }
  }

  private void end(String reason) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    for (CompletableFuture<ControlMessage> f : pending.values()) {
      f.completeExceptionally(new IOException("control channel ended: " + reason));
    }
    pending.clear();
    try {
      handler.onClosed(reason);
    } catch (RuntimeException e) {
      LOG.warn("control {}: onClosed threw", id, e);
    }
  }

  /** Says bye (best effort), stops the thread (waits ≤ 1 s). Idempotent. */
  public void close(String reason) {
    if (!ended.get()) {
      byte[] b = ControlCodec.encode(new Bye(reason == null ? "" : reason));
      synchronized (sendLock) {
        try {
          dtls.send(b, 0, b.length);
        } catch (IOException | RuntimeException e) {
          LOG.debug("control {}: bye not sent: {}", id, e.toString());
        }
      }
    }
    closing = true;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    end(reason == null ? "closed" : reason);
  }

  @Override
  public void close() {
    close("closed");
  }
}
