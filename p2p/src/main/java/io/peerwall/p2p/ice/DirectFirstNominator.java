package io.peerwall.p2p.ice;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidatePairState;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.CheckList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controlling agent's nomination: a direct pair (host, server- or peer-reflexive at both ends)
 * is nominated as soon as it succeeds; a relayed pair only if no direct pair succeeds within the
 * configured delay, or at once when every direct pair has failed.
 *
 * <p>Why not ice4j's: its default, NOMINATE_FIRST_VALID, nominates whichever pair succeeds first,
 * and a relayed pair often does (the relay answers at once while a hole is still being punched), so
 * media would go through TURN where a direct path exists. Its
 * NOMINATE_FIRST_HOST_OR_REFLEXIVE_VALID has the right idea but waits on a fresh {@code
 * java.util.Timer} (a non-daemon thread that is never cancelled) for every session. So agents run
 * with nomination NONE and this class, driven by pair events on the session's event thread,
 * nominates.
 *
 * <p>Runs only on the session's event thread (no locking).
 */
final class DirectFirstNominator {
  private static final Logger LOG = LoggerFactory.getLogger(DirectFirstNominator.class);

  private final String id;
  private final Agent agent;
  private final CheckList checkList;
  private final Duration relayDelay;
  private final ScheduledExecutorService events;
  private CandidatePair bestRelayed;
  private ScheduledFuture<?> relayTimer;
  private boolean nominated;

  DirectFirstNominator(
      String id,
      Agent agent,
      CheckList checkList,
      Duration relayDelay,
      ScheduledExecutorService events) {
    this.id = id;
    this.agent = agent;
    this.checkList = checkList;
    this.relayDelay = relayDelay;
    this.events = events;
  }

  static boolean isRelayed(CandidatePair p) {
    return p.getLocalCandidate().getType() == CandidateType.RELAYED_CANDIDATE
        || p.getRemoteCandidate().getType() == CandidateType.RELAYED_CANDIDATE;
  }

  void onValidated(CandidatePair pair) {
    if (nominated) {
      return;
    }
    if (!isRelayed(pair)) {
      nominate(pair, "direct pair succeeded");
      return;
    }
    if (bestRelayed == null || pair.getPriority() > bestRelayed.getPriority()) {
      bestRelayed = pair;
    }
    if (noDirectPairLeft()) {
      nominate(bestRelayed, "relayed pair succeeded and every direct pair failed");
    } else if (relayTimer == null) {
      relayTimer =
          events.schedule(this::relayDelayOver, relayDelay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  void onFailed(CandidatePair pair) {
    if (!nominated && bestRelayed != null && noDirectPairLeft()) {
      nominate(bestRelayed, "every direct pair failed");
    }
  }

  private void relayDelayOver() {
    if (!nominated && bestRelayed != null) {
      nominate(
          bestRelayed,
          "no direct pair succeeded within " + relayDelay.toMillis() + " ms of the relayed one");
    }
  }

  /** Whether no direct pair could still succeed (all failed, or there are none). */
  private boolean noDirectPairLeft() {
    synchronized (checkList) {
      for (CandidatePair p : checkList) {
        if (!isRelayed(p) && p.getState() != CandidatePairState.FAILED) {
          return false;
        }
      }
    }
    return true;
  }

  private void nominate(CandidatePair pair, String why) {
    nominated = true;
    cancel();
    LOG.info(
        "ICE session {}: nominating a {} pair ({})",
        id,
        isRelayed(pair) ? "relayed" : "direct",
        why);
    try {
      agent.nominate(pair);
    } catch (IllegalStateException e) {
      LOG.warn("ICE session {}: nomination refused: {}", id, e.getMessage());
    }
  }

  void cancel() {
    if (relayTimer != null) {
      relayTimer.cancel(false);
      relayTimer = null;
    }
  }
}
