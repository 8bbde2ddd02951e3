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
 * <p>FFmpeg writes a fragmented MP4 box after box; the only bytes it writes twice are size fields
 * of the box it is writing (it writes a box, then goes back to fill in its size). So a top-level
 * box is hashed only once the file has grown past it. The signer then checks that the bytes hashed
 * are the final ones (every box that is not media data read again and compared by CRC-32C, every
 * media box's header, the finished file is the one followed) and otherwise hashes the file again
 * from the start.
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
      ByteBuffer header = ByteBuffer.allocate(16);
      ByteBuffer buffer = ByteBuffer.allocateDirect(ContentScanner.CHUNK);
      while (!stopped) {
        long at = scanner.position();
        long size = channel.size();
        long finalSize = target;
        if (finalSize >= 0 && at == finalSize) {
          return;
        }
        long end = boxEnd(channel, header, at, size);
        // A box is hashed once the writer has gone past it (it only ever patches the box it is
        // writing), or when the writer is done and the file has its final size.
        boolean done = end > 0 && (end < size || (finalSize >= 0 && size == finalSize));
        if (!done) {
          if (size < at || (finalSize >= 0 && end > finalSize)) {
            failure = "the file is not a sequence of boxes ending at its final size";
            return;
          }
          LockSupport.parkNanos(IDLE_NANOS);
          continue;
        }
        while (scanner.position() < end) {
          long from = scanner.position();
          buffer.clear().limit((int) Math.min(ContentScanner.CHUNK, end - from));
          int n = channel.read(buffer, from);
          if (n <= 0) {
            failure = "the file shrank while it was hashed";
            return;
          }
          buffer.flip();
          scanner.accept(buffer);
        }
      }
    } catch (IOException | MalformedFileException | RuntimeException e) {
      failure = e.getMessage() == null ? e.toString() : e.getMessage();
    }
  }

  /** End of the top-level box starting at {@code at}, or 0 while its header is not final. */
  private static long boxEnd(FileChannel channel, ByteBuffer header, long at, long size)
      throws IOException {
    if (size - at < 8) {
      return 0;
    }
    header.clear().limit(size - at >= 16 ? 16 : 8);
    while (header.hasRemaining()) {
      if (channel.read(header, at + header.position()) < 0) {
        return 0;
      }
    }
    long boxSize = Integer.toUnsignedLong(header.getInt(0));
    if (boxSize == 1) {
      boxSize = header.limit() == 16 ? header.getLong(8) : 0;
    }
    return boxSize < 8 ? 0 : at + boxSize; // 0: a size the writer has yet to fill in
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
