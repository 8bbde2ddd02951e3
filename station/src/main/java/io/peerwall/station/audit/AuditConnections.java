package io.peerwall.station.audit;

import io.peerwall.cli.HostPort;
import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.p2p.util.NamedThreadFactory;
import io.peerwall.station.reach.ReachConnector;
import io.peerwall.station.reach.StationReach;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions a {@code peerwall audit} command opens itself (no station running): one to each
 * paired camera, reached by its ID the way the station reaches it ({@link StationReach}: LAN, last
 * address, rendezvous), in parallel, each handed to the audit as it comes up. A camera that cannot
 * be reached stays offline (its last facts shown with their date); one that refuses this station as
 * not paired is marked so. Closes them all.
 *
 * <p>Threads: {@code station-audit-connect-N} ({@link #PARALLEL} at a time), shut down in {@link
 * #close()}.
 */
final class AuditConnections implements AutoCloseable {
  static final int PARALLEL = 8;
  private static final Logger LOG = LoggerFactory.getLogger(AuditConnections.class);

  private final StationReach reach;
  private final AuditService audit;
  private final ExecutorService pool =
      Executors.newFixedThreadPool(PARALLEL, NamedThreadFactory.numbered("station-audit-connect"));
  private final Map<String, StationSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();

  /**
   * @param reach the station's ways to its cameras (closed by the caller after this)
   */
  AuditConnections(StationReach reach, AuditService audit) {
    this.reach = reach;
    this.audit = audit;
  }

  /** Connects to every camera in {@code cameras} and audits it; waits up to {@code seconds}. */
  void auditAll(List<PairedPeer> cameras, long seconds) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (PairedPeer p : cameras) {
      all.add(CompletableFuture.runAsync(() -> auditOne(p), pool));
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.info("audit: some cameras did not answer within {} s", seconds);
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.warn("audit: a connection failed: {}", e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The session to one camera (made if needed), or null with {@link #failure} saying why. */
  StationSession connect(PairedPeer p) {
    StationSession s = sessions.get(p.id());
    if (s != null && !s.isClosed()) {
      return s;
    }
    ReachConnector connector = reach.connector(p.id(), p.name(), lastAddress(p));
    try {
      s = connector.connect(frame -> {});
      sessions.put(p.id(), s);
      return s;
    } catch (SignalingException e) {
      failures.put(p.id(), e.getMessage());
      if (e.reason() == FailureReason.NOT_PAIRED || e.reason() == FailureReason.NOT_PAIRABLE) {
        audit.markNotPaired(p.id());
      }
    } catch (IOException e) {
      failures.put(p.id(), String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      LOG.warn("audit: connecting to {} failed unexpectedly", p.name(), e);
      failures.put(p.id(), e.toString());
    } finally {
      connector.close(); // no network-change retries: this command connects once
    }
    return null;
  }

  /** Where the camera answered last, or null (paired through the rendezvous, or unusable). */
  private static InetSocketAddress lastAddress(PairedPeer p) {
    if (p.address() == null || p.address().isBlank()) {
      return null;
    }
    try {
      return new HostPort().convert(p.address());
    } catch (Exception e) { // HostPort is a picocli converter: it declares Exception
      LOG.info(
          "audit: {}'s last address {} is not usable ({})", p.name(), p.address(), e.toString());
      return null;
    }
  }

  private void auditOne(PairedPeer p) {
    StationSession s = connect(p);
    if (s != null) {
      audit.attach(p.id(), s).join();
    }
  }

  /** Why a camera could not be reached, or null. */
  String failure(String cameraId) {
    return failures.get(cameraId);
  }

  @Override
  public void close() {
    sessions.values().forEach(StationSession::close);
    pool.shutdownNow();
    try {
      pool.awaitTermination(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
