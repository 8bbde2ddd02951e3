package io.peerwall.bench;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.EncodedClipFile;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.StreamDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Pointer;

/**
 * Native memory one open decoder holds: the process's resident size before and after opening {@code
 * count} decoders that have each decoded a GOP into a tile (so their frame pools exist), divided by
 * {@code count}; and the resident size once they are closed again.
 *
 * <p>The reading runs in a child JVM with a fixed, pre-touched heap ({@link #main}): in the
 * benchmark's own JVM the heap grows and shrinks, and committed-but-untouched heap pages are not
 * resident, so "resident minus committed heap" swung by hundreds of MB and even went negative.
 */
final class NativeMemoryProbe {

  /** Bytes per decoder, and how much of the growth closing them gave back. */
  record Result(
      long bytesPerDecoder, long residentBefore, long residentOpen, long residentClosed) {}

  private NativeMemoryProbe() {}

  /** Measures in a child JVM (see the class comment); the clip travels as a cache file. */
  static Result measure(EncodedClip clip, int count, int tileWidth, int tileHeight) {
    try {
      Path clipFile = Files.createTempFile("peerwall-probe-", ".pwclip");
      try {
        EncodedClipFile.write(clip, clipFile);
        Process child =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms96m",
                    "-Xmx96m",
                    "-XX:+AlwaysPreTouch",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    NativeMemoryProbe.class.getName(),
                    clipFile.toString(),
                    Integer.toString(count),
                    Integer.toString(tileWidth),
                    Integer.toString(tileHeight))
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!child.waitFor(120, TimeUnit.SECONDS) || child.exitValue() != 0) {
          throw new IllegalStateException("native memory probe failed: " + output.strip());
        }
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        String[] f = last.trim().split("\\s+");
        if (f.length != 4) {
          throw new IllegalStateException("native memory probe printed: " + output.strip());
        }
        return new Result(
            Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
      } finally {
        Files.deleteIfExists(clipFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("native memory probe: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while probing native memory", e);
    }
  }

  /** The child: {@code CLIP-FILE COUNT WIDTH HEIGHT}; prints the four figures on one line. */
  public static void main(String[] args) throws IOException {
    EncodedClip clip = EncodedClipFile.read(Path.of(args[0]));
    Result r =
        measureHere(
            clip, Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    System.out.println(
        r.bytesPerDecoder()
            + " "
            + r.residentBefore()
            + " "
            + r.residentOpen()
            + " "
            + r.residentClosed());
  }

  private static Result measureHere(EncodedClip clip, int count, int tileWidth, int tileHeight) {
    List<AccessUnit> gop = clip.units().subList(0, Math.min(clip.units().size(), clip.fps()));
    // Warm-up: the first decoder pages in libavcodec's code and sets up allocator arenas, memory
    // that stays resident but belongs to no decoder.
    try (StreamDecoder warmUp = new StreamDecoder(clip.codec())) {
      FrameBuffer tile = new FrameBuffer(tileWidth, tileHeight);
      for (AccessUnit unit : gop) {
        warmUp.decode(unit, tile);
      }
    }
    long before = resident();
    List<StreamDecoder> decoders = new ArrayList<>();
    List<FrameBuffer> tiles = new ArrayList<>();
    long open;
    try {
      for (int i = 0; i < count; i++) {
        StreamDecoder decoder = new StreamDecoder(clip.codec());
        decoders.add(decoder);
        FrameBuffer tile = new FrameBuffer(tileWidth, tileHeight);
        tiles.add(tile);
        for (AccessUnit unit : gop) {
          decoder.decode(unit, tile);
        }
      }
      open = resident();
    } finally {
      decoders.forEach(StreamDecoder::close);
    }
    tiles.clear();
    long closed = resident();
    // The tiles are counted too: they are the decoder's output, one per stream.
    return new Result((open - before) / count, before, open, closed);
  }

  /**
   * Resident size outside the JVM's own heaps, after a GC and malloc_trim: freed native memory that
   * the C allocator keeps for reuse would otherwise look held, and a growing Java heap would look
   * like decoder memory.
   */
  private static long resident() {
    System.gc();
    Pointer.trimMemory();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    return Pointer.physicalBytes()
        - memory.getHeapMemoryUsage().getCommitted()
        - memory.getNonHeapMemoryUsage().getCommitted();
  }
}
