package io.peerwall.p2p.ice;

import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where ice4j calls into PeerWall. ice4j fires {@code PropertyChangeEvent}s on
 * whatever thread happens to change the state: its STUN stack threads, its shared {@code
 * ice4j.Agent-executor} pool, or even the caller of {@code startConnectivityEstablishment()} (which
 * fires RUNNING synchronously). Nothing of ours runs on those threads: every callback is copied
 * into an immutable value and handed to our own executor, so the session's logic is single-threaded
 * and cannot deadlock against ice4j's locks.
 *
 * <p>Two kinds of callback: the agent's processing state, and candidate-pair changes of the
 * session's stream (validated, state, consent freshness), which drive the session's own nomination
 * ({@link DirectFirstNominator}) and path watch ({@link PathWatch}).
 */
final class IceCallbackAdapter implements PropertyChangeListener {
  private static final Logger LOG = LoggerFactory.getLogger(IceCallbackAdapter.class);

  /** ice4j's pair property names (IceMediaStream.firePairPropertyChange). */
  static final String PAIR_VALIDATED = "PairValidated";

  static final String PAIR_STATE = "PairStateChanged";
  static final String PAIR_CONSENT = "PairConsentFreshnessChanged";

  /** Receives ice4j's callbacks on our executor. */
  interface Sink {
    void onAgentState(IceProcessingState oldState, IceProcessingState newState);

    /** A pair changed: {@code property} is one of the PAIR_* names, {@code value} ice4j's. */
    void onPairEvent(String property, CandidatePair pair, Object value);
  }

  private final Executor executor;
  private final Sink sink;
  private volatile boolean detached;

  IceCallbackAdapter(Executor executor, Sink sink) {
    this.executor = executor;
    this.sink = sink;
  }

  void attach(Agent agent) {
    agent.addStateChangeListener(this);
  }

  void attach(IceMediaStream stream) {
    stream.addPairChangeListener(this);
  }

  void detach(Agent agent) {
    detached = true;
    agent.removeStateChangeListener(this);
    for (IceMediaStream s : agent.getStreams()) {
      s.removePairStateChangeListener(this);
    }
  }

  @Override
  public void propertyChange(PropertyChangeEvent evt) {
    if (detached) {
      return;
    }
    String name = evt.getPropertyName();
    if (evt.getSource() instanceof CandidatePair pair) {
      if (PAIR_VALIDATED.equals(name) || PAIR_STATE.equals(name) || PAIR_CONSENT.equals(name)) {
        Object value = evt.getNewValue();
        post(() -> sink.onPairEvent(name, pair, value), name);
      }
      return;
    }
    if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(name)) {
      return;
    }
    Object o = evt.getOldValue();
    Object n = evt.getNewValue();
    if (!(n instanceof IceProcessingState)) {
      return;
    }
    IceProcessingState oldState = o instanceof IceProcessingState ? (IceProcessingState) o : null;
    IceProcessingState newState = (IceProcessingState) n;
    post(() -> sink.onAgentState(oldState, newState), newState.toString());
  }

  private void post(Runnable task, String what) {
    try {
      // A task that throws on a scheduled executor vanishes into its Future: log it here.
      executor.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.error("handling ice4j callback {} failed", what, e);
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("ice4j callback {} after session shutdown, ignored", what);
    }
  }
}
