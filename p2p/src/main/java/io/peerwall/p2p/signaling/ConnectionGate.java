package io.peerwall.p2p.signaling;

import io.peerwall.p2p.signaling.SignalingMessage.ErrorMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The way into a camera's signaling pool: every conversation, direct or relayed, is admitted here
 * ({@link Admission}) or answered {@code busy} and closed; what unauthenticated peers cause is
 * counted and logged once per address per minute ({@link PeerTroubleLog}). Keeps the open
 * conversations so the server can close them all, including ones still waiting in the pool's queue.
 * Thread-safe.
 */
final class ConnectionGate {
  private final Admission admission;
  private final PeerTroubleLog peerLog;
  private final int maxSessions;
  private final List<MessageChannel> open = new CopyOnWriteArrayList<>();
  private final AtomicLong firstLineTimeouts = new AtomicLong();
  private final AtomicLong handshakeTimeouts = new AtomicLong();

  ConnectionGate(ConnectionLimits limits, int maxSessions, LongSupplier nanoClock) {
    this.admission = new Admission(limits, maxSessions, nanoClock);
    this.peerLog = new PeerTroubleLog(nanoClock);
    this.maxSessions = maxSessions;
  }

  /**
   * Admits {@code conn} and hands it to {@code serve} on {@code pool}, or refuses it. Never blocks
   * (runs on the accept thread, or a rendezvous link's reader).
   *
   * @param serve runs the conversation; the gate releases the slot and closes the channel after
   * @return whether it was admitted
   */
  boolean offer(
      MessageChannel conn, Executor pool, BiConsumer<MessageChannel, Admission.Slot> serve) {
    String key = conn.admissionKey();
    Admission.Decision d =
        admission.admit(
            key,
            () -> {
              peerLog.event(key, "took back a pending connection for a newcomer");
              conn.close();
            });
    if (d.slot() == null) {
      peerLog.event(
          key,
          d.refusal() == Admission.Refusal.PER_ADDRESS
              ? "refused a connection: the address holds its share of handshakes"
              : "refused a connection: every handshake slot is taken");
      conn.trySend(new ErrorMessage("busy"));
      conn.close();
      return false;
    }
    Admission.Slot slot = d.slot();
    open.add(conn); // from now on closeAll() closes it, even while it waits in the queue
    try {
      pool.execute(
          () -> {
            try {
              serve.accept(conn, slot);
            } finally {
              slot.release();
              open.remove(conn);
              conn.close();
            }
          });
      return true;
    } catch (RejectedExecutionException e) { // the server is closing
      open.remove(conn);
      slot.release();
      conn.close();
      return false;
    }
  }

  /** Closes every admitted conversation (wakes the ones blocked in a read). */
  void closeAll() {
    for (MessageChannel c : open) {
      c.close();
    }
  }

  /** An unauthenticated peer's misstep: logged once per address per minute. */
  void peerTrouble(MessageChannel conn, String what) {
    peerLog.event(conn.admissionKey(), what);
  }

  void firstLineTimedOut(MessageChannel conn) {
    firstLineTimeouts.incrementAndGet();
    peerTrouble(conn, "closed a connection: no complete first line in time");
  }

  void handshakeTimedOut(MessageChannel conn) {
    handshakeTimeouts.incrementAndGet();
    peerTrouble(conn, "closed a connection: the handshake did not end in time");
  }

  /** The sessions' capacity, for the refusal a paired station gets when it is full. */
  int maxSessions() {
    return maxSessions;
  }

  ConnectionStats stats() {
    Admission.Stats a = admission.stats();
    return new ConnectionStats(
        a.handshakes(),
        a.sessions(),
        a.admitted(),
        a.refusedAtCapacity(),
        a.refusedPerAddress(),
        a.evicted(),
        a.sessionsFull(),
        firstLineTimeouts.get(),
        handshakeTimeouts.get());
  }
}
