package io.peerwall.recorder;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code recorder-sync} thread: makes closed segments durable, then lets the index call them
 * closed (invariant I1 of docs/storage.md): the segment writer flushes, fsyncs and closes the file,
 * the SHA-256 is computed from the file (page cache), its directory and the parents of directories
 * made for it are fsynced, and only then is the "closed" row queued. Keeps the mux thread free of
 * fsync latency.
 *
 * <p>Between those jobs it also fsyncs the segments still being written, every {@code
 * openSyncInterval}: without that, a power loss could take the whole open minute that the kernel
 * had not written back yet; with it, at most the interval (start-up recovery then cuts the row to
 * what the file holds).
 */
final class SegmentSync implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SegmentSync.class);

  private record Job(OpenSegment segment, SegmentState state) {}

  private static final Job STOP = new Job(null, null);

  private final IndexWriter index;
  private final long openSyncIntervalNanos;
  private final Set<OpenSegment> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong openSyncs = new AtomicLong();
  private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile long synced;
  private final AtomicLong submitted = new AtomicLong();
  private long nextOpenSyncNanos; // sync thread only

  SegmentSync(IndexWriter index, Duration openSyncInterval) {
    this.index = index;
    this.openSyncIntervalNanos = openSyncInterval.toNanos();
    this.thread = new Thread(this::run, "recorder-sync");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** A segment the mux started writing: synced periodically until it is submitted or forgotten. */
  void opened(OpenSegment segment) {
    open.add(segment);
  }

  /** A segment the mux discarded (no whole frame). */
  void forget(OpenSegment segment) {
    open.remove(segment);
  }

  /** How many times an open segment was fsynced while being written. */
  long openSyncs() {
    return openSyncs.get();
  }

  void submit(OpenSegment segment, SegmentState state) {
    open.remove(segment);
    submitted.incrementAndGet();
    queue.add(new Job(segment, state));
  }

  /** Whether every segment handed over so far is synced and its row queued. */
  boolean idle() {
    return synced == submitted.get();
  }

  long segmentsSynced() {
    return synced;
  }

  private void run() {
    nextOpenSyncNanos = System.nanoTime() + openSyncIntervalNanos;
    while (true) {
      Job job;
      try {
        long wait = nextOpenSyncNanos - System.nanoTime();
        job = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
      } catch (InterruptedException e) {
        return;
      }
      if (job == STOP) {
        return;
      }
      if (job != null) {
        finish(job);
      }
      if (System.nanoTime() - nextOpenSyncNanos >= 0) {
        syncOpenSegments();
        nextOpenSyncNanos = System.nanoTime() + openSyncIntervalNanos;
      }
    }
  }

  private void syncOpenSegments() {
    for (OpenSegment segment : open) {
      try {
        segment.syncWhileOpen();
        openSyncs.incrementAndGet();
      } catch (IOException e) {
        if (open.contains(segment)) {
          // The mux reports write failures itself; this only means less is durable for now.
          log.warn("cannot fsync the open segment {}: {}", segment.file, e.toString());
        } // else: closed meanwhile by the mux (discarded), nothing to sync
      }
    }
  }

  private void finish(Job job) {
    OpenSegment segment = job.segment();
    SegmentState state = job.state();
    try {
      long size = segment.finish();
      if (size != state.bytes()) {
        log.warn(
            "{}: {} bytes, {} expected; the row follows the file",
            segment.file,
            size,
            state.bytes());
      }
      byte[] sha = SegmentFiles.sha256(segment.file, size);
      state =
          new SegmentState(
              state.id(),
              state.streamId(),
              state.startMicros(),
              state.endMicros(),
              true,
              size,
              state.frames(),
              state.keyframes(),
              sha,
              state.flags());
      Set<Path> dirs = new HashSet<>();
      dirs.add(segment.file.getParent());
      for (Path created : segment.createdDirs) {
        if (created.getParent() != null) {
          dirs.add(created.getParent());
        }
      }
      for (Path dir : dirs) {
        syncDirectory(dir);
      }
    } catch (IOException e) {
      // The data may not be durable: say so in the row rather than pretend.
      log.error("cannot sync {}: {}", segment.file, e.toString());
      state =
          new SegmentState(
              state.id(),
              state.streamId(),
              state.startMicros(),
              state.endMicros(),
              true,
              state.bytes(),
              state.frames(),
              state.keyframes(),
              state.sha256(),
              state.flags() | SegmentRows.FLAG_DAMAGED);
    }
    SegmentState closed = state;
    ParameterSets params = segment.params;
    index.submit(rows -> rows.upsert(closed, params));
    synced++;
  }

  static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the data itself is synced.
      log.debug("cannot sync directory {}: {}", dir, e.toString());
    }
  }

  /** Syncs everything queued so far, then stops. */
  @Override
  public void close() {
    queue.add(STOP);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
