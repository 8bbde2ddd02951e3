package io.peerwall.station.audit;

import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.pairing.PassphraseGenerator;
import io.peerwall.p2p.pairing.PasswordPolicy;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.CameraAudit;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.p2p.util.NamedThreadFactory;
import io.peerwall.station.db.StationDatabase;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.feed.SessionSupervisor;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's password audit (docs/audit.md): reads each camera's facts when its session comes up
 * and once a day, keeps them with their date ({@link FactsHistory} in {@code station.db}), makes
 * sure the cameras share one site key so that reuse tags appear ({@link SiteKeySetup}), builds the
 * audit from the stored facts ({@link #report}), and changes passwords ({@link PasswordFixes}),
 * queueing the ones of offline cameras until they are back.
 *
 * <p>Threads: {@code station-audit-N} (a pool of {@link #WORKERS}) read facts, spread the key and
 * send fixes, so that a camera too old to answer (1 s) or a slow one never holds up the others;
 * {@code station-audit-daily} starts the daily reading. Both are shut down in {@link #close()}.
 * Listeners ({@link #onChanged}) are called on a worker thread.
 */
public final class AuditService implements AutoCloseable {
  /** Workers reading facts and sending fixes in parallel. */
  static final int WORKERS = 4;

  private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);

  private final StationDatabase db;
  private final FactsHistory history;
  private final StationCredentials station;
  private final Clock clock;
  private final ExecutorService workers;
  private final ScheduledExecutorService daily;
  private final Map<String, StationSession> live = new ConcurrentHashMap<>();
  private final Set<String> notPaired = ConcurrentHashMap.newKeySet();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final SiteKeySetup siteKeys;
  private final PasswordFixes fixes;

  public AuditService(StationDatabase db, StationCredentials station, Clock clock) {
    this.db = db;
    this.history = new FactsHistory(db);
    this.station = station;
    this.clock = clock;
    this.workers =
        Executors.newFixedThreadPool(WORKERS, NamedThreadFactory.numbered("station-audit"));
    this.daily =
        Executors.newSingleThreadScheduledExecutor(
            NamedThreadFactory.single("station-audit-daily"));
    this.siteKeys = new SiteKeySetup(history, live, clock, this::read);
    this.fixes = new PasswordFixes(this, history, clock);
  }

  /** Opens {@code <dataDir>/station.db} and starts the daily reading. */
  public static AuditService open(Path dataDir, StationCredentials station, Clock clock)
      throws IOException {
    AuditService s = new AuditService(StationDatabase.open(dataDir), station, clock);
    s.startDaily(Duration.ofDays(1));
    return s;
  }

  /** Reads every online camera's facts every {@code period} (once a day in the product). */
  public void startDaily(Duration period) {
    daily.scheduleAtFixedRate(
        () -> {
          try {
            refreshAll();
          } catch (RuntimeException e) {
            LOG.warn("daily audit reading failed: {}", e.toString(), e);
          }
        },
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Tells of new facts, fixes and states; called on a worker thread. Returns what stops it (a
   * screen that closes).
   */
  public Runnable onChanged(Runnable listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Tells how each fix ended (including queued ones done later); on a worker thread. */
  public void onFixFinished(Consumer<FixResult> listener) {
    fixes.onFinished(listener);
  }

  /**
   * A session to {@code cameraId} is up: its facts are read and stored, the site key spread, and a
   * queued fix sent. Returns at once; the future completes when that is done.
   */
  public CompletableFuture<Void> attach(String cameraId, StationSession session) {
    live.put(cameraId, session);
    notPaired.remove(cameraId);
    session.onEnded(reason -> detach(cameraId, session));
    return CompletableFuture.runAsync(() -> connected(cameraId, session), workers);
  }

  /** The session ended. */
  public void detach(String cameraId, StationSession session) {
    live.remove(cameraId, session);
    changed();
  }

  /**
   * Follows a station feed: its sessions are audited when they come up, and a camera that refuses
   * the station as not paired is shown so. Call before the feed starts.
   */
  public void watch(CameraFeed feed) {
    String id = feed.cameraId();
    java.util.concurrent.atomic.AtomicReference<StationSession> current =
        new java.util.concurrent.atomic.AtomicReference<>();
    feed.addListener(
        new SessionSupervisor.Listener() {
          @Override
          public void sessionStarted(StationSession session) {
            current.set(session);
            attach(id, session);
          }

          @Override
          public void sessionEnded() {
            StationSession s = current.getAndSet(null);
            if (s != null) {
              detach(id, s);
            }
          }

          @Override
          public void stateChanged(SessionSupervisor.Event event) {
            if (event.state() == FeedState.NOT_PAIRED) {
              markNotPaired(id);
            }
          }
        });
  }

  /** The camera refused this station as not paired (unpaired there). */
  public void markNotPaired(String cameraId) {
    notPaired.add(cameraId);
    changed();
  }

  private void connected(String cameraId, StationSession session) {
    try {
      FactsReading r = read(cameraId, session);
      if (r != null) {
        siteKeys.afterReading(cameraId, session, r);
      }
      fixes.runQueued(cameraId, session);
    } catch (RuntimeException e) {
      LOG.warn("audit of camera {} after connecting failed: {}", cameraId, e.toString(), e);
    }
    changed();
  }

  /** Reads the facts of every online camera again (in parallel); completes when all are stored. */
  public CompletableFuture<Void> refreshAll() {
    List<CompletableFuture<Void>> reads = new ArrayList<>();
    for (Map.Entry<String, StationSession> e : Map.copyOf(live).entrySet()) {
      reads.add(CompletableFuture.runAsync(() -> read(e.getKey(), e.getValue()), workers));
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenRun(this::changed);
  }

  /**
   * Reads and stores one camera's facts now; null when the camera did not answer (gone, or the
   * database failed: logged).
   */
  FactsReading read(String cameraId, StationSession session) {
    try {
      CameraAudit.Report report = CameraAudit.read(session);
      FactsReading r = FactsReading.of(cameraId, clock.millis(), report);
      history.record(r);
      return r;
    } catch (IOException e) {
      LOG.info("camera {}: password facts not read: {}", cameraId, e.getMessage());
    } catch (SQLException e) {
      LOG.warn("camera {}: password facts not stored: {}", cameraId, e.getMessage());
    }
    return null;
  }

  /** The audit from the stored facts, in {@code texts}' language. Reads the database: off FX. */
  public AuditReport report(AuditTexts texts) throws SQLException {
    Map<String, String> paired = new LinkedHashMap<>();
    for (PairedPeer p : station.trust().cameras()) {
      paired.put(p.id(), p.name());
    }
    AuditRules.Context ctx =
        new AuditRules.Context(
            clock.millis(), history.siteKeyId().orElse(null), paired.keySet(), texts);
    return AuditReports.build(history, paired, this::access, fixes::state, ctx, db.notice());
  }

  Access access(String cameraId) {
    if (notPaired.contains(cameraId) || station.trust().camera(cameraId) == null) {
      return Access.NOT_PAIRED;
    }
    return live.containsKey(cameraId) ? Access.ONLINE : Access.OFFLINE;
  }

  /**
   * Changes {@code cameraId}'s password: checked here first, then sent over the control channel
   * (the camera checks again and throttles the current password like pairing); an offline camera's
   * change is queued until it is back. The arrays are copied; the caller may clear its own.
   */
  public CompletableFuture<FixResult> changePassword(String cameraId, char[] current, char[] next) {
    return fixes.change(cameraId, current, next);
  }

  /** Drops a queued change (and its passwords from memory). */
  public void cancelQueued(String cameraId) {
    fixes.cancel(cameraId);
  }

  /** A passphrase the policy accepts for this camera (five random words). */
  public String suggestPassphrase(String cameraId) {
    return PassphraseGenerator.suggest(contextWords(cameraId));
  }

  /** The station's check of a would-be new password, with the camera's words as context. */
  public PasswordPolicy.Verdict check(String cameraId, char[] next) {
    return PasswordPolicy.check(next, contextWords(cameraId));
  }

  List<String> contextWords(String cameraId) {
    PairedPeer p = station.trust().camera(cameraId);
    return p == null ? List.of(cameraId) : List.of(p.name(), cameraId);
  }

  String nameOf(String cameraId) {
    PairedPeer p = station.trust().camera(cameraId);
    return p == null ? cameraId : p.name();
  }

  StationSession session(String cameraId) {
    return live.get(cameraId);
  }

  ExecutorService workers() {
    return workers;
  }

  /** The cameras online now (for the CLI's summary). */
  public Set<String> online() {
    return Set.copyOf(live.keySet());
  }

  public FactsHistory history() {
    return history;
  }

  void changed() {
    for (Runnable l : listeners) {
      try {
        l.run();
      } catch (RuntimeException e) {
        LOG.warn("an audit listener failed: {}", e.toString(), e);
      }
    }
  }

  /** Stops the threads (waits up to 5 s), forgets queued passwords, closes the database. */
  @Override
  public void close() {
    daily.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.shutdownNow();
    }
    fixes.forgetAll();
    db.close();
  }

  @Override
  public String toString() {
    return "AuditService[" + live.keySet().stream().sorted().collect(Collectors.joining(",")) + "]";
  }
}
