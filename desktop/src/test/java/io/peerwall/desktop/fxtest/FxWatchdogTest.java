package io.peerwall.desktop.fxtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * The watchdog itself, on the real (headless) FX thread: what blocks it longer than 50 ms is
 * reported with where, what merely keeps it busy or blocks it briefly is not.
 */
@Timeout(60)
@FxWatchdog.Unwatched
class FxWatchdogTest {
  @TempDir Path dir;

  /** Started as TestFX starts it, so the TestFX tests after this one find it as they expect. */
  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @Test
  void aMonitorHeldByAnotherThreadIsReportedWithItsHolder() throws Exception {
    Object lock = new Object();
    CountDownLatch held = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () -> {
              synchronized (lock) {
                held.countDown();
                sleep(200); // as a save holding its monitor through an fsync
              }
            },
            "slow-saver");
    List<String> seen =
        watch(
            () -> {
              holder.start();
              await(held);
              onFx(
                  () -> {
                    synchronized (lock) {
                      lock.hashCode();
                    }
                  });
            });
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).contains("blocked on java.lang.Object").contains("slow-saver");
  }

  @Test
  void waitingOnTheFxThreadIsReported() throws Exception {
    List<String> seen = watch(() -> onFx(() -> sleep(150)));
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).contains("waiting").contains("FxWatchdogTest");
  }

  @Test
  void busyOrBrieflyBlockedIsNotReported() throws Exception {
    Path file = dir.resolve("small");
    List<String> seen =
        watch(
            () -> {
              onFx(
                  () -> {
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
                    long x = 0;
                    while (System.nanoTime() < end) {
                      x += Long.numberOfTrailingZeros(System.nanoTime());
                    }
                    assertThat(x).isNotNegative();
                  });
              for (int i = 0; i < 5; i++) {
                onFx(() -> sleep(10));
              }
              onFx(
                  () -> {
                    try {
                      Files.writeString(file, "a few bytes");
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  });
              sleep(200); // idle: the toolkit waiting for work
            });
    assertThat(seen).isEmpty();
  }

  private static List<String> watch(Runnable during) {
    FxWatchdog.Watch watch = FxWatchdog.Watch.start();
    sleep(100); // the sampler finds the FX thread
    during.run();
    return watch.stop();
  }

  /** Runs on the FX thread and waits for it to finish. */
  private static void onFx(Runnable task) {
    CountDownLatch done = new CountDownLatch(1);
    Platform.runLater(
        () -> {
          try {
            task.run();
          } finally {
            done.countDown();
          }
        });
    await(done);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
