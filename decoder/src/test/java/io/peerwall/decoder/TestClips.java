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
      demo = SyntheticClipEncoder.encode(DEMO);
      demoEncodeMillis = (System.nanoTime() - started) / 1_000_000;
      System.out.println(
          "METRIC demo clip encode ms (first demo encode in this JVM): " + demoEncodeMillis);
    }
    return demo;
  }

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
