package io.peerwall.recorder;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.EncodedClipFile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The process {@link CrashRecoveryTest} kills: opens a recorder (running start-up recovery), then
 * records a clip in real time, printing "fed <capture µs>" after each unit it handed over, until it
 * is killed with SIGKILL.
 *
 * <p>Arguments: data directory, clip file ({@code .pwclip}), and optionally {@code motion} to
 * analyse the recorded stream for motion (motion events then run while it records).
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    EncodedClip clip = EncodedClipFile.read(Path.of(args[1]));
    PrintStream out = System.out;
    boolean motion = args.length > 2 && args[2].equals("motion");
    RecorderConfig config =
        RecorderConfig.defaults()
            .withSegmentLength(Duration.ofSeconds(1))
            .withMotionFromMainStream(motion);
    Recorder recorder = Recorder.open(dataDir, config);
    RecorderInput input = recorder.camera("cam-crash", "Crash test");
    out.println("ready");
    out.flush();
    long origin = System.currentTimeMillis() * 1000;
    long start = System.nanoTime();
    long intervalNanos = 1_000_000_000L / clip.fps();
    for (long n = 0; ; n++) {
      long due = start + n * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      AccessUnit unit = TestMedia.unit(clip, n, origin);
      input.accept(unit);
      out.println("fed " + unit.captureEpochMicros());
      out.flush();
    }
  }
}
