package io.peerwall.decoder.mux;

import io.peerwall.decoder.AccessUnit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Child process for {@link CrashToleranceTest}: records the demo stream in real time (15 fps) into
 * one-minute segments and prints "WROTE n" after each unit is written, until it is killed.
 */
public final class CrashingWriterMain {

  private CrashingWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    List<AccessUnit> units = Recordings.stream(15 * 60);
    SegmentRecorder.Config config =
        new SegmentRecorder.Config(
            dir, "crash", Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofSeconds(1));
    SegmentRecorder recorder = new SegmentRecorder(config, info -> {});
    long start = System.nanoTime();
    for (int i = 0; i < units.size(); i++) {
      long due = start + i * 1_000_000_000L / 15;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      recorder.write(units.get(i));
      System.out.println("WROTE " + (i + 1));
      System.out.flush();
    }
    recorder.close();
  }
}
