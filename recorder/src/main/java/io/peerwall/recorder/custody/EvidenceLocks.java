package io.peerwall.recorder.custody;

import io.peerwall.recorder.IndexException;
import io.peerwall.recorder.IndexTransaction;
import io.peerwall.recorder.LockedSpace;
import io.peerwall.recorder.RecordingIndex;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence locks (issue 15.5, decision 0050): a time range of chosen cameras kept from retention
 * until a date or until released. Locks are made and released, never changed or deleted (the
 * index's triggers refuse it whoever asks); each is logged in an append-only history and in {@code
 * peerwall.log}. Works beside a running recorder (its own connection; retention re-checks locks in
 * the transaction that deletes). Methods do I/O: never call them on the FX thread.
 */
public final class EvidenceLocks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EvidenceLocks.class);

  private final RecordingIndex index;
  private final Connection connection;
  private final Clock clock;

  private EvidenceLocks(RecordingIndex index, Clock clock) {
    this.index = index;
    this.connection = index.connection();
    this.clock = clock;
  }

  /** Opens the locks of a data directory's index (creating or migrating it if needed). */
  public static EvidenceLocks open(Path dataDir) {
    return open(dataDir, Clock.systemUTC());
  }

  /** As {@link #open(Path)}, with the clock that says what "now" is (tests). */
  public static EvidenceLocks open(Path dataDir, Clock clock) {
    return new EvidenceLocks(RecordingIndex.open(dataDir), clock);
  }

  /**
   * Locks [from, to) of the cameras.
   *
   * @param untilMicros when the lock ends by itself; empty for "until released"
   * @param reason why (shown with the lock and in the history), required
   * @param who the OS user ({@link Operator#current()})
   * @throws IllegalArgumentException naming what is wrong: no camera, an unknown camera, an empty
   *     range, an end in the past, no reason
   */
  public synchronized EvidenceLock lock(
      Collection<String> cameraIds,
      long fromMicros,
      long toMicros,
      Optional<Long> untilMicros,
      String reason,
      String who) {
    String by = Operator.check(who);
    String why = checkReason(reason);
    if (cameraIds.isEmpty()) {
      throw new IllegalArgumentException("choose at least one camera to lock");
    }
    if (toMicros <= fromMicros) {
      throw new IllegalArgumentException("the range to lock is empty: it must end after it starts");
    }
    long now = nowMicros();
    if (untilMicros.isPresent() && untilMicros.get() <= now) {
      throw new IllegalArgumentException("the lock would end in the past; give a later date");
    }
    long id =
        IndexTransaction.write(
            connection,
            "lock the recordings",
            c -> {
              List<Long> rows = new ArrayList<>();
              for (String camera : new LinkedHashSet<>(cameraIds)) {
                rows.add(
                    LockRows.cameraRow(c, camera)
                        .orElseThrow(
                            () -> new IllegalArgumentException("unknown camera: " + camera)));
              }
              long lock;
              try (PreparedStatement s =
                  c.prepareStatement(
                      "INSERT INTO evidence_lock (from_us, to_us, until_us, reason, locked_by,"
                          + " locked_at_us) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
                s.setLong(1, fromMicros);
                s.setLong(2, toMicros);
                if (untilMicros.isPresent()) {
                  s.setLong(3, untilMicros.get());
                } else {
                  s.setNull(3, Types.INTEGER);
                }
                s.setString(4, why);
                s.setString(5, by);
                s.setLong(6, now);
                try (ResultSet rs = s.executeQuery()) {
                  rs.next();
                  lock = rs.getLong(1);
                }
              }
              try (PreparedStatement s =
                  c.prepareStatement(
                      "INSERT INTO evidence_lock_camera (lock_id, camera_id) VALUES (?, ?)")) {
                for (long row : rows) {
                  s.setLong(1, lock);
                  s.setLong(2, row);
                  s.executeUpdate();
                }
              }
              LockRows.event(c, lock, now, "lock", by, why);
              return lock;
            });
    EvidenceLock made = get(id).orElseThrow();
    log.info(
        "evidence lock {} made by {}: cameras {}, {} to {}, until {}: {}",
        id,
        by,
        made.cameraIds(),
        fromMicros,
        toMicros,
        untilMicros.map(String::valueOf).orElse("released"),
        why);
    return made;
  }

  /**
   * Releases a lock, with a reason; its recordings go back to retention at its next pass.
   *
   * @throws IllegalArgumentException if there is no such lock, it was released already, or no
   *     reason is given
   */
  public synchronized EvidenceLock release(long lockId, String reason, String who) {
    String by = Operator.check(who);
    String why = checkReason(reason);
    long now = nowMicros();
    IndexTransaction.write(
        connection,
        "release evidence lock " + lockId,
        c -> {
          EvidenceLock lock =
              LockRows.read(c, "WHERE l.id = ?", List.of(lockId)).stream()
                  .findFirst()
                  .orElseThrow(
                      () -> new IllegalArgumentException("there is no evidence lock " + lockId));
          if (lock.release().isPresent()) {
            throw new IllegalArgumentException(
                "evidence lock "
                    + lockId
                    + " was released already, by "
                    + lock.release().get().by());
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE evidence_lock SET released_at_us = ?, released_by = ?,"
                      + " release_reason = ? WHERE id = ?")) {
            s.setLong(1, now);
            s.setString(2, by);
            s.setString(3, why);
            s.setLong(4, lockId);
            s.executeUpdate();
          }
          LockRows.event(c, lockId, now, "release", by, why);
          return null;
        });
    log.info("evidence lock {} released by {}: {}", lockId, by, why);
    return get(lockId).orElseThrow();
  }

  /** A lock by id. */
  public synchronized Optional<EvidenceLock> get(long lockId) {
    return query("WHERE l.id = ?", List.of(lockId)).stream().findFirst();
  }

  /** Every lock, newest first; only those active now unless {@code includeEnded}. */
  public synchronized List<EvidenceLock> list(boolean includeEnded) {
    List<EvidenceLock> all = query("", List.of());
    long now = nowMicros();
    return includeEnded ? all : all.stream().filter(l -> l.activeAt(now)).toList();
  }

  /**
   * Locks (active, expired or released) of any of the cameras that overlap [from, to), for the
   * timeline; newest first.
   */
  public synchronized List<EvidenceLock> overlapping(
      Collection<String> cameraIds, long fromMicros, long toMicros) {
    List<EvidenceLock> found = new ArrayList<>();
    for (EvidenceLock lock :
        query("WHERE l.from_us < ? AND l.to_us > ?", List.of(toMicros, fromMicros))) {
      if (lock.cameraIds().stream().anyMatch(cameraIds::contains)) {
        found.add(lock);
      }
    }
    return found;
  }

  /** The history of every lock (made, released), oldest first. */
  public synchronized List<LockEvent> history() {
    List<LockEvent> events = new ArrayList<>();
    try (PreparedStatement s =
            connection.prepareStatement(
                "SELECT id, lock_id, at_us, action, who, reason FROM evidence_lock_event"
                    + " ORDER BY id");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        events.add(
            new LockEvent(
                rs.getLong(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6)));
      }
      return events;
    } catch (SQLException e) {
      throw failed("the evidence lock history", e);
    }
  }

  /**
   * What a lock keeps now: the segments and bytes of its cameras' recordings that overlap it (a
   * segment under two locks counts for both).
   */
  public synchronized LockedSpace.Totals kept(long lockId) {
    EvidenceLock lock =
        get(lockId)
            .orElseThrow(() -> new IllegalArgumentException("there is no evidence lock " + lockId));
    LockedSpace.Totals total = new LockedSpace.Totals(0, 0, 0);
    try {
      for (String camera : lock.cameraIds()) {
        Optional<Long> stream = mainStream(camera);
        if (stream.isPresent()) {
          LockedSpace.Totals t =
              LockedSpace.overlapping(
                  connection,
                  stream.get(),
                  new LockedSpace.Interval(lock.fromMicros(), lock.toMicros()));
          total =
              new LockedSpace.Totals(
                  total.segments() + t.segments(),
                  total.bytes() + t.bytes(),
                  total.recordedMicros() + t.recordedMicros());
        }
      }
      return total;
    } catch (SQLException e) {
      throw failed("what lock " + lockId + " keeps", e);
    }
  }

  /** Bytes under every active lock, all cameras, each segment once (what retention reports). */
  public synchronized long lockedBytes() {
    try {
      return LockedSpace.lockedBytes(connection, nowMicros());
    } catch (SQLException e) {
      throw failed("the locked bytes", e);
    }
  }

  private List<EvidenceLock> query(String where, List<Long> args) {
    try {
      return LockRows.read(connection, where, args);
    } catch (SQLException e) {
      throw failed("evidence locks", e);
    }
  }

  private Optional<Long> mainStream(String cameraId) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT st.id FROM stream st JOIN camera c ON c.id = st.camera_id"
                + " WHERE c.camera_id = ? AND st.kind = 'main'")) {
      s.setString(1, cameraId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  private static String checkReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("give a reason (it is kept with the lock's history)");
    }
    if (reason.length() > 2000) {
      throw new IllegalArgumentException("a reason is at most 2000 characters");
    }
    return reason.strip();
  }

  private long nowMicros() {
    return clock.millis() * 1000;
  }

  private static IndexException failed(String what, SQLException e) {
    return new IndexException(
        "cannot read " + what + " from the index: " + IndexTransaction.reason(e), e);
  }

  @Override
  public synchronized void close() {
    index.close();
  }
}
