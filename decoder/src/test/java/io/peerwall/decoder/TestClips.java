package io.peerwall.decoder;

/** Clips shared by the tests, encoded once per test JVM (encoding is the slow part). */
final class TestClips {

  static final SyntheticClipSpec DEMO = SyntheticClipSpec.defaults("Front Door");

  private static EncodedClip demo;
  private static long demoEncodeMillis;
  private static EncodedClip small;

  private TestClips() {}

  /** 640x360, 15 fps, 60 frames, keyframe every 15. */
  static synchronized EncodedClip demo() {
    if (demo == null) {
      long started = System.nanoTime();
      long cpuStarted = processCpuNanos();
      demo = SyntheticClipEncoder.encode(DEMO);
      demoEncodeMillis = (processCpuNanos() - cpuStarted) / 1_000_000;
      System.out.println(
          "METRIC demo clip encode ms (first demo encode in this JVM): "
              + (System.nanoTime() - started) / 1_000_000
              + " wall, "
              + demoEncodeMillis
              + " CPU");
    }
    return demo;
  }

  /**
   * CPU time this process has used (every thread: the encoder's, the JIT's), in nanoseconds. Tests
   * bound the encoder's cost by it rather than by wall time, which another build on the machine
   * stretches (4.2 s wall for a 0.2-0.7 s encode seen with five builds on two cores).
   */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU milliseconds of the first demo clip encode in this JVM (cold: natives, fonts, JIT). */
  static synchronized long demoEncodeMillis() {
    demo();
    return demoEncodeMillis;
  }

  /** 320x180, same timing as the demo clip, different camera. */
  static synchronized EncodedClip small() {
    if (small == null) {
      small = SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Yard").withSize(320, 180));
    }
    return small;
  }

  static TestPatternPainter demoPainter() {
    return new TestPatternPainter(DEMO.cameraName(), DEMO.width(), DEMO.height(), DEMO.fps());
  }
}
