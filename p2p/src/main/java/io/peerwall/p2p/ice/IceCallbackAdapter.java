package io.peerwall.p2p.ice;

import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.ice4j.ice.Agent;
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
 */
final class IceCallbackAdapter implements PropertyChangeListener {
  private static final Logger LOG = LoggerFactory.getLogger(IceCallbackAdapter.class);

  /** Receives ice4j agent states on our executor. */
  interface Sink {
    void onAgentState(IceProcessingState oldState, IceProcessingState newState);
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

  void detach(Agent agent) {
    detached = true;
    agent.removeStateChangeListener(this);
  }

  @Override
  public void propertyChange(PropertyChangeEvent evt) {
    if (detached || !Agent.PROPERTY_ICE_PROCESSING_STATE.equals(evt.getPropertyName())) {
      return;
    }
    Object o = evt.getOldValue();
    Object n = evt.getNewValue();
    if (!(n instanceof IceProcessingState)) {
      return;
    }
    IceProcessingState oldState = o instanceof IceProcessingState ? (IceProcessingState) o : null;
    IceProcessingState newState = (IceProcessingState) n;
    try {
      // A task that throws on a scheduled executor vanishes into its Future: log it here.
      executor.execute(
          () -> {
            try {
              sink.onAgentState(oldState, newState);
            } catch (RuntimeException e) {
              LOG.error("handling ice4j state {} failed", newState, e);
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("ice4j state {} after session shutdown, ignored", newState);
    }
  }
}
