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
  private static final int BATCH = 200;
  private static final long HEADROOM = 1 << 20;

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
    for (int round = 0; round < 50 && !closed; round++) {
      long overQuota =
          recordedBytes > config.quotaBytes() ? recordedBytes - config.quotaBytes() : 0;
      long underReserve = usableBytes < reserveBytes ? reserveBytes - usableBytes : 0;
      long need = Math.max(overQuota, underReserve);
      log.debug(
          "retention: recorded {} quota {} usable {} reserve {} need {}",
          recordedBytes,
          config.quotaBytes(),
          usableBytes,
          reserveBytes,
          need);
      if (need <= 0) {
        break;
      }
      List<Victim> victims = oldest(need);
      if (victims.isEmpty()) {
        break;
      }
      delete(victims);
      usableBytes = store.getUsableSpace();
      recordedBytes =
          call(rows -> scalar(rows, "SELECT coalesce(sum(total_bytes), 0) FROM stream"));
    }
    if (usableBytes < reserveBytes) {
      guard.block(
          String.format(
              java.util.Locale.ROOT,
              "the disk is full: %d MB usable, %d MB must stay free, and no recording is left to"
                  + " delete; recording resumes when space is freed",
              usableBytes >> 20,
              reserveBytes >> 20));
    } else if (guard.blocked() && usableBytes > reserveBytes + HEADROOM + ballastOwed()) {
      // The space the ballast gave back is the index's, for recording deletions: video resumes
      // only once there is room to put the ballast back as well, or it would just fill it again.
      guard.clear(usableBytes);
    }
    if (!guard.blocked()) {
      keepBallast();
    }
  }

  private void deleteByAge() throws InterruptedException, IOException {
    long now = config.clock().millis() * 1000;
    List<Victim> victims =
        call(
            rows -> {
              List<Victim> found = new ArrayList<>();
              String streams =
                  "SELECT st.id, c.max_age_s FROM stream st JOIN camera c ON c.id = st.camera_id"
                      + " WHERE c.max_age_s IS NOT NULL";
              List<long[]> limits = new ArrayList<>();
              try (PreparedStatement s = rows.connection().prepareStatement(streams);
                  ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                  limits.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
              }
              for (long[] limit : limits) {
                found.addAll(oldestOf(rows, limit[0], now - limit[1] * 1_000_000L));
              }
              return found;
            });
    if (!victims.isEmpty()) {
      delete(victims);
    }
  }

  /** The oldest closed segments of all streams, enough to free {@code need} bytes (at most 200). */
  private List<Victim> oldest(long need) throws InterruptedException, IOException {
    return call(
        rows -> {
          List<Victim> all = new ArrayList<>();
          List<Long> streams = new ArrayList<>();
          try (PreparedStatement s = rows.connection().prepareStatement("SELECT id FROM stream");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              streams.add(rs.getLong(1));
            }
          }
          for (long stream : streams) {
            all.addAll(oldestOf(rows, stream, Long.MAX_VALUE));
          }
          all.sort(Comparator.comparingLong(Victim::startMicros));
          List<Victim> chosen = new ArrayList<>();
          long freed = 0;
          for (Victim v : all) {
            if (freed >= need || chosen.size() >= BATCH) {
              break;
            }
            chosen.add(v);
            freed += v.bytes();
          }
          return chosen;
        });
  }

  private static List<Victim> oldestOf(SegmentRows rows, long stream, long endBefore)
      throws SQLException {
    String sql =
        "SELECT s.id, s.start_us, s.bytes, st.dir FROM segment s JOIN stream st"
            + " ON st.id = s.stream_id WHERE s.stream_id = ? AND s.state = 1 AND s.end_us < ?"
            + " ORDER BY s.start_us LIMIT "
            + BATCH;
    List<Victim> found = new ArrayList<>();
    try (PreparedStatement s = rows.connection().prepareStatement(sql)) {
      s.setLong(1, stream);
      s.setLong(2, endBefore);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String path =
              rs.getString(4) + "/" + SegmentPaths.relativeFile(rs.getLong(2), rs.getLong(1));
          found.add(new Victim(rs.getLong(1), stream, rs.getLong(2), rs.getLong(3), path));
        }
      }
    }
    return found;
  }

  /** Rows to garbage (one transaction), unlink, sync directories, drop the garbage rows. */
  private void delete(List<Victim> victims) throws InterruptedException, IOException {
    call(
        rows -> {
          try (PreparedStatement toGarbage =
                  rows.connection()
                      .prepareStatement(
                          "INSERT OR REPLACE INTO garbage (segment_id, path) VALUES (?, ?)");
              PreparedStatement remove =
                  rows.connection().prepareStatement("DELETE FROM segment WHERE id = ?")) {
            for (Victim v : victims) {
              toGarbage.setLong(1, v.id());
              toGarbage.setString(2, v.path());
              toGarbage.executeUpdate();
              remove.setLong(1, v.id());
              remove.executeUpdate();
            }
          }
          victims.stream().mapToLong(Victim::streamId).distinct().forEach(s -> trimOld(rows, s));
          return null;
        });
    java.util.Set<Path> dirs = new java.util.HashSet<>();
    for (Victim v : victims) {
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
            for (Victim v : victims) {
              s.setLong(1, v.id());
              s.executeUpdate();
            }
          }
          return null;
        });
    segmentsDeleted += victims.size();
    log.info(
        "retention deleted {} segment(s), the oldest from {}",
        victims.size(),
        java.time.Instant.ofEpochMilli(victims.get(0).startMicros() / 1000));
  }

  /** Gaps and motion events older than the stream's oldest segment go with it. */
  private static void trimOld(SegmentRows rows, long stream) {
    try (PreparedStatement gaps =
            rows.connection()
                .prepareStatement(
                    "DELETE FROM gap WHERE stream_id = ?1 AND end_us < (SELECT coalesce(min(start_us),"
                        + " 0) FROM segment WHERE stream_id = ?1)");
        PreparedStatement events =
            rows.connection()
                .prepareStatement(
                    "DELETE FROM motion_event WHERE camera_id = (SELECT camera_id FROM stream WHERE"
                        + " id = ?1) AND end_us < (SELECT coalesce(min(start_us), 0) FROM segment"
                        + " WHERE stream_id = ?1)")) {
      gaps.setLong(1, stream);
      gaps.executeUpdate();
      events.setLong(1, stream);
      events.executeUpdate();
    } catch (SQLException e) {
      log.debug("cannot trim old gaps and events of stream {}: {}", stream, e.getMessage());
    }
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

  /** A segment chosen for deletion. */
  record Victim(long id, long streamId, long startMicros, long bytes, String path) {}
}
