package io.peerwall.station.evidence;

import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.custody.ChainCheck;
import io.peerwall.recorder.custody.EvidenceLock;
import io.peerwall.recorder.custody.EvidenceLocks;
import io.peerwall.recorder.custody.ExportLog;
import io.peerwall.recorder.custody.ExportRecord;
import io.peerwall.recorder.custody.Operator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The station's chain of custody for its windows: evidence locks (list, lock, release) and the
 * export log with its chain check (docs/storage.md section 9). Each call opens the index, does one
 * short read or transaction beside the running recorder, and closes it: call off the FX thread. The
 * OS user is who acts.
 */
public final class Custody {
  private final Path dataDir;
  private final Clock clock;

  public Custody(Path dataDir, Clock clock) {
    this.dataDir = dataDir;
    this.clock = clock;
  }

  /** A lock with what it keeps now. */
  public record LockRow(EvidenceLock lock, EvidenceLock.State state, long keptBytes) {}

  /** The export log, newest first, and whether its chain holds. */
  public record ExportLogView(List<ExportRecord> exports, ChainCheck chain) {
    public ExportLogView {
      exports = List.copyOf(exports);
    }
  }

  /** Locks newest first (active only unless {@code includeEnded}), and what each keeps. */
  public List<LockRow> locks(boolean includeEnded) {
    long now = clock.millis() * 1000;
    try (EvidenceLocks locks = EvidenceLocks.open(dataDir, clock)) {
      return locks.list(includeEnded).stream()
          .map(
              l -> new LockRow(l, l.stateAt(now), l.activeAt(now) ? locks.kept(l.id()).bytes() : 0))
          .toList();
    }
  }

  /** Bytes under every active lock (each segment once). */
  public long lockedBytes() {
    try (EvidenceLocks locks = EvidenceLocks.open(dataDir, clock)) {
      return locks.lockedBytes();
    }
  }

  /**
   * Locks [from, to) of the cameras until {@code until} (empty: until released).
   *
   * @throws IllegalArgumentException naming what is wrong (no camera, empty range, no reason...)
   */
  public EvidenceLock lock(
      Collection<String> cameraIds, long from, long to, Optional<Long> until, String reason) {
    try (EvidenceLocks locks = EvidenceLocks.open(dataDir, clock)) {
      return locks.lock(cameraIds, from, to, until, reason, Operator.current());
    }
  }

  /** Releases a lock with a reason. */
  public EvidenceLock release(long lockId, String reason) {
    try (EvidenceLocks locks = EvidenceLocks.open(dataDir, clock)) {
      return locks.release(lockId, reason, Operator.current());
    }
  }

  /** A recorded camera, for choosing what to lock. */
  public record Camera(String cameraId, String name) {}

  /** The cameras with recordings, by name. */
  public List<Camera> cameras() {
    try (Recordings recordings = Recordings.open(dataDir)) {
      return recordings.cameras().stream().map(c -> new Camera(c.cameraId(), c.name())).toList();
    }
  }

  /** The newest {@code limit} exports and the chain check over all of them. */
  public ExportLogView exportLog(int limit) {
    try (ExportLog log = ExportLog.open(dataDir, clock)) {
      return new ExportLogView(
          log.list(Optional.empty(), Long.MIN_VALUE, limit), log.verifyChain());
    }
  }
}
