package io.peerwall.station.audit;

import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.pairing.PasswordPolicy;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.StationSession;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password changes asked for on the audit: checked on the station, sent over the camera's control
 * channel (which checks again and throttles the current password like pairing), the camera's facts
 * read again afterwards. An offline camera's change waits for its session: the passwords of a
 * queued change are kept only in this process's memory (zeroed when sent, cancelled or at close);
 * the database keeps that a change waits, never a password (decision 0092).
 */
final class PasswordFixes {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordFixes.class);

  /** A queued change: copies of the passwords, zeroed once used. */
  private record Pending(char[] current, char[] next) {
    void wipe() {
      Arrays.fill(current, '\0');
      Arrays.fill(next, '\0');
    }
  }

  private final AuditService audit;
  private final FactsHistory history;
  private final Clock clock;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final Set<String> queuedEarlier = ConcurrentHashMap.newKeySet();
  private final List<Consumer<FixResult>> finished = new CopyOnWriteArrayList<>();

  PasswordFixes(AuditService audit, FactsHistory history, Clock clock) {
    this.audit = audit;
    this.history = history;
    this.clock = clock;
    try {
      queuedEarlier.addAll(history.queuedFixes().keySet());
    } catch (SQLException e) {
      LOG.warn("cannot read the queued password changes: {}", e.getMessage());
    }
  }

  void onFinished(Consumer<FixResult> listener) {
    finished.add(listener);
  }

  FixState state(String cameraId) {
    if (running.contains(cameraId)) {
      return FixState.RUNNING;
    }
    if (pending.containsKey(cameraId)) {
      return FixState.QUEUED;
    }
    return queuedEarlier.contains(cameraId) ? FixState.QUEUED_NEEDS_PASSWORDS : FixState.NONE;
  }

  CompletableFuture<FixResult> change(String cameraId, char[] current, char[] next) {
    String name = audit.nameOf(cameraId);
    if (audit.access(cameraId) == Access.NOT_PAIRED) {
      return done(FixResult.of(FixResult.Outcome.NOT_PAIRED, cameraId, name));
    }
    if (current == null || current.length == 0) {
      return done(FixResult.of(FixResult.Outcome.NO_CURRENT, cameraId, name));
    }
    PasswordPolicy.Verdict v = audit.check(cameraId, next);
    if (!v.acceptable()) {
      return done(
          new FixResult(
              FixResult.Outcome.WEAK_ON_STATION,
              cameraId,
              name,
              String.join("; ", v.reasons()),
              0));
    }
    Pending p = new Pending(current.clone(), next.clone());
    StationSession session = audit.session(cameraId);
    if (session == null) {
      Pending old = pending.put(cameraId, p);
      if (old != null) {
        old.wipe();
      }
      try {
        history.queueFix(cameraId, clock.millis());
      } catch (SQLException e) {
        LOG.warn("camera {}: the queued change is not remembered: {}", cameraId, e.getMessage());
      }
      queuedEarlier.remove(cameraId);
      audit.changed();
      return done(FixResult.of(FixResult.Outcome.QUEUED, cameraId, name));
    }
    running.add(cameraId);
    audit.changed();
    return CompletableFuture.supplyAsync(() -> send(cameraId, session, p), audit.workers());
  }

  /** The camera's session is up: send its queued change, if any. On a worker thread. */
  void runQueued(String cameraId, StationSession session) {
    Pending p = pending.remove(cameraId);
    if (p == null) {
      return;
    }
    running.add(cameraId);
    send(cameraId, session, p);
  }

  void cancel(String cameraId) {
    Pending p = pending.remove(cameraId);
    if (p != null) {
      p.wipe();
    }
    queuedEarlier.remove(cameraId);
    unqueue(cameraId);
    audit.changed();
  }

  void forgetAll() {
    pending.values().forEach(Pending::wipe);
    pending.clear();
  }

  private FixResult send(String cameraId, StationSession session, Pending p) {
    String name = audit.nameOf(cameraId);
    FixResult result;
    try {
      session.changePassword(p.current(), p.next());
      result = FixResult.of(FixResult.Outcome.CHANGED, cameraId, name);
      LOG.info("camera {}: password changed from the audit", cameraId);
    } catch (SignalingException e) {
      result = refusal(e, cameraId, name);
      LOG.info("camera {}: password change refused: {}", cameraId, e.getMessage());
    } catch (IOException e) {
      result = new FixResult(FixResult.Outcome.FAILED, cameraId, name, e.getMessage(), 0);
      LOG.info("camera {}: password change failed: {}", cameraId, e.getMessage());
    } finally {
      p.wipe();
    }
    if (result.outcome() == FixResult.Outcome.WRONG_PASSWORD) {
      try {
        history.recordOwnFailedChange(cameraId, clock.millis());
      } catch (SQLException e) {
        LOG.warn("camera {}: own wrong password not stored: {}", cameraId, e.getMessage());
      }
    }
    if (result.outcome() != FixResult.Outcome.FAILED) {
      unqueue(cameraId); // answered: nothing waits any more (a refusal needs the admin)
    }
    audit.read(cameraId, session); // the row shows the camera's counters after this attempt
    running.remove(cameraId);
    if (result.outcome() == FixResult.Outcome.NOT_PAIRED) {
      audit.markNotPaired(cameraId);
    }
    audit.changed();
    for (Consumer<FixResult> l : finished) {
      try {
        l.accept(result);
      } catch (RuntimeException e) {
        LOG.warn("a fix listener failed: {}", e.toString(), e);
      }
    }
    return result;
  }

  private void unqueue(String cameraId) {
    try {
      history.unqueueFix(cameraId);
    } catch (SQLException e) {
      LOG.warn("camera {}: queued change not cleared: {}", cameraId, e.getMessage());
    }
  }

  static FixResult refusal(SignalingException e, String id, String name) {
    FailureReason r = e.reason();
    String detail =
        e.getMessage() == null ? "" : e.getMessage().replaceFirst("^camera refused: ", "");
    FixResult.Outcome o =
        switch (r == null ? FailureReason.REFUSED : r) {
          case WRONG_PASSWORD -> FixResult.Outcome.WRONG_PASSWORD;
          case LOCKED_OUT -> FixResult.Outcome.LOCKED_OUT;
          case THROTTLED -> FixResult.Outcome.THROTTLED;
          case NOT_PAIRED, NOT_PAIRABLE -> FixResult.Outcome.NOT_PAIRED;
          case REFUSED -> FixResult.Outcome.WEAK_ON_CAMERA;
          default -> FixResult.Outcome.FAILED;
        };
    return new FixResult(o, id, name, detail, e.retryAfterMillis());
  }

  private static CompletableFuture<FixResult> done(FixResult r) {
    return CompletableFuture.completedFuture(r);
  }
}
