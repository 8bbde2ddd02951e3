package io.peerwall.recorder.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes a file while another writer appends to it, on its own thread ({@code
 * recorder-export-hash}), so that signing an hour's export costs no second pass over it: the export
 * runs on one core, the hash on the other.
 *
 * <p>Only sound for a file that is written strictly by appending (a fragmented export: the exporter
 * reports {@code bytesWritten == bytes}); the signer checks that, and that the finished file is the
 * one followed (same file key), and otherwise hashes the file again from the start.
 */
final class FileFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FileFollower.class);
  private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Path file;
  private final Thread thread;
  private final ContentScanner scanner = new ContentScanner();
  private volatile long target = -1; // set by finish(): the final size to read to
  private volatile boolean stopped;
  private volatile String failure;
  private volatile Object fileKey;

  private final FileChannel early;

  /**
   * Follows {@code file}. If it exists already (the caller made it empty, and the writer opens it
   * without replacing it), it is opened here, so no write can slip past; else the thread waits for
   * it to appear.
   */
  FileFollower(Path file) {
    this.file = Objects.requireNonNull(file);
    this.early = openIfPresent();
    this.thread = new Thread(this::run, "recorder-export-hash");
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler(
        (t, e) -> log.error("Hashing {} while it was written failed", file, e));
    thread.start();
  }

  private void run() {
    try (FileChannel channel = open()) {
      if (channel == null) {
        return;
      }
      ByteBuffer buffer = ByteBuffer.allocateDirect(ContentScanner.CHUNK);
      while (!stopped) {
        long size = channel.size();
        long at = scanner.position();
        long end = target >= 0 ? Math.min(size, target) : size;
        if (size < at) {
          failure = "the file shrank while it was hashed";
          return;
        }
        if (end > at) {
          buffer.clear().limit((int) Math.min(ContentScanner.CHUNK, end - at));
          int n = channel.read(buffer, at);
          if (n > 0) {
            buffer.flip();
            scanner.accept(buffer);
          }
        } else if (target >= 0 && at >= target) {
          return;
        } else {
          LockSupport.parkNanos(IDLE_NANOS);
        }
      }
    } catch (IOException | MalformedFileException | RuntimeException e) {
      failure = e.getMessage() == null ? e.toString() : e.getMessage();
    }
  }

  private FileChannel openIfPresent() {
    try {
      FileChannel c = FileChannel.open(file, StandardOpenOption.READ);
      fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      return c;
    } catch (IOException e) {
      return null;
    }
  }

  private FileChannel open() throws IOException {
    if (early != null) {
      return early;
    }
    while (!stopped) {
      try {
        FileChannel c = FileChannel.open(file, StandardOpenOption.READ);
        fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        return c;
      } catch (NoSuchFileException e) {
        if (target >= 0) {
          // The writer finished (and renamed the file) before it was ever seen here.
          failure = "the file was finished before it could be followed";
          return null;
        }
        LockSupport.parkNanos(IDLE_NANOS);
      }
    }
    return null;
  }

  /**
   * Waits until the followed file has been hashed up to {@code size} bytes and returns the scan, or
   * null if following did not work (the caller then hashes {@code finished} from the start).
   *
   * @param finished where the followed file now is (it may have been renamed)
   */
  ContentScanner finish(Path finished, long size) throws InterruptedException {
    target = size;
    thread.join(TimeUnit.MINUTES.toMillis(10));
    stopped = true;
    if (thread.isAlive() || failure != null || scanner.position() != size) {
      log.debug("Following {} did not work ({}): hashing it again", file, failure);
      return null;
    }
    try {
      Object key = Files.readAttributes(finished, BasicFileAttributes.class).fileKey();
      if (key == null || !key.equals(fileKey)) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    return scanner;
  }

  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
