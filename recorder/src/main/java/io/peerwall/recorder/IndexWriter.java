package io.peerwall.recorder;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of {@code index.db} while recording: the {@code recorder-index} thread applies
 * queued operations in batches, one transaction per batch (docs/storage.md section 3). Callers on
 * other threads never wait for SQLite, except {@link #call}, which retention uses to know that rows
 * are gone before it deletes files.
 *
 * <p>A batch that fails for a reason that may pass (disk full, I/O error, busy) is kept and retried
 * every second; {@link #failure()} says why meanwhile. A batch that fails for any other reason is
 * retried one operation per transaction, and an operation that still fails is logged and dropped,
 * so one bad row cannot stop the index.
 */
final class IndexWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IndexWriter.class);
  private static final int MAX_BATCH = 500;
  private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** One index change, applied inside the batch transaction. */
  @FunctionalInterface
  interface Op {
    void apply(SegmentRows rows) throws SQLException;
  }

  private static final Op STOP = rows -> {};

  private final SegmentRows rows;
  private final Connection connection;
  private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile String failure;
  private volatile long batches;
  private volatile long ops;

  IndexWriter(SegmentRows rows) {
    this.rows = rows;
    this.connection = rows.connection();
    this.thread = new Thread(this::run, "recorder-index");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues an operation; never blocks. */
  void submit(Op op) {
    queue.add(op);
  }

  /** Runs {@code work} in the next batch; the future completes after that batch is committed. */
  <T> CompletableFuture<T> call(SqlFunction<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Object[] value = new Object[1];
    queue.add(
        new AfterCommit(
            r -> value[0] = work.apply(r),
            () -> {
              @SuppressWarnings("unchecked")
              T t = (T) value[0];
              result.complete(t);
            },
            result::completeExceptionally));
    return result;
  }

  /** Why the last batch failed, or null when the index is being written normally. */
  String failure() {
    return failure;
  }

  long batches() {
    return batches;
  }

  long operations() {
    return ops;
  }

  /** Operations waiting to be written. */
  int backlog() {
    return queue.size();
  }

  private void run() {
    List<Op> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping || !batch.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          Op first = queue.take();
          long deadline = System.nanoTime() + GATHER_NANOS;
          batch.add(first);
          // Gather a batch for up to 100 ms, unless someone waits for a commit (call()).
          boolean waited = first instanceof AfterCommit;
          while (batch.size() < MAX_BATCH && first != STOP) {
            long left = waited ? 0 : deadline - System.nanoTime();
            Op next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
              break;
            }
            batch.add(next);
            waited |= next instanceof AfterCommit;
            if (next == STOP) {
              break;
            }
          }
        }
        if (batch.remove(STOP)) {
          stopping = true;
          queue.drainTo(batch);
          batch.remove(STOP);
        }
        if (!batch.isEmpty()) {
          write(batch);
        }
        batch.clear();
      } catch (InterruptedException e) {
        // close() gave up waiting: write what can be written without blocking, then stop.
        queue.drainTo(batch);
        batch.remove(STOP);
        tryOnce(batch);
        return;
      }
    }
  }

  /** Writes a batch, retrying while the failure may pass; interrupted by close() after a time. */
  private void write(List<Op> batch) throws InterruptedException {
    List<Op> remaining = new ArrayList<>(batch);
    while (!remaining.isEmpty()) {
      try {
        applyAll(remaining);
        healthy();
        return;
      } catch (SQLException e) {
        if (mayPass(e)) {
          failing(e);
          continue;
        }
        log.warn("an index batch failed ({}); writing its operations one by one", e.getMessage());
      }
      // A failure that will not pass is somewhere in the batch: find it, keep the rest.
      Iterator<Op> it = remaining.iterator();
      while (it.hasNext()) {
        Op op = it.next();
        try {
          applyAll(List.of(op));
          it.remove();
        } catch (SQLException single) {
          if (mayPass(single)) {
            failing(single);
            break; // retry what is left
          }
          log.error("dropped an index operation that cannot be written: {}", single.getMessage());
          if (op instanceof AfterCommit after) {
            after.failed.accept(single);
          }
          it.remove();
        }
      }
    }
    healthy();
  }

  private void healthy() {
    if (failure != null) {
      log.info("the index is being written again");
    }
    failure = null;
  }

  private void failing(SQLException e) throws InterruptedException {
    if (failure == null) {
      log.warn("cannot write the index, will retry every second: {}", e.getMessage());
    }
    failure = e.getMessage();
    Thread.sleep(1000);
  }

  private void tryOnce(List<Op> batch) {
    try {
      applyAll(batch);
    } catch (SQLException e) {
      log.error(
          "{} index operations were not written at shutdown: {}", batch.size(), e.getMessage());
      for (Op op : batch) {
        if (op instanceof AfterCommit after) {
          after.failed.accept(e);
        }
      }
    }
  }

  private void applyAll(List<Op> batch) throws SQLException {
    connection.setAutoCommit(false);
    try {
      for (Op op : batch) {
        op.apply(rows);
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(e);
      throw e instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
    } finally {
      connection.setAutoCommit(true);
    }
    batches++;
    ops += batch.size();
    for (Op op : batch) {
      if (op instanceof AfterCommit after) {
        after.committed.run();
      }
    }
  }

  private void rollbackQuietly(Exception primary) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      primary.addSuppressed(e);
    }
  }

  /**
   * SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_PROTOCOL; and a
   * commit that finds no transaction, because SQLite rolled it back by itself after one of those.
   */
  static boolean mayPass(SQLException e) {
    int code = e.getErrorCode() & 0xFF;
    String message = String.valueOf(e.getMessage());
    return code == 5
        || code == 6
        || code == 10
        || code == 13
        || code == 14
        || code == 15
        || message.contains("no transaction is active")
        || message.contains("disk is full")
        || message.contains("disk I/O error");
  }

  /** Writes everything queued, then stops the thread (waits up to 10 s). */
  @Override
  public void close() {
    queue.add(STOP);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
      if (thread.isAlive()) {
        log.error("the index writer did not finish in 10 s ({}); stopping it", failure);
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(2));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Work for {@link #call}. */
  @FunctionalInterface
  interface SqlFunction<T> {
    T apply(SegmentRows rows) throws SQLException;
  }

  private record AfterCommit(
      Op op, Runnable committed, java.util.function.Consumer<Throwable> failed) implements Op {
    @Override
    public void apply(SegmentRows rows) throws SQLException {
      op.apply(rows);
    }
  }
}
