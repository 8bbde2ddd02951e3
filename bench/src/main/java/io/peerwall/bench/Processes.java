package io.peerwall.bench;

import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs an external tool (ffmpeg) and collects its output. */
final class Processes {

  /** What a finished process printed. */
  record Output(int exitCode, String stdout, String stderr) {}

  private Processes() {}

  static Output run(List<String> command, long timeoutSeconds) throws IOException {
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    // Its own named thread, not the common pool: a tool's stderr must never wait for a free worker.
    ExecutorService stderrReader =
        Executors.newSingleThreadExecutor(NamedThreadFactory.single("bench-tool-stderr"));
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), stderrReader);
    stderrReader.shutdown(); // ends once the stream is read
    String out = readAll(process.getInputStream());
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("timed out after " + timeoutSeconds + " s: " + command.get(0));
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
    return new Output(process.exitValue(), out, err.join());
  }

  /** Runs and fails with the tool's own error text when it exits non-zero. */
  static Output check(List<String> command, long timeoutSeconds) throws IOException {
    Output output = run(command, timeoutSeconds);
    if (output.exitCode() != 0) {
      String stderr = output.stderr().strip();
      int cut = Math.max(0, stderr.length() - 800);
      throw new IOException(
          command.get(0) + " failed (exit " + output.exitCode() + "): " + stderr.substring(cut));
    }
    return output;
  }

  private static String readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      return buffer.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
