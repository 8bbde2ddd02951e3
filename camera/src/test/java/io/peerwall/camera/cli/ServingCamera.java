package io.peerwall.camera.cli;

import io.peerwall.cli.ErrorPolicy;
import io.peerwall.cli.StopSignal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * {@code camera serve} run in this JVM on its own thread, with its banner captured and a stop
 * signal the test triggers: for tests that connect a real station to the served camera.
 */
final class ServingCamera {
  private final ByteArrayOutputStream banner = new ByteArrayOutputStream();
  private final CameraServeCommand serve = new CameraServeCommand();
  private final CompletableFuture<Integer> exit;

  private ServingCamera(String... args) {
    serve.out = new PrintStream(banner, true, StandardCharsets.UTF_8);
    serve.stopSignal = new StopSignal();
    ErrorPolicy errors = new ErrorPolicy();
    exit =
        CompletableFuture.supplyAsync(
            () ->
                new CommandLine(serve)
                    .setExecutionExceptionHandler(errors)
                    .setParameterExceptionHandler(errors)
                    .execute(args));
  }

  /** Starts {@code camera serve ARGS}. */
  static ServingCamera start(String... args) {
    return new ServingCamera(args);
  }

  /** The banner once it contains {@code marker} (or as it is after 90 s). */
  String awaitBanner(String marker) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!banner().contains(marker) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return banner();
  }

  String banner() {
    return banner.toString(StandardCharsets.UTF_8);
  }

  /** Asks the camera to stop (as a signal would). */
  void stop() {
    serve.stopSignal.trigger("test done");
  }

  /** The exit code once it stopped (waits up to 60 s). */
  int exitCode() throws Exception {
    return exit.get(60, TimeUnit.SECONDS);
  }
}
