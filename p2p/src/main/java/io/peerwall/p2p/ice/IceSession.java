package io.peerwall.p2p.ice;

import io.peerwall.p2p.transport.DatagramTransport;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
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
 * s.close();                                  // -> CLOSED, frees the agent and our thread
 * }</pre>
 *
 * <p>Threads: one single-thread scheduler {@code p2p-ice-events-<id>} receives every ice4j callback
 * (through {@link IceCallbackAdapter}), runs the connect timeout, and delivers {@link
 * IceSessionEvent}s to listeners. It is stopped by {@link #close()}. ice4j's own threads for this
 * agent (socket readers, STUN connectors) end with {@code Agent.free()} in {@link #close()}; its
 * process-wide pools ({@code ice4j.Agent-executor-*}, {@code ice4j.NetAccessManager-*}, ...) are
 * static daemon pools that ice4j owns.
 *
 * <p>Never logs {@code Agent.toString()} or the ICE password.
 */
public final class IceSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IceSession.class);
  private static final String STREAM_NAME = "media";
  private static final int RECEIVE_QUEUE = 2048;

  private final String id;
  private final boolean controlling;
  private final IceConfig config;
  private final ScheduledExecutorService events;
  private final List<IceSessionListener> listeners = new CopyOnWriteArrayList<>();
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
  private ScheduledFuture<?> timeoutTask;
  private long startNanos;
  private long connectMillis = -1;
  private SelectedPath selectedPath;
  private IcePairTransport transport;

  /**
   * @param id short id used in thread names and logs (e.g. "cam1"); [A-Za-z0-9._-], ≤ 32 chars
   * @param controlling true on the side that nominates (the station, which sends the offer)
   * @param config addresses, timeouts, extra harvesters
   */
  public IceSession(String id, boolean controlling, IceConfig config) {
    if (id == null || !id.matches("[A-Za-z0-9._-]{1,32}")) {
      throw new IllegalArgumentException("session id must be 1..32 of [A-Za-z0-9._-]");
    }
    this.id = id;
    this.controlling = controlling;
    this.config = Objects.requireNonNull(config);
    this.events =
        Executors.newSingleThreadScheduledExecutor(
            NamedThreadFactory.single("p2p-ice-events-" + id));
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

  /** Why the session failed or closed ("" while healthy). */
  public String reason() {
    synchronized (lock) {
      return reason;
    }
  }

  /** Listeners get every later state change, in order, on {@code p2p-ice-events-<id>}. */
  public void addListener(IceSessionListener listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  public void removeListener(IceSessionListener listener) {
    listeners.remove(listener);
  }

  /**
   * Creates the agent and gathers local candidates (blocking; with only host candidates this takes
   * milliseconds, configured STUN/TURN harvesters may take up to ice4j's harvest timeout).
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
        agent = new Agent();
        agent.setControlling(controlling);
        agent.setUseDynamicPorts(false); // no ice4j interface harvesting; see LocalAddressHarvester
        agent.setTrickling(false);
        agent.setPerformConsentFreshness(config.consentFreshness());
        agent.addCandidateHarvester(
            new LocalAddressHarvester(config.localAddresses(), config.receiveBufferBytes()));
        for (Supplier<? extends CandidateHarvester> h : config.harvesters()) {
          agent.addCandidateHarvester(h.get());
        }
        adapter = new IceCallbackAdapter(events, this::onAgentState);
        adapter.attach(agent);
        IceMediaStream stream = agent.createMediaStream(STREAM_NAME);
        // No per-component merging socket: it would bind a wildcard UDP port (see
        // IcePairTransport); we read the selected pair's socket instead.
        component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
        List<IceCandidate> candidates = new ArrayList<>();
        for (LocalCandidate c : component.getLocalCandidates()) {
          IceCandidate ic = CandidateMapping.toIceCandidate(c);
          if (ic != null && candidates.size() < IceConfig.MAX_CANDIDATES) {
            candidates.add(ic);
          }
        }
        if (candidates.isEmpty()) {
          throw new IOException("no local candidate could be gathered on " + addresses());
        }
        localDescription =
            new IceDescription(agent.getLocalUfrag(), agent.getLocalPassword(), candidates);
        LOG.info(
            "ICE session {} ({}) gathered {} candidate(s): {}",
            id,
            controlling ? "controlling" : "controlled",
            candidates.size(),
            candidates);
        return localDescription;
      } catch (IOException | RuntimeException e) {
        String why = "candidate gathering failed: " + e.getMessage();
        fail(why);
        throw new IceFailedException(why);
      }
    }
  }

  /** The description {@link #gather()} produced, or null before. */
  public IceDescription localDescription() {
    synchronized (lock) {
      return localDescription;
    }
  }

  /**
   * Applies the peer's description and starts connectivity checks; returns at once. The outcome
   * arrives as CONNECTED or FAILED (events, {@link #connectedFuture()}). Remote candidates not
   * allowed by {@link IceConfig#remoteAddressPolicy()} are dropped before ice4j sees them; if none
   * is left the session fails.
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
        stream.setRemoteUfrag(remote.ufrag());
        stream.setRemotePassword(remote.password());
        int added = 0;
        int refused = 0;
        for (IceCandidate rc : remote.candidates()) {
          InetAddress addr = rc.inetAddress();
          if (!config.remoteAddressPolicy().test(addr)) {
            refused++;
            continue;
          }
          component.addRemoteCandidate(CandidateMapping.toRemoteCandidate(rc, component));
          added++;
        }
        if (refused > 0) {
          LOG.info("ICE session {}: {} remote candidate(s) refused by address policy", id, refused);
        }
        if (added == 0) {
          fail("no usable remote candidate (" + refused + " refused by address policy)");
          return;
        }
        startNanos = System.nanoTime();
        transition(IceSessionState.CONNECTING, "");
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
      throw new IceFailedException("not connected within " + timeout.toMillis() + " ms");
    }
  }

  /** The datagram transport over the selected pair (null before CONNECTED). */
  public DatagramTransport transport() {
    synchronized (lock) {
      return transport;
    }
  }

  /**
   * The DTLS records arriving on the selected pair (RFC 7983 demultiplexing), for the DTLS layer;
   * {@link #transport()} then carries everything else (SRTP/SRTCP). Null before CONNECTED.
   */
  public DatagramTransport dtlsTransport() {
    synchronized (lock) {
      return transport == null ? null : transport.dtlsChannel();
    }
  }

  /** The selected pair (null before CONNECTED). */
  public SelectedPath selectedPath() {
    synchronized (lock) {
      return selectedPath;
    }
  }

  /** Milliseconds from {@link #start} to CONNECTED, or -1. */
  public long connectMillis() {
    synchronized (lock) {
      return connectMillis;
    }
  }

  /** Runs on p2p-ice-events-<id> (posted by the adapter). */
  private void onAgentState(IceProcessingState oldState, IceProcessingState newState) {
    synchronized (lock) {
      LOG.debug("ICE session {}: ice4j {} -> {}", id, oldState, newState);
      if (state == IceSessionState.CONNECTED && newState == IceProcessingState.FAILED) {
        // RFC 7675: consent freshness expired on the selected pair; the path is gone.
        fail("ICE consent lost (no answer to consent checks on the selected pair)");
        return;
      }
      if (state != IceSessionState.CONNECTING) {
        return; // TERMINATED after COMPLETED, or late events after FAILED/CLOSED
      }
      switch (newState) {
        case COMPLETED:
        case TERMINATED:
          onCompleted();
          break;
        case FAILED:
          fail("ICE connectivity checks failed (no working candidate pair)");
          break;
        default:
          break;
      }
    }
  }

  private void onCompleted() {
    CandidatePair pair = component.getSelectedPair();
    if (pair == null) {
      fail("ICE completed without a selected pair");
      return;
    }
    PathType localType = CandidateMapping.typeOf(pair.getLocalCandidate().getType());
    TransportAddress remoteAddr = pair.getRemoteCandidate().getTransportAddress();
    PathType remoteType = CandidateMapping.typeOf(pair.getRemoteCandidate().getType());
    if (remoteType == PathType.PRFLX) {
      // The peer's check may arrive before its description is applied; ice4j then files the
      // address as peer-reflexive. If the peer did signal it, report the signaled type.
      for (IceCandidate rc : remoteDescription.candidates()) {
        if (rc.port() == remoteAddr.getPort() && rc.inetAddress().equals(remoteAddr.getAddress())) {
          remoteType = PathType.fromSdpName(rc.type());
          break;
        }
      }
    }
    TransportAddress localAddr = pair.getLocalCandidate().getTransportAddress();
    selectedPath =
        new SelectedPath(
            SelectedPath.combine(localType, remoteType),
            new InetSocketAddress(localAddr.getAddress(), localAddr.getPort()),
            localType,
            new InetSocketAddress(remoteAddr.getAddress(), remoteAddr.getPort()),
            remoteType);
    try {
      transport = new IcePairTransport(id, pair, RECEIVE_QUEUE);
    } catch (RuntimeException e) {
      fail("cannot use the selected pair: " + e.getMessage());
      return;
    }
    transport.start();
    connectMillis = (System.nanoTime() - startNanos) / 1_000_000;
    cancelTimeout();
    LOG.info(
        "ICE session {} connected in {} ms via {} ({} -> {})",
        id,
        connectMillis,
        selectedPath.type(),
        selectedPath.local(),
        selectedPath.remote());
    transition(IceSessionState.CONNECTED, "");
    connected.complete(transport);
  }

  /** Moves to FAILED (from a non-terminal state) and stops the agent's checks. Holds lock. */
  private void fail(String why) {
    if (state.isTerminal()) {
      return;
    }
    cancelTimeout();
    LOG.warn("ICE session {} failed: {}", id, why);
    transition(IceSessionState.FAILED, why);
    connected.completeExceptionally(new IceFailedException(why));
    if (transport != null) {
      transport.close();
    }
    freeAgent();
  }

  /**
   * Closes the session: CLOSED event, agent freed (sockets closed, ice4j per-agent threads end),
   * event thread stopped. Idempotent; safe from any thread including a listener.
   */
  @Override
  public void close() {
    IcePairTransport t;
    synchronized (lock) {
      t = transport;
      if (state != IceSessionState.CLOSED) {
        cancelTimeout();
        transition(IceSessionState.CLOSED, state == IceSessionState.FAILED ? reason : "closed");
        connected.completeExceptionally(new IceFailedException("session closed"));
        if (transport != null) {
          transport.close();
        }
        freeAgent();
      }
    }
    if (t != null) {
      t.awaitReader(2000); // the agent closed the socket: the reader ends promptly
    }
    events.shutdown(); // already-queued listener notifications (incl. CLOSED) still run
    if (!Thread.currentThread().getName().equals("p2p-ice-events-" + id)) {
      try {
        if (!events.awaitTermination(2, TimeUnit.SECONDS)) {
          events.shutdownNow();
        }
      } catch (InterruptedException e) {
        events.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  private void freeAgent() {
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
    IceSessionEvent event = new IceSessionEvent(id, prev, next, reason);
    try {
      events.execute(() -> deliver(event));
    } catch (RejectedExecutionException e) {
      LOG.debug("ICE session {}: event {} after shutdown", id, next);
    }
  }

  private void deliver(IceSessionEvent event) {
    for (IceSessionListener l : listeners) {
      try {
        l.onStateChanged(event);
      } catch (RuntimeException e) {
        LOG.warn("ICE session {}: listener threw", id, e);
      }
    }
  }

  private String addresses() {
    List<String> out = new ArrayList<>();
    for (InetAddress a : config.localAddresses()) {
      out.add(a.getHostAddress());
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "IceSession[" + id + ", " + state() + "]";
  }
}
