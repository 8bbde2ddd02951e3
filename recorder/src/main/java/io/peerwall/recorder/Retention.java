package io.peerwall.recorder;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code recorder-retention} thread (docs/storage.md section 5): deletes segments past their
 * camera's maximum age, and the oldest segments of all cameras while the recordings exceed the
 * quota or the file system's usable space is under the reserve. Blocks writing ({@link DiskGuard})
 * when the space is under the reserve with nothing left to delete, and unblocks it when the space
 * is back. Keeps a small ballast file that it gives up when the disk is completely full, so that
 * the index can still record the deletions that make room.
 */
final class Retention implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);
  static final String BALLAST = ".ballast";
  static final int BALLAST_BYTES = 4 << 20;
  private static final long HEADROOM = 1 << 20;
  private static final long MB = 1 << 20;

  private final IndexWriter index;
  private final Path recordings;
  private final RecorderConfig config;
  private final DiskGuard guard;
  private final Semaphore wake = new Semaphore(0);
  private final Thread thread;
  private volatile boolean closed;
  private volatile long recordedBytes;
  private volatile long usableBytes;
  private volatile long reserveBytes;
  private volatile long segmentsDeleted;
  private volatile long lockedBytes;
  private volatile String warning = "";

  Retention(IndexWriter index, Path recordings, RecorderConfig config, DiskGuard guard) {
    this.index = index;
    this.recordings = recordings;
    this.config = config;
    this.guard = guard;
    this.thread = new Thread(this::run, "recorder-retention");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Runs a pass soon (the mux found little space or a write failed). */
  void poke() {
    wake.release();
  }

  long recordedBytes() {
    return recordedBytes;
  }

  long usableBytes() {
    return usableBytes;
  }

  long reserveBytes() {
    return reserveBytes;
  }

  long segmentsDeleted() {
    return segmentsDeleted;
  }

  /** Bytes of segments under active evidence locks at the last pass. */
  long lockedBytes() {
    return lockedBytes;
  }

  /** What the user should know about the quota and locks ("" when nothing). */
  String warning() {
    return warning;
  }

  private void run() {
    while (!closed) {
      try {
        pass();
      } catch (IOException | RuntimeException e) {
        log.warn("retention pass failed: {}", e.toString());
      } catch (InterruptedException e) {
        return;
      }
      long wait = guard.blocked() ? 1000 : config.retentionInterval().toMillis();
      try {
        wake.tryAcquire(wait, TimeUnit.MILLISECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One pass: age, quota, reserve, then the disk guard. */
  synchronized void pass() throws IOException, InterruptedException {
    FileStore store = Files.getFileStore(recordings);
    reserveBytes = config.reserveFor(store.getTotalSpace());
    usableBytes = store.getUsableSpace();
    if (guard.blocked() && usableBytes < HEADROOM) {
      giveUpBallast();
      usableBytes = store.getUsableSpace();
    }
    recordedBytes = call(rows -> scalar(rows, "SELECT coalesce(sum(total_bytes), 0) FROM stream"));
    deleteByAge();
    lockedBytes = call(rows -> LockedSpace.lockedBytes(rows.connection(), nowMicros()));
    for (int round = 0; round < 50 && !closed; round++) {
      // Locked bytes count against the quota; when they alone fill it, the quota cannot be met
      // by deleting anything and is suspended: only the reserve applies (decision 0050).
      boolean quotaSuspended = lockedBytes >= config.quotaBytes();
      long overQuota =
          !quotaSuspended && recordedBytes > config.quotaBytes()
              ? recordedBytes - config.quotaBytes()
              : 0;
      // While paused, free enough to resume (see below), not just the reserve: otherwise a
      // pause whose cause went away (a lock released) would wait for someone to free space.
      // Without a reserve nothing is deleted for space at all (decision 0022): the disk may
      // fill, and recording resumes when space comes back.
      long target =
          guard.blocked() && reserveBytes > 0
              ? reserveBytes + HEADROOM + ballastOwed() + 1
              : reserveBytes;
      long underReserve = usableBytes < target ? target - usableBytes : 0;
      long need = Math.max(overQuota, underReserve);
      log.debug(
          "retention: recorded {} locked {} quota {} usable {} reserve {} need {}",
          recordedBytes,
          lockedBytes,
          config.quotaBytes(),
          usableBytes,
          reserveBytes,
          need);
      if (need <= 0) {
        break;
      }
      List<RetentionRows.Victim> victims = oldest(need);
      if (victims.isEmpty()) {
        break;
      }
      if (delete(victims).isEmpty()) {
        break; // every one was locked meanwhile; the next pass chooses again
      }
      usableBytes = store.getUsableSpace();
      recordedBytes =
          call(rows -> scalar(rows, "SELECT coalesce(sum(total_bytes), 0) FROM stream"));
    }
    warning = quotaWarning();
    if (usableBytes < reserveBytes) {
      guard.block(
          String.format(
                  java.util.Locale.ROOT,
                  "the disk is full: %d MB usable, %d MB must stay free, and no recording is left"
                      + " to delete",
                  usableBytes / MB,
                  reserveBytes / MB)
              + (lockedBytes > 0
                  ? String.format(
                      java.util.Locale.ROOT,
                      " (%d MB are under evidence locks: release a lock or free space)",
                      lockedBytes / MB)
                  : "")
              + "; recording resumes when space is freed");
    } else if (guard.blocked() && usableBytes > reserveBytes + HEADROOM + ballastOwed()) {
      // The space the ballast gave back is the index's, for recording deletions: video resumes
      // only once there is room to put the ballast back as well, or it would just fill it again.
      guard.clear(usableBytes);
    }
    if (!guard.blocked()) {
      keepBallast();
    }
  }

  /**
   * Said when locks take a large part of the quota: from three quarters, how much is left for the
   * rolling recordings; from all of it, that the quota is suspended and the disk's reserve is the
   * only limit.
   */
  private String quotaWarning() {
    long quota = config.quotaBytes();
    if (lockedBytes <= 0 || quota == Long.MAX_VALUE) {
      return "";
    }
    if (lockedBytes >= quota) {
      return String.format(
          java.util.Locale.ROOT,
          "recordings under evidence locks (%d MB) exceed the quota (%d MB): the quota is"
              + " suspended and recording goes on until only the %d MB reserve is free; release"
              + " locks or raise the quota",
          lockedBytes / MB,
          quota / MB,
          reserveBytes / MB);
    }
    if (lockedBytes * 4 >= quota * 3) {
      return String.format(
          java.util.Locale.ROOT,
          "recordings under evidence locks take %d MB of the %d MB quota: %d MB are left for"
              + " everything else",
          lockedBytes / MB,
          quota / MB,
          (quota - lockedBytes) / MB);
    }
    return "";
  }

  private long nowMicros() {
    return config.clock().millis() * 1000;
  }

  private void deleteByAge() throws InterruptedException, IOException {
    long now = nowMicros();
    List<RetentionRows.Victim> victims =
        call(
            rows -> {
              List<RetentionRows.Victim> found = new ArrayList<>();
              String streams =
                  "SELECT st.id, c.id, c.max_age_s FROM stream st JOIN camera c"
                      + " ON c.id = st.camera_id WHERE c.max_age_s IS NOT NULL";
              List<long[]> limits = new ArrayList<>();
              try (PreparedStatement s = rows.connection().prepareStatement(streams);
                  ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                  limits.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
                }
              }
              for (long[] limit : limits) {
                found.addAll(
                    RetentionRows.oldestUnlocked(
                        rows.connection(), limit[0], limit[1], now - limit[2] * 1_000_000L, now));
              }
              return found;
            });
    if (!victims.isEmpty()) {
      delete(victims);
    }
  }

  /** The oldest unlocked closed segments of all streams, enough to free {@code need} bytes. */
  private List<RetentionRows.Victim> oldest(long need) throws InterruptedException, IOException {
    long now = nowMicros();
    return call(
        rows -> {
          List<RetentionRows.Victim> all = new ArrayList<>();
          for (long[] stream : RetentionRows.streams(rows.connection())) {
            all.addAll(
                RetentionRows.oldestUnlocked(
                    rows.connection(), stream[0], stream[1], Long.MAX_VALUE, now));
          }
          all.sort(Comparator.comparingLong(RetentionRows.Victim::startMicros));
          List<RetentionRows.Victim> chosen = new ArrayList<>();
          long freed = 0;
          for (RetentionRows.Victim v : all) {
            if (freed >= need || chosen.size() >= RetentionRows.BATCH) {
              break;
            }
            chosen.add(v);
            freed += v.bytes();
          }
          return chosen;
        });
  }

  /**
   * Rows to garbage (one transaction, locks checked again), unlink, sync directories, drop the
   * garbage rows. Returns the victims deleted.
   */
  private List<RetentionRows.Victim> delete(List<RetentionRows.Victim> victims)
      throws InterruptedException, IOException {
    long now = nowMicros();
    List<RetentionRows.Victim> moved =
        call(rows -> RetentionRows.moveToGarbage(rows.connection(), victims, now));
    if (moved.isEmpty()) {
      return moved;
    }
    java.util.Set<Path> dirs = new java.util.HashSet<>();
    for (RetentionRows.Victim v : moved) {
      Path file = recordings.resolve(v.path());
      Files.deleteIfExists(file);
      dirs.add(file.getParent());
    }
    for (Path dir : dirs) {
      SegmentSync.syncDirectory(dir);
      removeIfEmpty(dir);
      removeIfEmpty(dir.getParent());
    }
    call(
        rows -> {
          try (PreparedStatement s =
              rows.connection().prepareStatement("DELETE FROM garbage WHERE segment_id = ?")) {
            for (RetentionRows.Victim v : moved) {
              s.setLong(1, v.id());
              s.executeUpdate();
            }
          }
          return null;
        });
    segmentsDeleted += moved.size();
    log.info(
        "retention deleted {} segment(s), the oldest from {}",
        moved.size(),
        java.time.Instant.ofEpochMilli(moved.get(0).startMicros() / 1000));
    return moved;
  }

  private void removeIfEmpty(Path dir) {
    if (dir == null || dir.equals(recordings)) {
      return;
    }
    try (var entries = Files.list(dir)) {
      if (entries.findAny().isEmpty()) {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      // Not empty after all, or already gone.
    }
  }

  private void giveUpBallast() {
    try {
      if (Files.deleteIfExists(recordings.resolve(BALLAST))) {
        log.warn("the disk is completely full: gave up the {} MB ballast", BALLAST_BYTES >> 20);
      }
    } catch (IOException e) {
      log.debug("cannot delete the ballast: {}", e.toString());
    }
  }

  /**
   * Re-reads the recorded total from the index (after the index writer has committed what was
   * queued before), so that the figure is current when recording stops.
   */
  void refreshRecordedBytes() {
    try {
      recordedBytes =
          call(rows -> scalar(rows, "SELECT coalesce(sum(total_bytes), 0) FROM stream"));
    } catch (IOException | RuntimeException e) {
      log.debug("cannot read the recorded total: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The ballast's size while it is given up (or could never be made), else 0. */
  private long ballastOwed() {
    return Files.exists(recordings.resolve(BALLAST)) ? 0 : BALLAST_BYTES;
  }

  private void keepBallast() {
    Path ballast = recordings.resolve(BALLAST);
    try {
      if (!Files.exists(ballast) && usableBytes > reserveBytes + 2L * BALLAST_BYTES) {
        Files.write(ballast, new byte[BALLAST_BYTES]);
      }
    } catch (IOException e) {
      log.debug("cannot write the ballast: {}", e.toString());
    }
  }

  private <T> T call(IndexWriter.SqlFunction<T> work) throws InterruptedException, IOException {
    try {
      return index.call(work).get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("the index did not answer: " + e, e);
    }
  }

  private static long scalar(SegmentRows rows, String sql) throws SQLException {
    try (PreparedStatement s = rows.connection().prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(35));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
