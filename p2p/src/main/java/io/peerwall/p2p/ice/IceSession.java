package io.peerwall.p2p.ice;

import io.peerwall.p2p.transport.DatagramTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidatePairState;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ICE session: one ice4j {@link Agent}, one media stream, one component (RTP and RTCP
 * multiplexed, RFC 5761). Not trickled: gather everything, exchange descriptions, connect.
 *
 * <pre>{@code
 * IceSession s = new IceSession("cam1", false, IceConfig.loopbackOnly());
 * s.addListener(e -> ...);                    // on p2p-ice-events-cam1
 * IceDescription local = s.gather();          // NEW -> GATHERING
 * ... send local, receive remote over signaling ...
 * s.start(remote);                            // -> CONNECTING -> CONNECTED | FAILED
 * DatagramTransport t = s.awaitConnected(Duration.ofSeconds(10));
 * s.watchPath();                              // once keep-alive traffic runs: -> PATH_LOST on silence
 * s.close();                                  // -> CLOSED, frees the agent and our thread
 * }</pre>
 *
 * <p>Candidates: host ones on the configured addresses or every suitable interface,
 * server-reflexive and relayed ones from the {@link IceConfig#iceServers()} of the moment; what
 * each server answered is in {@link #serverStatuses()}. The controlling side nominates direct pairs
 * first ({@link DirectFirstNominator}). A connected session watches its path ({@link PathWatch})
 * and goes to {@link IceSessionState#PATH_LOST} when it dies.
 *
 * <p>Threads: one single-thread scheduler {@code p2p-ice-events-<id>} receives every ice4j callback
 * (through {@link IceCallbackAdapter}), runs the connect timeout, the nomination delay and the path
 * watch, and delivers {@link IceSessionEvent}s to listeners. It is stopped by {@link #close()}.
 * ice4j's own threads for this agent (socket readers, STUN connectors) end with {@code
 * Agent.free()}; its process-wide pools are static daemon pools that ice4j owns.
 *
 * <p>Never logs {@code Agent.toString()} or the ICE password.
 */
public final class IceSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IceSession.class);
  private static final int RECEIVE_QUEUE = 2048;
  private static final long WATCH_PERIOD_MS = 250;

  private final String id;
  private final boolean controlling;
  private final IceConfig config;
  private final IceEventThread eventThread;
  private final ScheduledExecutorService events;
  private final CompletableFuture<DatagramTransport> connected = new CompletableFuture<>();
  private final Object lock = new Object();

  // Guarded by lock.
  private IceSessionState state = IceSessionState.NEW;
  private String reason = "";
  private Agent agent;
  private Component component;
  private IceCallbackAdapter adapter;
  private IceDescription localDescription;
  private IceDescription remoteDescription;
  private List<IceServerStatus> serverStatuses = List.of();
  private ScheduledFuture<?> timeoutTask;
  private ScheduledFuture<?> watchTask;
  private DirectFirstNominator nominator;
  private LivePath live;
  private long startNanos;
  private long connectMillis = -1;

  /**
   * @param id short id used in thread names and logs (e.g. "cam1"); [A-Za-z0-9._-], ≤ 32 chars
   * @param controlling true on the side that nominates (the station, which sends the offer)
   * @param config addresses, servers, timeouts
   */
  public IceSession(String id, boolean controlling, IceConfig config) {
    if (id == null || !id.matches("[A-Za-z0-9._-]{1,32}")) {
      throw new IllegalArgumentException("session id must be 1..32 of [A-Za-z0-9._-]");
    }
    this.id = id;
    this.controlling = controlling;
    this.config = Objects.requireNonNull(config);
    this.eventThread = new IceEventThread(id);
    this.events = eventThread.executor();
  }

  public String id() {
    return id;
  }

  public boolean isControlling() {
    return controlling;
  }

  public IceSessionState state() {
    synchronized (lock) {
      return state;
    }
  }

  /** Why the session failed, lost its path or closed ("" while healthy). */
  public String reason() {
    synchronized (lock) {
      return reason;
    }
  }

  /** Listeners get every later state change, in order, on {@code p2p-ice-events-<id>}. */
  public void addListener(IceSessionListener listener) {
    eventThread.addListener(listener);
  }

  public void removeListener(IceSessionListener listener) {
    eventThread.removeListener(listener);
  }

  /**
   * Creates the agent and gathers local candidates (blocking: host candidates take milliseconds;
   * STUN and TURN servers one round trip, or about 1.5 s (STUN) / 3 s (TURN, which falls back to a
   * Binding request) when they do not answer).
   *
   * @return the local description to send to the peer
   * @throws IceFailedException if no candidate could be gathered (the session is then FAILED)
   */
  public IceDescription gather() throws IceFailedException {
    synchronized (lock) {
      if (state != IceSessionState.NEW) {
        throw new IllegalStateException("gather() in state " + state);
      }
      transition(IceSessionState.GATHERING, "");
      Ice4jBootstrap.ensureConfigured();
      try {
        agent = IceGathering.newAgent(controlling, config);
        adapter = new IceCallbackAdapter(events, new Callbacks());
        IceGathering.Result r =
            IceGathering.gather(
                agent, config, config.hostAddressesNow(), config.iceServers().current(), adapter);
        component = r.component();
        serverStatuses = r.statuses();
        for (IceServerStatus st : serverStatuses) {
          if (!st.ok()) {
            LOG.warn("ICE session {}: {}", id, st.describe());
          }
        }
        localDescription = r.description();
        LOG.info(
            "ICE session {} ({}) gathered {} candidate(s): {}",
            id,
            controlling ? "controlling" : "controlled",
            localDescription.candidates().size(),
            localDescription.candidates());
        return localDescription;
      } catch (IceFailedException e) {
        serverStatuses = e.serverProblems();
        fail(e.getMessage());
        throw e;
      } catch (IOException | RuntimeException e) {
        String why = "candidate gathering failed: " + e.getMessage();
        fail(why);
        throw new IceFailedException(why, problems());
      }
    }
  }

  /** The description {@link #gather()} produced, or null before. */
  public IceDescription localDescription() {
    synchronized (lock) {
      return localDescription;
    }
  }

  /** What each STUN and TURN server answered while this session gathered (empty before). */
  public List<IceServerStatus> serverStatuses() {
    synchronized (lock) {
      return serverStatuses;
    }
  }

  /**
   * Applies the peer's description and starts connectivity checks; returns at once. The outcome
   * arrives as CONNECTED or FAILED (events, {@link #connectedFuture()}). Remote candidates not
   * allowed by {@link IceConfig#remoteAddressPolicy()}, and repeats of one address and port, are
   * dropped before ice4j sees them; if none is left the session fails.
   */
  public void start(IceDescription remote) {
    Objects.requireNonNull(remote, "remote");
    synchronized (lock) {
      if (state != IceSessionState.GATHERING || localDescription == null) {
        throw new IllegalStateException("start() in state " + state + " (gather() first)");
      }
      remoteDescription = remote;
      try {
        IceMediaStream stream = component.getParentStream();
        int refused = RemoteCandidates.apply(component, remote, config.remoteAddressPolicy());
        if (refused > 0) {
          LOG.info("ICE session {}: {} remote candidate(s) refused by address policy", id, refused);
        }
        if (refused == remote.candidates().size()) {
          fail("no usable remote candidate (" + refused + " refused by address policy)");
          return;
        }
        startNanos = System.nanoTime();
        transition(IceSessionState.CONNECTING, "");
        if (controlling) {
          nominator =
              new DirectFirstNominator(
                  id, agent, stream.getCheckList(), config.relayNominationDelay(), events);
        }
        long timeoutMs = config.connectTimeout().toMillis();
        timeoutTask =
            events.schedule(
                () -> {
                  synchronized (lock) {
                    if (state == IceSessionState.CONNECTING) {
                      fail("ICE connect timed out after " + timeoutMs + " ms");
                    }
                  }
                },
                timeoutMs,
                TimeUnit.MILLISECONDS);
        agent.startConnectivityEstablishment();
      } catch (RuntimeException e) {
        fail("could not start connectivity checks: " + e);
      }
    }
  }

  /** Completes with the transport on CONNECTED, exceptionally ({@link IceFailedException}) else. */
  public CompletableFuture<DatagramTransport> connectedFuture() {
    return connected;
  }

  /** Blocks until CONNECTED and returns the transport; throws if FAILED, CLOSED or on timeout. */
  public DatagramTransport awaitConnected(Duration timeout)
      throws IceFailedException, InterruptedException {
    try {
      return connected.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof IceFailedException
          ? (IceFailedException) c
          : new IceFailedException(String.valueOf(c));
    } catch (TimeoutException e) {
      throw new IceFailedException(
          "not connected within " + timeout.toMillis() + " ms", problems());
    }
  }

  /**
   * Starts watching the live path for silence: from now on, {@link IceConfig#pathSilenceLimit()}
   * without a datagram from the peer (or an answer to a consent check) moves the session to {@link
   * IceSessionState#PATH_LOST}. Call it once the session's own keep-alive traffic runs (the control
   * channel's pings), not during the DTLS handshake, whose retransmissions may pause longer.
   * Consent expiry is watched from CONNECTED on regardless.
   */
  public void watchPath() {
    synchronized (lock) {
      if (live != null && state == IceSessionState.CONNECTED) {
        live.watch().arm();
      }
    }
  }

  /** The datagram transport over the selected pair (null before CONNECTED). */
  public DatagramTransport transport() {
    synchronized (lock) {
      return live == null ? null : live.transport();
    }
  }

  /**
   * The DTLS records arriving on the selected pair (RFC 7983 demultiplexing), for the DTLS layer;
   * {@link #transport()} then carries everything else (SRTP/SRTCP). Null before CONNECTED.
   */
  public DatagramTransport dtlsTransport() {
    synchronized (lock) {
      return live == null ? null : live.transport().dtlsChannel();
    }
  }

  /** The selected pair (null before CONNECTED). */
  public SelectedPath selectedPath() {
    synchronized (lock) {
      return live == null ? null : live.path();
    }
  }

  /** Milliseconds from {@link #start} to CONNECTED, or -1. */
  public long connectMillis() {
    synchronized (lock) {
      return connectMillis;
    }
  }

  /** ice4j's callbacks, on p2p-ice-events-<id>. */
  private final class Callbacks implements IceCallbackAdapter.Sink {
    @Override
    public void onAgentState(IceProcessingState oldState, IceProcessingState newState) {
      synchronized (lock) {
        LOG.debug("ICE session {}: ice4j {} -> {}", id, oldState, newState);
        if (state != IceSessionState.CONNECTING) {
          return; // TERMINATED after COMPLETED, or late events after FAILED/CLOSED
        }
        switch (newState) {
          case COMPLETED, TERMINATED -> onCompleted();
          case FAILED -> fail("ICE connectivity checks failed (no working candidate pair)");
          default -> {}
        }
      }
    }

    @Override
    public void onPairEvent(String property, CandidatePair pair, Object value) {
      synchronized (lock) {
        boolean failedNow =
            IceCallbackAdapter.PAIR_STATE.equals(property) && value == CandidatePairState.FAILED;
        if (state == IceSessionState.CONNECTING && nominator != null) {
          if (IceCallbackAdapter.PAIR_VALIDATED.equals(property)) {
            nominator.onValidated(pair);
          } else if (failedNow) {
            nominator.onFailed(pair);
          }
        } else if (state == IceSessionState.CONNECTED && pair == live.pair()) {
          if (IceCallbackAdapter.PAIR_CONSENT.equals(property)) {
            live.watch().consentConfirmed();
          } else if (failedNow && config.consentFreshness()) {
            live.watch().consentFailed();
            checkPath();
          }
        }
      }
    }
  }

  private void onCompleted() {
    CandidatePair pair = component.getSelectedPair();
    if (pair == null) {
      fail("ICE completed without a selected pair");
      return;
    }
    try {
      live = LivePath.open(id, pair, remoteDescription, config.pathSilenceLimit(), RECEIVE_QUEUE);
    } catch (RuntimeException e) {
      fail("cannot use the selected pair: " + e.getMessage());
      return;
    }
    if (nominator != null) {
      nominator.cancel();
    }
    watchTask =
        events.scheduleWithFixedDelay(
            () -> {
              synchronized (lock) {
                checkPath();
              }
            },
            WATCH_PERIOD_MS,
            WATCH_PERIOD_MS,
            TimeUnit.MILLISECONDS);
    connectMillis = (System.nanoTime() - startNanos) / 1_000_000;
    cancelTimeout();
    SelectedPath p = live.path();
    LOG.info(
        "ICE session {} connected in {} ms via {} ({}: {} -> {})",
        id,
        connectMillis,
        p.type(),
        p.kind(),
        p.local(),
        p.remote());
    transition(IceSessionState.CONNECTED, "");
    connected.complete(live.transport());
  }

  /** Holds lock. Moves a connected session whose path died to PATH_LOST. */
  private void checkPath() {
    if (state != IceSessionState.CONNECTED || live == null) {
      return;
    }
    String why = live.lostBecause();
    if (why == null) {
      return;
    }
    LOG.warn("ICE session {}: path lost ({}): {}", id, live.path().kind(), why);
    end(IceSessionState.PATH_LOST, "path lost: " + why);
  }

  /** Moves to FAILED (from a non-terminal state) and stops the agent's checks. Holds lock. */
  private void fail(String why) {
    if (state.isTerminal()) {
      return;
    }
    LOG.warn("ICE session {} failed: {}", id, why);
    end(IceSessionState.FAILED, why);
  }

  /** Holds lock. The terminal transition shared by FAILED and PATH_LOST. */
  private void end(IceSessionState terminal, String why) {
    cancelTimeout();
    transition(terminal, why);
    connected.completeExceptionally(new IceFailedException(why, problems()));
    if (live != null) {
      live.transport().close();
    }
    freeAgent();
  }

  /** Holds lock (or runs before other threads see the session). Servers that did not help. */
  private List<IceServerStatus> problems() {
    return serverStatuses.stream().filter(s -> !s.ok()).toList();
  }

  /**
   * Closes the session: CLOSED event, agent freed (sockets closed, ice4j per-agent threads end),
   * event thread stopped. Idempotent; safe from any thread including a listener.
   */
  @Override
  public void close() {
    IcePairTransport t;
    synchronized (lock) {
      t = live == null ? null : live.transport();
      if (state != IceSessionState.CLOSED) {
        cancelTimeout();
        transition(
            IceSessionState.CLOSED,
            state == IceSessionState.FAILED || state == IceSessionState.PATH_LOST
                ? reason
                : "closed");
        connected.completeExceptionally(new IceFailedException("session closed"));
        if (t != null) {
          t.close();
        }
        freeAgent();
      }
    }
    if (t != null) {
      t.awaitReader(2000); // the agent closed the socket: the reader ends promptly
    }
    eventThread.shutdown(); // already-queued listener notifications (incl. CLOSED) still run
  }

  private void freeAgent() {
    if (nominator != null) {
      nominator.cancel();
    }
    if (watchTask != null) {
      watchTask.cancel(false);
      watchTask = null;
    }
    Agent a = agent;
    agent = null;
    if (a == null) {
      return;
    }
    if (adapter != null) {
      adapter.detach(a);
    }
    try {
      a.free();
    } catch (RuntimeException e) {
      LOG.debug("ICE session {}: Agent.free() threw {}", id, e.toString());
    }
  }

  private void cancelTimeout() {
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
      timeoutTask = null;
    }
  }

  /** Holds lock. Updates state and queues listener notification on the event thread. */
  private void transition(IceSessionState next, String why) {
    IceSessionState prev = state;
    if (prev == next || (prev.isTerminal() && next != IceSessionState.CLOSED)) {
      return;
    }
    state = next;
    reason = why == null ? "" : why;
    eventThread.publish(new IceSessionEvent(id, prev, next, reason));
  }

  @Override
  public String toString() {
    return "IceSession[" + id + ", " + state() + "]";
  }
}
