package io.peerwall.camera;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.SourceHealth;
import io.peerwall.decoder.VideoSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Test media made with the system ffmpeg, and NAL-level comparison helpers. */
final class TestStreams {
  private TestStreams() {}

  /** An H.264 MP4 (no B-frames), made once per directory. */
  static Path mp4(Path dir, int width, int height, int fps, int seconds, int gop) throws Exception {
    Path file = dir.resolve("clip-" + width + "x" + height + ".mp4");
    if (!Files.exists(file)) {
      run(
          "ffmpeg",
          "-hide_banner",
          "-loglevel",
          "error",
          "-y",
          "-f",
          "lavfi",
          "-i",
          "testsrc2=size=" + width + "x" + height + ":rate=" + fps,
          "-t",
          String.valueOf(seconds),
          "-c:v",
          "libx264",
          "-preset",
          "ultrafast",
          "-bf",
          "0",
          "-g",
          String.valueOf(gop),
          "-pix_fmt",
          "yuv420p",
          file.toString());
    }
    return file;
  }

  /** The file's packets as Annex B, straight from the container (no decoding). */
  static byte[] annexB(Path mp4) throws Exception {
    Path out = mp4.resolveSibling(mp4.getFileName() + ".h264");
    run(
        "ffmpeg",
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-i",
        mp4.toString(),
        "-c:v",
        "copy",
        "-bsf:v",
        "h264_mp4toannexb",
        "-f",
        "h264",
        out.toString());
    return Files.readAllBytes(out);
  }

  static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    p.getInputStream().transferTo(log);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + log);
    }
  }

  /** The slice NAL units (types 1 and 5) of an Annex B buffer, as comparable strings. */
  static Set<String> slices(byte[] annexB) {
    Set<String> out = new HashSet<>();
    for (byte[] nal : nals(annexB)) {
      int type = nal[0] & 0x1f;
      if (type == 1 || type == 5) {
        out.add(java.util.HexFormat.of().formatHex(nal));
      }
    }
    return out;
  }

  static List<byte[]> nals(byte[] b) {
    List<byte[]> out = new java.util.ArrayList<>();
    int i = 0;
    int start = -1;
    while (i + 3 <= b.length) {
      boolean sc3 = b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1;
      if (sc3) {
        if (start >= 0) {
          int end = i;
          while (end > start && b[end - 1] == 0) {
            end--;
          }
          out.add(java.util.Arrays.copyOfRange(b, start, end));
        }
        i += 3;
        start = i;
      } else {
        i++;
      }
    }
    if (start >= 0 && start < b.length) {
      out.add(java.util.Arrays.copyOfRange(b, start, b.length));
    }
    return out;
  }

  /** Counts how often a source is opened. */
  static final class CountingSource implements VideoSource {
    final VideoSource delegate;
    final AtomicInteger starts = new AtomicInteger();

    CountingSource(VideoSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public void start(Consumer<AccessUnit> sink) {
      starts.incrementAndGet();
      delegate.start(sink);
    }

    @Override
    public void stop() {
      delegate.stop();
    }

    @Override
    public void requestKeyframe() {
      delegate.requestKeyframe();
    }

    @Override
    public SourceHealth health() {
      return delegate.health();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
