package io.peerwall.decoder.mux;

import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avformat.avio_flush;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The muxer's output when a {@link ByteTap} watches it: an FFmpeg I/O context that is not seekable,
 * so the muxer writes the file strictly in order, each byte once (a fragmented MP4 needs no
 * seeking), and the file's bytes are exactly the bytes the tap saw.
 *
 * <p>The exporting thread only copies each chunk into one of a few pooled buffers (together 2 MiB,
 * so they stay in the processor's cache) and goes on muxing; a thread of its own ({@code
 * export-write}) shows each chunk to the tap and writes it to the file, in order. So the tap's work
 * (hashing, for a signed export) and the copying into the page cache run on a second core. If the
 * writer falls behind, the exporter waits for a free buffer; a failure of the tap or the file is
 * reported to the muxer at its next write and by {@link #drain}.
 */
final class TappedOutput implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TappedOutput.class);

  /** The I/O buffer and each pooled chunk: fewer, larger calls than FFmpeg's 32 KiB default. */
  static final int BUFFER_BYTES = 256 << 10;

  private static final int CHUNKS = 8;
  private static final long DRAIN_LIMIT_MINUTES = 10;

  // AVERROR(EIO): what a failed write reports to the muxer; the cause is kept in failure.
  private static final int AVERROR_EIO = -5;

  private final Path file;
  private final FileChannel channel;
  private final ByteTap tap;
  private final Writer writer = new Writer();
  private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(CHUNKS);
  private final BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(CHUNKS + 1);
  private final Thread thread;
  private AVIOContext context;
  private volatile IOException failure;
  private boolean ended;

  // Marks the end of the file in the queue of full chunks.
  private static final ByteBuffer END = ByteBuffer.allocate(0);

  TappedOutput(Path file, ByteTap tap) throws IOException {
    this.file = file;
    this.tap = tap;
    this.channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    Pointer buffer = av_malloc(BUFFER_BYTES);
    if (buffer == null || buffer.isNull()) {
      channel.close();
      throw new IOException("out of memory for the output buffer of " + file);
    }
    context =
        avio_alloc_context(
            new BytePointer(buffer),
            BUFFER_BYTES,
            1,
            null,
            (Read_packet_Pointer_BytePointer_int) null,
            writer,
            (Seek_Pointer_long_int) null);
    if (context == null || context.isNull()) {
      av_free(buffer);
      channel.close();
      writer.close();
      throw new IOException("cannot create an output context for " + file);
    }
    for (int i = 0; i < CHUNKS; i++) {
      free.add(ByteBuffer.allocateDirect(BUFFER_BYTES));
    }
    thread = new Thread(this::writeChunks, "export-write");
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler((t, e) -> log.error("Writing {} failed", file, e));
    thread.start();
  }

  AVIOContext context() {
    return context;
  }

  /** Why writing failed (the tap's or the file's error), or null. */
  IOException failure() {
    return failure;
  }

  /** On {@code export-write}: each chunk to the tap, then to the file, in order. */
  private void writeChunks() {
    try {
      while (true) {
        ByteBuffer chunk = full.take();
        if (chunk == END) {
          return;
        }
        try {
          if (failure == null) {
            tap.written(chunk.duplicate());
            while (chunk.hasRemaining()) {
              channel.write(chunk);
            }
          }
        } catch (IOException e) {
          failure = e;
        } catch (RuntimeException e) {
          failure = new IOException("writing " + file + " failed: " + e, e);
        } finally {
          free.add(chunk.clear());
        }
      }
    } catch (InterruptedException e) {
      failure = new InterruptedIOException("interrupted while " + file + " was written");
    }
  }

  /**
   * Waits until every chunk handed over has been shown to the tap and written.
   *
   * @throws IOException the tap's or the file's failure, if any
   */
  void drain() throws IOException {
    avio_flush(context);
    end();
    try {
      thread.join(TimeUnit.MINUTES.toMillis(DRAIN_LIMIT_MINUTES));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while " + file + " was written");
    }
    if (failure != null) {
      throw failure;
    }
    if (thread.isAlive()) {
      throw new IOException(
          file + " was not written within " + DRAIN_LIMIT_MINUTES + " minutes (a stalled disk?)");
    }
  }

  private void end() {
    if (!ended) {
      ended = true;
      full.add(END); // room for it: at most CHUNKS chunks exist
    }
  }

  /** Ends the writer (without waiting for a stalled disk), closes the file, frees the context. */
  @Override
  public void close() {
    end();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
    if (context != null) {
      // The buffer may have been replaced by FFmpeg: free the one the context holds now.
      av_free(context.buffer());
      avio_context_free(context);
      context = null;
    }
    try {
      channel.close();
    } catch (IOException e) {
      log.warn("Closing {} failed: {}", file, e.getMessage());
    }
    writer.close();
  }

  /** Called by FFmpeg, on the exporting thread, with each chunk of the file in order. */
  private final class Writer extends Write_packet_Pointer_BytePointer_int {
    @Override
    public int call(Pointer opaque, BytePointer bytes, int size) {
      try {
        int at = 0;
        while (at < size) {
          if (failure != null || ended) {
            return AVERROR_EIO;
          }
          ByteBuffer chunk = free.poll(100, TimeUnit.MILLISECONDS);
          if (chunk == null) {
            if (!thread.isAlive()) {
              failure = new IOException("the writer of " + file + " stopped");
            }
            continue;
          }
          int n = Math.min(size - at, chunk.capacity());
          chunk.put(bytes.position(at).limit(at + n).asByteBuffer()).flip();
          full.add(chunk);
          at += n;
        }
        return size;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new InterruptedIOException("interrupted while " + file + " was written");
        return AVERROR_EIO;
      } catch (RuntimeException e) {
        // Nothing may be thrown back into FFmpeg: the export fails with this as its cause.
        failure = new IOException("writing " + file + " failed: " + e, e);
        return AVERROR_EIO;
      }
    }
  }
}
